import { identifierScopes, type IdentifierScopes } from '../../../shared/index.js';
import { RANK_NAME } from '../display-name.js';
import type { Db } from '../../storage/schema.js';
import { normalizeRecord, splitFullName, type MatchRecord, type RecordInput } from './record.js';

/*
 * Small profile-attribute extraction: what the matcher can know about each active customer.
 * Names come from the display name when it is a real name; emails/phones/loyalty ids from identifiers;
 * date of birth and postal address from event data when a source sends them (dateOfBirth, address, postcode…).
 */

const DOB_KEYS = ['dateOfBirth', 'dob', 'birthDate', 'birthday'];
/** LIKE patterns that find events carrying a birth date (both dialects: PostgreSQL's LIKE is case-sensitive). */
export const DOB_DATA_PATTERNS = ['%birth%', '%Birth%', '%dob%'];
export const PROFILE_DATA_PATTERNS = [...DOB_DATA_PATTERNS, '%ddress%', '%ostcode%', '%ostalCode%', '%zip%', '%Zip%'];
const POSTCODE_KEYS = ['postcode', 'postalCode', 'zip', 'zipCode'];
const ADDRESS_KEYS = ['address', 'shippingAddress', 'billingAddress'];

export async function loadMatchRecords(db: Db, scopes: IdentifierScopes = identifierScopes()): Promise<MatchRecord[]> {
  const customers = await db.selectFrom('customers').select(['id', 'display_name', 'name_rank']).where('merged_into', 'is', null).execute();
  const inputs = new Map<string, RecordInput>();
  for (const c of customers) {
    const names = c.name_rank >= RANK_NAME ? splitFullName(c.display_name) : { givenName: '', surname: '' };
    inputs.set(c.id, { id: c.id, ...names, emails: [], phones: [], sharedIds: [] });
  }
  const idents = await db.selectFrom('identifiers').select(['customer_id', 'kind', 'value']).execute();
  for (const i of idents) {
    const r = inputs.get(i.customer_id);
    if (!r) continue;
    if (i.kind === 'email') r.emails!.push(i.value);
    else if (i.kind === 'phone') r.phones!.push(i.value);
    // A loyalty id is a personal id number only when configured so; by default a household may share it.
    else if (i.kind === 'loyalty' && scopes.loyalty === 'shared') r.sharedIds!.push(i.value);
    else if (i.kind === 'loyalty' && !r.idNumber) r.idNumber = i.value;
  }
  // Only events whose data mention a birth date or an address are read (a LIKE prefilter; PostgreSQL's LIKE is
  // case-sensitive, SQLite's is not, so both spellings are listed: dateOfBirth and birthDate).
  const rows = await db
    .selectFrom('events')
    .select(['customer_id', 'data'])
    .where((eb) => eb.or(PROFILE_DATA_PATTERNS.map((p) => eb('data', 'like', p))))
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const r = inputs.get(row.customer_id);
    if (r) applyData(r, row.data);
  }
  return [...inputs.values()].map(normalizeRecord);
}

/** The event-derived attributes of a match record (the rest comes from the display name and identifiers). */
export const EVENT_FIELDS = ['dob', 'postcode', 'address', 'locality', 'state'] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** Reads profile attributes out of one event's data (later events overwrite earlier ones). */
export function applyData(r: RecordInput, dataJson: string): void {
  Object.assign(r, eventFields(parseData(dataJson)));
}

export function parseData(dataJson: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(dataJson);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What one event's data says about the person: only the fields it sets (an event overwrites only those). */
export function eventFields(data: Record<string, unknown>): Partial<Record<EventField, string>> {
  const out: Partial<Record<EventField, string>> = {};
  const dob = dobOf(data);
  if (dob) out.dob = dob;
  const postcode = firstString(data, POSTCODE_KEYS);
  if (postcode) out.postcode = postcode;
  for (const key of ADDRESS_KEYS) {
    const a = data[key];
    if (typeof a === 'string' && a.trim()) {
      out.address = a;
      break;
    }
    if (a && typeof a === 'object' && !Array.isArray(a)) {
      const o = a as Record<string, unknown>;
      const line = [o['line1'], o['street'], o['line2']].filter((x) => typeof x === 'string').join(' ');
      if (line) out.address = line;
      const city = firstString(o, ['city', 'locality', 'suburb', 'town']);
      if (city) out.locality = city;
      const pc = firstString(o, POSTCODE_KEYS);
      if (pc) out.postcode = pc;
      const st = firstString(o, ['state', 'region']);
      if (st) out.state = st;
      break;
    }
  }
  return out;
}

/** A birth date in an event's data (dateOfBirth, dob, birthDate, birthday) as YYYYMMDD digits, or ''. */
export function dobOf(data: Record<string, unknown>): string {
  const dob = firstString(data, DOB_KEYS);
  return dob ? dobDigits(dob) : '';
}

function firstString(o: Record<string, unknown>, keys: string[]): string | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return null;
}

/** "1984-03-07" / "19840307" -> "19840307"; anything else keeps its digits. */
function dobDigits(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  return m ? `${m[1]}${m[2]}${m[3]}` : s.replace(/\D/g, '');
}
