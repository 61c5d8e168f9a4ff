import { sql, type Kysely } from 'kysely';
import type { IdentifierScopes } from '../../../shared/index.js';
import { RANK_NAME } from '../display-name.js';
import { MAX_IN_LIST, chunk, nowMicros } from '../../storage/batch.js';
import type { RowWriter } from '../../storage/row-writer.js';
import type { Db, Schema } from '../../storage/schema.js';
import { applyEvent, attrEvent, attrValues, parseAttrs, type MatchAttrs } from './match-attrs.js';
import type { FsModel } from './fellegi-sunter.js';
import { PROFILE_DATA_PATTERNS, parseData } from './profile-attributes.js';
import { normalizeRecord, splitFullName, type MatchRecord, type RecordInput } from './record.js';

/* Rows of migration 0011 (match-migration.ts) and the reads that build a customer's match record from the hub's tables. */

export type MatchTables = {
  match_profiles: { customer_id: string; record: string; attrs: string; updated_at_us: number };
  match_keys: { key: string; customer_id: string };
  match_models: { id: string; fitted_at_us: number; model: string; profiles: number; pairs: number; sampled: number; duration_ms: number };
};
export type MatchDb = Kysely<Schema & MatchTables>;
export const matchDb = (db: Db): MatchDb => db.withTables<MatchTables>();

/** Settings row: 'done' once every customer present at the first start after migration 0011 has its keys. */
export const BACKFILL_SETTING = 'match_index_backfill';

/**
 * Settings row: how far the index is known to be applied: every event up to `seq`, every merge and undo committed
 * before `atUs`. A start after a crash rebuilds the customers changed since (changes queued but not applied).
 */
export const MARK_SETTING = 'match_index_mark';
export interface ApplyMark {
  seq: number;
  atUs: number;
}

/** Customers (survivors) an event after `mark.seq` or a merge / undo after `sinceUs` touched: what a crash may have left stale. */
export async function changedSince(db: MatchDb, mark: ApplyMark, sinceUs: number): Promise<string[]> {
  const ids = new Set<string>();
  // The events primary key (seq) as a range: only the tail since the mark is read.
  for (const r of await db.selectFrom('events').select('customer_id').distinct().where('seq', '>', mark.seq).execute()) ids.add(r.customer_id);
  const merges = await db
    .selectFrom('merges')
    .select(['from_id', 'into_id'])
    .where((eb) => eb.or([eb('at_us', '>=', sinceUs), eb('undone_at_us', '>=', sinceUs)]))
    .execute();
  for (const m of merges) {
    ids.add(m.from_id);
    ids.add(m.into_id);
  }
  return [...ids];
}

export interface StoredProfile {
  record: MatchRecord;
  recordJson: string;
  attrs: MatchAttrs;
}

export async function readProfiles(db: MatchDb, ids: readonly string[]): Promise<Map<string, StoredProfile>> {
  const out = new Map<string, StoredProfile>();
  for (const part of chunk([...new Set(ids)], MAX_IN_LIST)) {
    const rows = await db.selectFrom('match_profiles').select(['customer_id', 'record', 'attrs']).where('customer_id', 'in', part).execute();
    for (const r of rows) out.set(r.customer_id, { record: JSON.parse(r.record) as MatchRecord, recordJson: r.record, attrs: parseAttrs(r.attrs) });
  }
  return out;
}

/** Event-derived attributes recomputed from the timeline (only events whose data mention them are read). */
export async function attrsFromEvents(db: MatchDb, ids: readonly string[]): Promise<Map<string, MatchAttrs>> {
  const out = new Map<string, MatchAttrs>(ids.map((id) => [id, {}]));
  for (const part of chunk([...new Set(ids)], MAX_IN_LIST)) {
    const rows = await db
      .selectFrom('events')
      .select(['customer_id', 'id', 'seq', 'data'])
      .where('customer_id', 'in', part)
      .where((eb) => eb.or(PROFILE_DATA_PATTERNS.map((p) => eb('data', 'like', p))))
      .execute();
    for (const r of rows) {
      const attrs = out.get(r.customer_id);
      if (attrs) applyEvent(attrs, attrEvent(r.id, Number(r.seq), parseData(r.data)));
    }
  }
  return out;
}

export interface CustomerFacts {
  id: string;
  displayName: string;
  nameRank: number;
  mergedInto: string | null;
  identifiers: { kind: string; value: string }[];
}

/** Customer rows and their identifiers, by primary key and the identifiers_customer index. */
export async function readFacts(db: MatchDb, ids: readonly string[]): Promise<Map<string, CustomerFacts>> {
  const out = new Map<string, CustomerFacts>();
  for (const part of chunk([...new Set(ids)], MAX_IN_LIST)) {
    const rows = await db.selectFrom('customers').select(['id', 'display_name', 'name_rank', 'merged_into']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, { id: r.id, displayName: r.display_name, nameRank: r.name_rank, mergedInto: r.merged_into, identifiers: [] });
    const idents = await db.selectFrom('identifiers').select(['customer_id', 'kind', 'value']).where('customer_id', 'in', part).orderBy('kind').orderBy('value').execute();
    for (const i of idents) out.get(i.customer_id)?.identifiers.push({ kind: i.kind, value: i.value });
  }
  return out;
}

