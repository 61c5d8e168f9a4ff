import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { unstorableTextReason, type CustomerRef } from '../../shared/index.js';
import { InputError } from '../domain.js';
import type { IdentifierKind } from '../storage/schema.js';

/*
 * Identity v1 normalization: two spellings of the same identifier must become one key
 * (`email:ann@x.com`, `phone:+14155550142`, `loyalty:LC-123`, `external:shopify:7060`).
 */

export interface Identifier {
  kind: IdentifierKind;
  value: string;
  /** `${kind}:${value}`: the identity key, also the merge's bridging identifier. */
  key: string;
}

const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Trimmed and lower-cased, or null when it is not an email address. */
export function normalizeEmail(raw: string): string | null {
  const v = raw.trim().toLowerCase();
  return EMAIL_RE.test(v) ? v : null;
}

/*
 * Parsing a phone number costs tens of microseconds and the same customer's number recurs on
 * every event, in several spellings, so results are memoized by the number's digits: a raw value
 * made only of digits, spaces, `.-()` and a leading `+` parses exactly as its digits do (with the
 * `+` kept; property-tested in normalize.test.ts), so `(415) 555-0142`, `415.555.0142` and
 * `4155550142` share one entry. Bounded: two generations, the older one dropped when the newer fills
 * (a number in use is copied forward), so a working set up to PHONE_CACHE_MAX numbers stays cached.
 */
const PHONE_CACHE_MAX = 50_000;
let phoneCache = new Map<string, string | null>();
let phoneCacheOld = new Map<string, string | null>();
const PLAIN_PHONE_RE = /^\s*\+?[\d .()-]+$/;
const NON_DIGIT_RE = /\D/g;

/** The spelling-independent form of a plainly punctuated number (`+` kept), or null when it is anything else. */
export function phoneDigitsKey(raw: string): string | null {
  if (raw.length > 64 || !PLAIN_PHONE_RE.test(raw)) return null;
  const t = raw.trim();
  const digits = t.replace(NON_DIGIT_RE, '');
  return digits === '' ? null : t.startsWith('+') ? `+${digits}` : digits;
}

/** E.164 (`+14155550142`), or null when libphonenumber-js says it is not a valid number. */
export function normalizePhone(raw: string, defaultRegion: string): string | null {
  const digits = phoneDigitsKey(raw);
  const input = digits ?? raw.trim();
  const cacheKey = `${defaultRegion}\u0000${digits === null ? 'r' : 'd'}${input}`;
  let out = phoneCache.get(cacheKey);
  if (out !== undefined) return out;
  out = phoneCacheOld.get(cacheKey);
  if (out === undefined) {
    const parsed = parsePhoneNumberFromString(input, defaultRegion as CountryCode);
    out = parsed?.isValid() ? parsed.number : null;
  }
  if (phoneCache.size >= PHONE_CACHE_MAX) {
    phoneCacheOld = phoneCache;
    phoneCache = new Map();
  }
  phoneCache.set(cacheKey, out);
  return out;
}

/** Trimmed and upper-cased; null when empty. */
export function normalizeLoyaltyId(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  return v === '' ? null : v;
}

/** `system:id` with the system lower-cased; null when either part is empty. */
export function normalizeExternalId(system: string, id: string): string | null {
  const s = system.trim().toLowerCase();
  const i = id.trim();
  return s === '' || i === '' ? null : `${s}:${i}`;
}

export function assertRegion(region: string): string {
  const r = region.trim().toUpperCase();
  if (!isSupportedCountry(r)) throw new Error(`unknown default phone region "${region}" (expected an ISO 3166 code such as US or GB)`);
  return r;
}

/**
 * All identifiers of one event's `customer`. Throws InputError naming `${path}.email` etc.
 * `path` is the caller's prefix for this customer object, e.g. `events[3].customer`; a function is
 * called only to report an error (ingest builds no path strings for valid events).
 * Empty strings count as absent; an event left with no identifier is rejected.
 */
export function identifiersOf(ref: CustomerRef, defaultRegion: string, path: string | (() => string)): Identifier[] {
  const at = () => (typeof path === 'string' ? path : path());
  const out: Identifier[] = [];
  if (ref.email !== undefined && ref.email.trim() !== '') {
    const v = normalizeEmail(ref.email);
    if (!v) throw new InputError(`${at()}.email`, `"${clip(ref.email)}" is not an email address`);
    addIdentifier(out, 'email', v);
  }
  if (ref.phone !== undefined && ref.phone.trim() !== '') {
    const v = normalizePhone(ref.phone, defaultRegion);
    if (!v) throw new InputError(`${at()}.phone`, `"${clip(ref.phone)}" is not a valid phone number (default region ${defaultRegion})`);
    addIdentifier(out, 'phone', v);
  }
  if (ref.loyaltyId !== undefined && ref.loyaltyId.trim() !== '') {
    addIdentifier(out, 'loyalty', normalizeLoyaltyId(ref.loyaltyId)!);
  }
  if (ref.externalIds) {
    for (const [system, id] of Object.entries(ref.externalIds)) {
      const v = normalizeExternalId(system, id);
      if (!v) throw new InputError(`${at()}.externalIds.${system}`, 'external id system and id must not be blank');
      addIdentifier(out, 'external', v);
    }
  }
  if (out.length === 0) throw new InputError(at(), 'at least one identifier is required: email, phone, loyaltyId or externalIds');
  return out;
}

function addIdentifier(out: Identifier[], kind: IdentifierKind, value: string): void {
  const key = `${kind}:${value}`;
  for (const i of out) if (i.key === key) return;
  out.push({ kind, value, key });
}

/** How order numbers are stored in event_refs (and matched): no leading '#', trimmed, upper-case. */
export function normalizeOrderRef(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v).trim().replace(/^#+/, '').trim().toUpperCase();
  // A ref text columns cannot hold exactly (NUL, lone surrogate) is not searchable; `data` keeps it.
  return s === '' || s.length > 128 || unstorableTextReason(s) !== null ? null : s;
}

/** Phone digits reversed: "ends with 5550142" becomes the index range "starts with 2410555". */
export function reversedDigits(s: string): string {
  return s.replace(/\D/g, '').split('').reverse().join('');
}

/** Code points reversed (surrogate pairs kept whole). */
export function reversed(s: string): string {
  return Array.from(s).reverse().join('');
}

/** identifiers.rev: what suffix searches range over, per kind. */
export function suffixKey(kind: IdentifierKind, value: string): string | null {
  if (kind === 'phone') return reversedDigits(value);
  // Loyalty too: "100042" finds "LOY-100042" (customer search).
  if (kind === 'external' || kind === 'loyalty') return reversed(value);
  return null;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
