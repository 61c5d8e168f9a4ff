import type { CustomerSummary } from '../../../../../shared/index.js';

/*
 * Does the typed text name one of a customer's identifiers exactly? A scanned loyalty card, a
 * pasted email or a phone read out at the counter must open that customer, not whoever was most
 * recently active among the prefix matches. Pure, so it is tested without a DOM.
 */

export type ExactKind = 'email' | 'phone' | 'loyalty' | 'external';

const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;

/** The kind of identifier of `c` that `query` names exactly, or null. */
export function exactIdentifier(query: string, c: CustomerSummary): ExactKind | null {
  const q = query.trim();
  if (q === '') return null;
  const lower = q.toLowerCase();
  if (c.emails.some((e) => e.toLowerCase() === lower)) return 'email';
  if (PHONE_LIKE.test(q) && c.phones.some((p) => samePhone(q, p))) return 'phone';
  if (c.loyaltyIds.some((l) => sameLoyalty(q, l))) return 'loyalty';
  if (c.externalIds.some((x) => sameExternal(q, x.system, x.id))) return 'external';
  return null;
}

/**
 * The one customer among `results` whose email the query is, whole (any case), or null. Email identifiers belong to
 * one customer each, so Enter on a typed email may open them from an earlier answer (for a prefix of the text).
 */
export function ownerOfEmail(query: string, results: readonly CustomerSummary[]): string | null {
  const q = query.trim();
  if (!q.includes('@')) return null;
  const owners = results.filter((c) => exactIdentifier(q, c) === 'email');
  return owners.length === 1 ? owners[0]!.id : null;
}

/** Customers the query names exactly come first; everything else keeps the hub's order. */
export function rankExactFirst(query: string, results: readonly CustomerSummary[]): CustomerSummary[] {
  const exact: CustomerSummary[] = [];
  const rest: CustomerSummary[] = [];
  for (const c of results) (exactIdentifier(query, c) ? exact : rest).push(c);
  return exact.length === 0 ? [...results] : [...exact, ...rest];
}

/**
 * `typed` in any format against a stored E.164 number. With a leading `+` every digit must agree;
 * without one, national digits (trunk 0s dropped) may omit a country code of 1-3 digits.
 */
function samePhone(typed: string, e164: string): boolean {
  const stored = e164.replace(/\D/g, '');
  const digits = typed.replace(/\D/g, '');
  if (digits.length < 7) return false;
  if (typed.trim().startsWith('+')) return digits === stored;
  const national = digits.replace(/^0+/, '');
  if (national === stored) return true;
  const countryCodeLength = stored.length - national.length;
  return national.length >= 7 && countryCodeLength >= 1 && countryCodeLength <= 3 && stored.endsWith(national);
}

/** `LOY-100042`, `loy100042` and `100042` all name card LOY-100042: case, separators and a letter prefix are optional. */
function sameLoyalty(typed: string, stored: string): boolean {
  const t = compact(typed);
  const s = compact(stored);
  if (t === '' || s === '') return false;
  if (t === s) return true;
  return s.endsWith(t) && /^[A-Z]+$/.test(s.slice(0, s.length - t.length)) && /^\d/.test(t);
}

/** `shopify:7060` (system case-insensitive) or just the id `7060`. */
function sameExternal(typed: string, system: string, id: string): boolean {
  const at = typed.indexOf(':');
  if (at === -1) return typed === id;
  return typed.slice(0, at).trim().toLowerCase() === system.toLowerCase() && typed.slice(at + 1).trim() === id;
}

function compact(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