/** The match record of one customer, as the matcher compares it. */
export function buildRecord(facts: CustomerFacts, attrs: MatchAttrs, scopes: IdentifierScopes): MatchRecord {
  const names = facts.nameRank >= RANK_NAME ? splitFullName(facts.displayName) : { givenName: '', surname: '' };
  const r: RecordInput = { id: facts.id, ...names, emails: [], phones: [], sharedIds: [], ...attrValues(attrs) };
  for (const i of facts.identifiers) {
    if (i.kind === 'email') r.emails!.push(i.value);
    else if (i.kind === 'phone') r.phones!.push(i.value);
    // A loyalty id is a personal id number only when configured so; by default a household may share it.
    else if (i.kind === 'loyalty' && scopes.loyalty === 'shared') r.sharedIds!.push(i.value);
    else if (i.kind === 'loyalty' && !r.idNumber) r.idNumber = i.value;
  }
  return normalizeRecord(r);
}

export interface ProfileWrite {
  id: string;
  record: string;
  attrs: MatchAttrs;
  /** New blocking keys, or null when they did not change. */
  keys: string[] | null;
}

/** Writes profiles (and replaced keys) and drops those of customers gone (merged away); the caller holds the transaction. */
export async function writeProfiles(tx: MatchDb, writes: readonly ProfileWrite[], gone: readonly string[], mark?: ApplyMark, writer?: RowWriter): Promise<void> {
  if (writes.length === 0 && gone.length === 0) return;
  const now = nowMicros();
  if (mark) {
    const value = JSON.stringify(mark);
    await tx.insertInto('settings').values({ key: MARK_SETTING, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
  for (const part of chunk(gone, MAX_IN_LIST)) {
    await tx.deleteFrom('match_keys').where('customer_id', 'in', part).execute();
    await tx.deleteFrom('match_profiles').where('customer_id', 'in', part).execute();
  }
  if (writer?.embedded) {
    // Embedded SQLite: cached statements on the transaction's own connection. A pass writes thousands of profiles
    // and keys (every new customer's), and Kysely built, compiled and prepared a new multi-row statement per chunk.
    writer.runEach(UPSERT_PROFILE, writes.map((w) => [w.id, w.record, JSON.stringify(w.attrs), now]));
    const rekeyed = writes.filter((w) => w.keys !== null);
    writer.runEach('delete from match_keys where customer_id = ?', rekeyed.map((w) => [w.id]));
    writer.runEach('insert into match_keys (key, customer_id) values (?, ?)', rekeyed.flatMap((w) => w.keys!.map((key) => [key, w.id])));
    return;
  }
  for (const part of chunk(writes, 500)) {
    await tx
      .insertInto('match_profiles')
      .values(part.map((w) => ({ customer_id: w.id, record: w.record, attrs: JSON.stringify(w.attrs), updated_at_us: now })))
      .onConflict((oc) => oc.column('customer_id').doUpdateSet((eb) => ({ record: eb.ref('excluded.record'), attrs: eb.ref('excluded.attrs'), updated_at_us: eb.ref('excluded.updated_at_us') })))
      .execute();
    const rekeyed = part.filter((w) => w.keys !== null);
    if (rekeyed.length === 0) continue;
    await tx
      .deleteFrom('match_keys')
      .where('customer_id', 'in', rekeyed.map((w) => w.id))
      .execute();
    const rows = rekeyed.flatMap((w) => w.keys!.map((key) => ({ key, customer_id: w.id })));
    for (const rowPart of chunk(rows, 5000)) await tx.insertInto('match_keys').values(rowPart).execute();
  }
}

const UPSERT_PROFILE =
  'insert into match_profiles (customer_id, record, attrs, updated_at_us) values (?, ?, ?, ?) on conflict (customer_id) do update set record = excluded.record, attrs = excluded.attrs, updated_at_us = excluded.updated_at_us';

/**
 * Members of each key's block, at most `limit` per key, through the (key, customer_id) primary key: one query,
 * one index range per key. A block that comes back full is larger than the caller cares for.
 */
export async function blockMembers(db: MatchDb, keys: readonly string[], limit: number): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunk([...new Set(keys)], 100)) {
    const parts = part.map((k) => sql`select * from (select key, customer_id from match_keys where key = ${k} limit ${limit}) as b`);
    const rows = await sql<{ key: string; customer_id: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
    for (const r of rows.rows) {
      const list = out.get(r.key);
      if (list) list.push(r.customer_id);
      else out.set(r.key, [r.customer_id]);
    }
  }
  return out;
}

export async function insertModel(db: MatchDb, row: MatchTables['match_models']): Promise<void> {
  await db.insertInto('match_models').values(row).execute();
}

/** The newest fitted model (null: none yet, the prior model scores). */
export async function latestModel(db: MatchDb): Promise<{ id: string; model: FsModel; fittedAtUs: number } | null> {
  const r = await db.selectFrom('match_models').select(['id', 'model', 'fitted_at_us']).orderBy('fitted_at_us', 'desc').limit(1).executeTakeFirst();
  return r ? { id: r.id, model: JSON.parse(r.model) as FsModel, fittedAtUs: Number(r.fitted_at_us) } : null;
}

export async function readSetting(db: MatchDb, key: string): Promise<string | null> {
  const r = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value ?? null;
}

export async function writeSetting(db: MatchDb, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
