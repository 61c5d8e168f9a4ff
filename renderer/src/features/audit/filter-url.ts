import type { AuditFilter } from './api.js';

/** The audit screen's filter from its URL search (`/admin/audit?actor=…&customerId=…&action=…`): a link opens the same view. */
export function filterOfSearch(search: Record<string, unknown>): AuditFilter {
  const pick = (k: string) => (typeof search[k] === 'string' && search[k] ? { [k]: search[k] } : {});
  return { ...pick('actor'), ...pick('customerId'), ...pick('action') } as AuditFilter;
}

/** The URL for a filter. */
export function auditHref(f: AuditFilter): string {
  const qs = new URLSearchParams();
  if (f.actor) qs.set('actor', f.actor);
  if (f.customerId) qs.set('customerId', f.customerId);
  if (f.action) qs.set('action', f.action);
  const s = qs.toString();
  return s ? `/admin/audit?${s}` : '/admin/audit';
}
