import { sql, type Kysely } from 'kysely';
import { searchName } from '../customers/search-name.js';
import { reversed } from '../identity/normalize.js';
import type { Dialect } from './schema.js';

/*
 * Migration 0009: index-backed customer search (docs/search.md).
 * - search_name becomes the folded name (lower case, no diacritics), rewritten here for existing rows.
 * - SQLite: `customer_names` holds the folded name of every ACTIVE customer (B-tree for name prefixes) and
 *   feeds the FTS5 trigram index `customer_names_fts` (substrings). Triggers on customers keep both in
 *   step with every writer (ingest, merge, undo, erasure); they fire only when the name or merged_into
 *   actually changes, so the per-event customer upsert costs nothing extra.
 * - PostgreSQL: partial indexes on active customers: B-tree on search_name (byte order, prefixes) and
 *   GIN pg_trgm (substrings) when the extension can be installed; without it name search is prefix-only.
 * - Loyalty identifiers get a reversed value (identifiers.rev) so "100042" finds "LOY-100042".
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const BACKFILL_CHUNK = 2000;

export const NAME_TRIGRAM_INDEX = 'customers_name_trgm';

export async function upSearchIndex(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    // Kysely runs SQLite migrations outside a transaction: one here keeps the backfill fast and atomic.
    if (db.isTransaction) await upSqlite(db);
    else await db.transaction().execute((tx) => upSqlite(tx));
  } else {
    await upPostgres(db);
  }
}

async function upSqlite(db: AnyDb): Promise<void> {
  await foldSearchNames(db);
  await backfillLoyaltyRev(db);
  await sql`create table customer_names (doc integer primary key, customer_id text not null unique, name text not null)`.execute(db);
  await sql`create index customer_names_prefix on customer_names (name)`.execute(db);
  await sql`create virtual table customer_names_fts using fts5(name, content='customer_names', content_rowid='doc', tokenize='trigram')`.execute(db);
  await sql`insert into customer_names (customer_id, name) select id, search_name from customers where merged_into is null`.execute(db);
  await sql`insert into customer_names_fts (customer_names_fts) values ('rebuild')`.execute(db);
  // The FTS index follows customer_names (external content)...
  await sql`create trigger customer_names_fts_ai after insert on customer_names begin
      insert into customer_names_fts (rowid, name) values (new.doc, new.name);
    end`.execute(db);
  await sql`create trigger customer_names_fts_ad after delete on customer_names begin
      insert into customer_names_fts (customer_names_fts, rowid, name) values ('delete', old.doc, old.name);
    end`.execute(db);
  await sql`create trigger customer_names_fts_au after update on customer_names begin
      insert into customer_names_fts (customer_names_fts, rowid, name) values ('delete', old.doc, old.name);
      insert into customer_names_fts (rowid, name) values (new.doc, new.name);
    end`.execute(db);
  // ...and customer_names follows the active customers.
  await sql`create trigger customers_names_ai after insert on customers when new.merged_into is null begin
      insert into customer_names (customer_id, name) values (new.id, new.search_name);
    end`.execute(db);
  await sql`create trigger customers_names_au after update of id, search_name, merged_into on customers
    when old.id is not new.id or old.search_name is not new.search_name or old.merged_into is not new.merged_into begin
      delete from customer_names where customer_id = old.id;
      insert into customer_names (customer_id, name) select new.id, new.search_name where new.merged_into is null;
    end`.execute(db);
  await sql`create trigger customers_names_ad after delete on customers begin
      delete from customer_names where customer_id = old.id;
    end`.execute(db);
}

async function upPostgres(db: AnyDb): Promise<void> {
  await foldSearchNames(db);
  await sql`update identifiers set rev = reverse(value) where kind = 'loyalty' and rev is null`.execute(db);
  await sql`create index customers_name_prefix on customers ((search_name collate "C")) where merged_into is null`.execute(db);
  const trgmSchema = await ensurePgTrgm(db);
  if (trgmSchema) {
    await sql`create index ${sql.id(NAME_TRIGRAM_INDEX)} on customers using gin (search_name ${sql.id(trgmSchema, 'gin_trgm_ops')}) where merged_into is null`.execute(db);
  }
}

/**
 * The schema pg_trgm lives in, installing it when missing (into `public`, never a throwaway schema:
 * dropping that would drop the extension under every other schema's index). Null when it cannot be
 * installed (not available on the server, or no privilege): search then falls back to name prefixes.
 */
async function ensurePgTrgm(db: AnyDb): Promise<string | null> {
  // Concurrent first starts (or test schemas) would race on CREATE EXTENSION.
  await sql`select pg_advisory_xact_lock(hashtext('omni:pg_trgm'))`.execute(db);
  const installed = async () =>
    (await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)).rows[0]?.schema ?? null;
  const existing = await installed();
  if (existing) return existing;
  const available = await sql`select 1 from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if (available.rows.length === 0) return null;
  // Migrations run in a transaction on Postgres: a savepoint keeps a refused CREATE from aborting it.
  await sql`savepoint omni_pg_trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm schema public`.execute(db);
    await sql`release savepoint omni_pg_trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint omni_pg_trgm`.execute(db);
    return null;
  }
  return installed();
}

/** search_name := searchName(display_name) for every row where it differs, in keyset chunks. */
async function foldSearchNames(db: AnyDb): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'display_name', 'search_name'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BACKFILL_CHUNK)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows as { id: string; display_name: string; search_name: string }[]) {
      const folded = searchName(r.display_name);
      if (folded !== r.search_name) await db.updateTable('customers').set({ search_name: folded }).where('id', '=', r.id).execute();
    }
    after = (rows[rows.length - 1] as { id: string }).id;
  }
}

async function backfillLoyaltyRev(db: AnyDb): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await db
      .selectFrom('identifiers')
      .select('value')
      .where('kind', '=', 'loyalty')
      .where('value', '>', after)
      .orderBy('value')
      .limit(BACKFILL_CHUNK)
      .execute()) as { value: string }[];
    if (rows.length === 0) return;
    for (const r of rows) await db.updateTable('identifiers').set({ rev: reversed(r.value) }).where('kind', '=', 'loyalty').where('value', '=', r.value).execute();
    after = rows[rows.length - 1]!.value;
  }
}

export async function downSearchIndex(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const t of ['customers_names_ai', 'customers_names_au', 'customers_names_ad']) await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
    await sql`drop table if exists customer_names_fts`.execute(db);
    await sql`drop table if exists customer_names`.execute(db);
  } else {
    await sql`drop index if exists ${sql.id(NAME_TRIGRAM_INDEX)}`.execute(db);
    await sql`drop index if exists customers_name_prefix`.execute(db);
  }
  await sql`update identifiers set rev = null where kind = 'loyalty'`.execute(db);
}
