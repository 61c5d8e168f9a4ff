import type { CustomerLookupResponse, CustomerSummary } from '../../../../shared/index.js';

/*
 * Exactness judged in the console, only for hubs without `GET /customers/lookup`: a search hit is exact
 * when one of its (unmasked) identifiers IS the query: loyalty with or without its prefix, phone digits
 * (any format, national or with country code), email in any case.
 */

const digits = (s: string) => s.replace(/\D/g, '');
const loyaltyCore = (s: string) => s.trim().toUpperCase().replace(/^[A-Z]+[-\s]?/, '');

export function isExactIdentifier(q: string, c: CustomerSummary): boolean {
  const t = q.trim();
  if (!t) return false;
  if (t.includes('@')) return c.emails.some((e) => e.toLowerCase() === t.toLowerCase());
  const core = loyaltyCore(t);
  if (c.loyaltyIds.some((l) => l.toUpperCase() === t.toUpperCase() || loyaltyCore(l) === core)) return true;
  const d = digits(t);
  if (d.length >= 7 && c.phones.some((p) => digits(p) === d || digits(p).endsWith(d) || d.endsWith(digits(p)))) return true;
  return c.externalIds.some((x) => x.id === t);
}

export function exactByIdentifier(q: string, hits: readonly CustomerSummary[]): CustomerLookupResponse {
  const exact = hits.filter((c) => isExactIdentifier(q, c));
  return { exact, others: hits.filter((c) => !exact.includes(c)) };
}
