import { isAcceptedDate, jsonDepth, storableCopy, unstorableTextReason, type CustomerRef } from '../../shared/index.js';
import { normalizeEmail, normalizePhone } from '../identity/normalize.js';
import { ConnectorError } from './types.js';

/*
 * Small helpers every driver uses to turn loosely typed payloads into the normalized event:
 * identifiers that would not normalize are dropped (a typo'd phone must not sink a whole order).
 */

export type Json = Record<string, unknown>;

export function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
/** Money / quantities sent as strings ("31.99") or numbers. */
export function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
export function currency(v: unknown): string | undefined {
  const s = str(v)?.toUpperCase();
  return s && /^[A-Z]{3}$/.test(s) ? s : undefined;
}
/**
 * Any parseable date inside the hub's accepted window (shared/time.ts) to an ISO string with offset;
 * undefined otherwise, like a missing date (callers fall back to the delivery time).
 */
export function isoDate(v: unknown): string | undefined {
  let d: Date | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) d = new Date(v > 1e11 ? v : v * 1000);
  else {
    const s = str(v);
    if (s) d = new Date(Date.parse(s));
  }
  return d && isAcceptedDate(d) ? d.toISOString() : undefined;
}
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export interface RefInput {
  email?: unknown;
  phone?: unknown;
  loyaltyId?: unknown;
  name?: unknown;
  externalIds?: Record<string, unknown>;
}

/** A CustomerRef with only identifiers that normalize; null when none is left. */
export function cleanRef(input: RefInput, region: string): CustomerRef | null {
  const email = str(input.email);
  const phone = str(input.phone);
  const loyaltyId = str(input.loyaltyId);
  const name = str(input.name);
  const ref: { email?: string; phone?: string; loyaltyId?: string; name?: string; externalIds?: Record<string, string> } = {};
  // Identifiers text columns cannot hold exactly (NUL, lone surrogates) do not normalize either.
  if (email && storableId(email) && normalizeEmail(email) && email.length <= 320) ref.email = email;
  if (phone && storableId(phone) && phone.length <= 64 && normalizePhone(phone, region)) ref.phone = phone;
  if (loyaltyId && storableId(loyaltyId) && loyaltyId.length <= 128) ref.loyaltyId = loyaltyId;
  const ext: Record<string, string> = {};
  for (const [system, id] of Object.entries(input.externalIds ?? {})) {
    const v = str(id);
    if (v && storableId(v) && storableId(system) && system.length <= 64 && v.length <= 256) ext[system] = v;
  }
  if (Object.keys(ext).length > 0) ref.externalIds = ext;
  if (!ref.email && !ref.phone && !ref.loyaltyId && !ref.externalIds) return null;
  // A name is display text: unstorable characters become U+FFFD rather than sink the delivery.
  if (name) ref.name = storableCopy(name.slice(0, 256));
  return ref as CustomerRef;
}

/** Like cleanRef, but a delivery without any usable identifier is a 400 naming what was looked at. */
export function requireRef(input: RefInput, region: string, looked: string): CustomerRef {
  const ref = cleanRef(input, region);
  if (!ref) throw new ConnectorError('invalid_request', `no usable customer identifier (looked at ${looked})`, [{ path: 'customer', message: `no valid email, phone, loyalty id or external id in ${looked}` }]);
  return ref;
}

/** Deepest JSON nesting a connector body may have (real webhooks use a handful of levels). */
export const MAX_BODY_DEPTH = 64;

/**
 * The body as JSON. Nesting is limited up front: mapping code (and what it stores) may walk a
 * value recursively, and a body nested thousands of levels deep would overflow the stack (a 500).
 */
export function parseJson(body: Buffer): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ConnectorError('invalid_request', 'request body is not valid JSON');
  }
  if (jsonDepth(value, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw new ConnectorError('invalid_request', `request body nests deeper than ${MAX_BODY_DEPTH} levels`);
  return value;
}

/** Joins name parts, skipping empties. */
export function fullName(...parts: unknown[]): string | undefined {
  const s = parts.map(str).filter(Boolean).join(' ');
  return s === '' ? undefined : s;
}

function storableId(s: string): boolean {
  return unstorableTextReason(s) === null;
}

/**
 * Truncates summaries to the contract's limit. A summary is display text built from free text whose
 * exact copy stays in `data`: NUL and lone surrogates (text columns cannot hold them) become U+FFFD.
 */
export function clip(s: string, max = 300): string {
  return storableCopy(s.length > max ? `${s.slice(0, max - 1)}…` : s);
}
