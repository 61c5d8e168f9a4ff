import { sql } from 'kysely';
import type { CustomerSummary } from '../../shared/index.js';
import { normalizeOrderRef, normalizePhone, reversed, reversedDigits } from '../identity/normalize.js';
import type { Db, IdentifierKind } from '../storage/schema.js';
import { loadSummaries } from './rows.js';

/*
 * Customer search. Each strategy (name words, email, phone in any format, loyalty id,
 * external id, order number) finds candidate ids with an index range or a bounded scan;
 * hits are merged, ordered by last activity, and only active customers are returned.
 * Prefix matches are byte-order ranges [p, p + U+10FFFF]: SQLite's BINARY collation and
 * the `collate "C"` columns on Postgres sort the same way.
 */

const HIGH = '\u{10FFFF}';
const PHONE_CHARS = /^[\d\s()+\-./]+$/;

interface Hit {
  id: string;
  lastUs: number;
}

export async function searchCustomers(db: Db, rawQ: string, limit: number, defaultRegion: string): Promise<CustomerSummary[]> {
  const q = rawQ.trim();
  if (q === '') return recentlyActive(db, limit);

  const lookups: Promise<Hit[]>[] = [byName(db, q, limit)];
  const lower = q.toLowerCase();
  const upper = q.toUpperCase();
  lookups.push(byIdentifierPrefix(db, 'email', lower, limit));
  lookups.push(byIdentifierPrefix(db, 'loyalty', upper, limit));
  if (q.includes(':')) {
    const at = q.indexOf(':');
    lookups.push(byIdentifierPrefix(db, 'external', `${q.slice(0, at).trim().toLowerCase()}:${q.slice(at + 1).trim()}`, limit));
  } else {
    lookups.push(byExternalIdPart(db, q, limit));
  }
  if (PHONE_CHARS.test(q)) {
    const digits = q.replace(/\D/g, '');
    const e164 = normalizePhone(q, defaultRegion);
    if (e164) lookups.push(byIdentifierPrefix(db, 'phone', e164, limit, true));
    // Trailing digits: "555 0142", "(415) 555-0142" and "+1 415…" all end the same way.
    if (digits.length >= 4) lookups.push(byPhoneSuffix(db, digits, limit));
  }
  const order = normalizeOrderRef(q);
  if (order) lookups.push(byOrderRef(db, order, limit));

  const best = new Map<string, number>();
  for (const hits of await Promise.all(lookups)) {
    for (const h of hits) best.set(h.id, Math.max(best.get(h.id) ?? -Infinity, h.lastUs));
  }
  const ids = [...best.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([id]) => id);
  const summaries = await loadSummaries(db, ids);
  return ids.map((id) => summaries.get(id)).filter((s): s is CustomerSummary => s !== undefined);
}

async function recentlyActive(db: Db, limit: number): Promise<CustomerSummary[]> {
  const rows = await db
    .selectFrom('customers')
    .select('id')
    .where('merged_into', 'is', null)
    .orderBy('last_activity_us', 'desc')
    .limit(limit)
    .execute();
  const summaries = await loadSummaries(db, rows.map((r) => r.id));
  return rows.map((r) => summaries.get(r.id)).filter((s): s is CustomerSummary => s !== undefined);
}

/** Every word of q is a case-insensitive substring of the display name. */
async function byName(db: Db, q: string, limit: number): Promise<Hit[]> {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6);
  let query = db.selectFrom('customers').select(['id', 'last_activity_us']).where('merged_into', 'is', null);
  for (const w of words) query = query.where(sql<boolean>`${sql.ref('search_name')} like ${`%${escapeLike(w)}%`} escape '\\'`);
  const rows = await query.orderBy('last_activity_us', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, lastUs: r.last_activity_us }));
}

function identifierHits(db: Db) {
  return db
    .selectFrom('identifiers as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select(['c.id as id', 'c.last_activity_us as lastUs'])
    .distinct()
    .where('c.merged_into', 'is', null);
}

async function byIdentifierPrefix(db: Db, kind: IdentifierKind, prefix: string, limit: number, exact = false): Promise<Hit[]> {
  let q = identifierHits(db).where('i.kind', '=', kind);
  q = exact ? q.where('i.value', '=', prefix) : q.where('i.value', '>=', prefix).where('i.value', '<=', prefix + HIGH);
  return q.orderBy('c.last_activity_us', 'desc').limit(limit).execute();
}

/** Identifiers whose reversed value starts with `rev`: a suffix match as an index range. */
function byReversedPrefix(db: Db, rev: string, limit: number): Promise<Hit[]> {
  // No kind filter: SQLite would then scan the primary key instead of this range. Only phones
  // (digits only) and external ids (`system:id`) have a rev.
  return identifierHits(db).where('i.rev', '>=', rev).where('i.rev', '<=', rev + HIGH).orderBy('c.last_activity_us', 'desc').limit(limit).execute();
}

/** Phones ending in these digits (an external id ending in them is a fair hit too). */
function byPhoneSuffix(db: Db, digits: string, limit: number): Promise<Hit[]> {
  return byReversedPrefix(db, reversedDigits(digits), limit);
}

/** "7060" finds `shopify:7060`: the id part of an external id, exactly (the ':' keeps phones out). */
function byExternalIdPart(db: Db, q: string, limit: number): Promise<Hit[]> {
  return byReversedPrefix(db, reversed(`:${q}`), limit);
}

async function byOrderRef(db: Db, order: string, limit: number): Promise<Hit[]> {
  return db
    .selectFrom('event_refs as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .select(['c.id as id', 'c.last_activity_us as lastUs'])
    .distinct()
    .where('c.merged_into', 'is', null)
    .where('r.kind', '=', 'order')
    .where('r.value', '>=', order)
    .where('r.value', '<=', order + HIGH)
    .orderBy('c.last_activity_us', 'desc')
    .limit(limit)
    .execute();
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
