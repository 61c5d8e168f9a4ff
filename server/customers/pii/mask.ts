import {
  can,
  MASK,
  maskEmail,
  maskOpaque,
  maskPhone,
  maskText,
  type Actor,
  type AuditEntry,
  type CustomerProfile,
  type CustomerSummary,
  type MergeRecord,
  type TimelineItem,
} from '../../../shared/index.js';

/*
 * The masking rules of shared/pii.ts applied to what the hub answers: summaries (search, live updates),
 * profiles, timeline items. Pure functions: whether to mask is decided by pii-access.ts.
 */

/** `data` keys of an email item left out while masked: the message itself. */
const EMAIL_BODY_KEYS = ['text', 'html', 'attachments', 'body', 'snippet'];
/** Left out of any item: recordings and birth dates identify a person as surely as a phone number. */
const ALWAYS_HIDDEN_KEYS = /^(recordingUrl|recording|birthDate|birthday|dateOfBirth|dob)$/i;
/** Street-level parts of an address: left out; city, region and country stay (they help the counter, they do not locate). */
const STREET_KEYS = /^(address[12]?|street\d?|line[12]|address_?line_?[12]|zip|postcode|postal_?code|house_?number|apartment|suite)$/i;
const ADDRESS_KEYS = /address(es)?$/i;
/** Keys whose string value is a phone number (not `orderNumber`: that one the counter needs). */
const PHONE_KEYS = /phone|mobile|^(from|to|caller|called|callee|msisdn|cc|bcc|replyTo|reply_to)$/i;

export function maskSummary<S extends CustomerSummary>(s: S): S {
  return {
    ...s,
    displayName: maskText(s.displayName),
    emails: s.emails.map(maskEmail),
    phones: s.phones.map(maskPhone),
    loyaltyIds: s.loyaltyIds.map(maskOpaque),
    externalIds: s.externalIds.map((e) => ({ system: e.system, id: maskOpaque(e.id) })),
  };
}

export function maskProfile(p: CustomerProfile): CustomerProfile {
  const masked: CustomerProfile = { ...maskSummary(p), merges: p.merges.map(maskMerge) };
  // Consent sources quote their event in words ("Text message STOP from …"): free text.
  if (p.consents) masked.consents = p.consents.map((c) => (c.source ? { ...c, source: { ...c.source, description: maskText(c.source.description) } } : c));
  return masked;
}

function maskMerge(m: MergeRecord): MergeRecord {
  return { ...m, reason: maskText(m.reason), bridgingIdentifier: m.bridgingIdentifier === null ? null : maskText(maskBridging(m.bridgingIdentifier)) };
}

/** `email:ann@x.com` / `phone:+1555…` / `loyalty:LC-1234` as merges record them. */
function maskBridging(v: string): string {
  const colon = v.indexOf(':');
  if (colon < 0) return maskText(v);
  const kind = v.slice(0, colon);
  const value = v.slice(colon + 1);
  const masked = kind === 'email' ? maskEmail(value) : kind === 'phone' ? maskPhone(value) : kind === 'loyalty' || kind === 'external' ? maskOpaque(value) : maskText(value);
  return `${kind}:${masked}`;
}

/** The merge log of a customer (`GET /api/v1/customers/:id/audit`, customer.read): reasons are free text, masked for callers without customer.pii.read. */
export function mergeAuditFor(actor: Actor, entries: AuditEntry[]): AuditEntry[] {
  return can(actor, 'customer.pii.read') ? entries : entries.map((e) => ({ ...e, reason: e.reason === null ? null : maskText(e.reason) }));
}

/** A timeline item as a masked caller sees it: `pii.hidden` names the `data` keys left out. */
export function maskItem(item: TimelineItem): TimelineItem {
  const hidden: string[] = [];
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item.data)) {
    if (ALWAYS_HIDDEN_KEYS.test(key) || (item.channel === 'email' && EMAIL_BODY_KEYS.includes(key))) {
      hidden.push(key);
      continue;
    }
    data[key] = maskValue(key, value, 0);
  }
  return { ...item, summary: item.summary === null ? null : maskText(item.summary), data, pii: { masked: true, hidden } };
}

function maskValue(key: string, value: unknown, depth: number): unknown {
  if (depth > 12) return null; // stored data is depth-limited at ingest; this only guards the walk
  if (typeof value === 'string' && (STREET_KEYS.test(key) || ADDRESS_KEYS.test(key))) return MASK;
  if (typeof value === 'string') return PHONE_KEYS.test(key) && /\d{4}/.test(value.replace(/\D/g, '')) && !value.includes('@') ? maskPhone(value) : maskText(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(key, v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const isAddress = ADDRESS_KEYS.test(key);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (ALWAYS_HIDDEN_KEYS.test(k) || (isAddress && STREET_KEYS.test(k))) continue;
      out[k] = maskValue(k, v, depth + 1);
    }
    return out;
  }
  return value;
}
