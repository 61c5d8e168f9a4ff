import { SqliteAdapter, sql, type RawBuilder } from 'kysely';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { Db, IdentifierKind } from '../storage/schema.js';
import { NAME_TRIGRAM_INDEX } from '../storage/search-index-migration.js';
import type { NameLookup } from './search-plan.js';

/*
 * The index lookups search is made of. Each reads at most `cap` rows in index order (a bounded range or
 * trigram posting walk), never the customer table as a whole; ranking happens on the few candidates.
 * Prefix ranges are byte-order [p, p + U+10FFFF]: SQLite's BINARY collation and `collate "C"` on
 * Postgres sort the same way.
 */

const HIGH = '\u{10FFFF}';

export interface IdentifierRow {
  customerId: string;
  kind: IdentifierKind;
  value: string;
}

export interface NameRow {
  customerId: string;
  /** The folded name (customers.search_name). */
  name: string;
}

/** How this database serves names: FTS5 trigram (SQLite), pg_trgm, or B-tree prefixes only (Postgres without pg_trgm). */
export type NameIndex = 'fts5' | 'pg_trgm' | 'prefix';

const nameIndexes = new WeakMap<Db, Promise<NameIndex>>();

export function nameIndexOf(db: Db): Promise<NameIndex> {
  let found = nameIndexes.get(db);
  if (!found) {
    found = detectNameIndex(db);
    nameIndexes.set(db, found);
    found.catch(() => nameIndexes.delete(db));
  }
  return found;
}

async function detectNameIndex(db: Db): Promise<NameIndex> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return 'fts5';
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where schemaname = current_schema() and indexname = ${NAME_TRIGRAM_INDEX}`.execute(db);
  return rows[0]?.n ? 'pg_trgm' : 'prefix';
}

export async function identifiersByPrefix(db: Db, kind: IdentifierKind, prefix: string, exact: boolean, cap: number): Promise<IdentifierRow[]> {
  let q = db.selectFrom('identifiers').select(['customer_id as customerId', 'kind', 'value']).where('kind', '=', kind);
  q = exact ? q.where('value', '=', prefix) : q.where('value', '>=', prefix).where('value', '<=', prefix + HIGH);
  return q.orderBy('value').limit(cap).execute();
}

/** Identifiers whose reversed value (identifiers.rev) starts with `rev`: a suffix match as an index range. */
export async function identifiersBySuffix(db: Db, rev: string, cap: number): Promise<IdentifierRow[]> {
  // No kind filter: the partial index on rev serves this range alone; rows carry their kind.
  return db
    .selectFrom('identifiers')
    .select(['customer_id as customerId', 'kind', 'value'])
    .where('rev', '>=', rev)
    .where('rev', '<=', rev + HIGH)
    .orderBy('rev')
    .limit(cap)
    .execute();
}

export async function ordersByPrefix(db: Db, prefix: string, cap: number): Promise<{ customerId: string; value: string }[]> {
  return db
    .selectFrom('event_refs')
    .select(['customer_id as customerId', 'value'])
    .where('kind', '=', 'order')
    .where('value', '>=', prefix)
    .where('value', '<=', prefix + HIGH)
    .orderBy('value')
    .limit(cap)
    .execute();
}

/** Active customers' names matching the lookup; only active customers are in these indexes. */
export async function namesMatching(db: Db, lookup: NameLookup, cap: number): Promise<NameRow[]> {
  if (lookup.kind === 'none') return [];
  const index = await nameIndexOf(db);
  const sqlite = index === 'fts5';
  // The whole-name prefix always runs: it finds "ann lee" for "Ann Lee" however many names contain "ann".
  const prefix = lookup.folded;
  const prefixRows = sqlite
    ? sql<NameRow>`select customer_id as "customerId", name from customer_names where name >= ${prefix} and name <= ${prefix + HIGH} order by name limit ${cap}`
    : sql<NameRow>`select id as "customerId", search_name as name from customers
        where merged_into is null and (search_name collate "C") >= ${prefix} and (search_name collate "C") <= ${prefix + HIGH}
        order by (search_name collate "C") limit ${cap}`;
  const lookups = [prefixRows.execute(db)];
  if (lookup.kind === 'trigram' && index !== 'prefix') {
    const filters = lookup.filtered.map((t) => sql`and ${sql.ref(sqlite ? 'n.name' : 'search_name')} like ${`%${escapeLike(t)}%`} escape '\\'`);
    if (sqlite) {
      // FTS5 query: each term a quoted phrase (its trigrams in sequence), all required.
      const match = lookup.indexed.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
      lookups.push(
        sql<NameRow>`select n.customer_id as "customerId", n.name as name from customer_names_fts f join customer_names n on n.doc = f.rowid
          where customer_names_fts match ${match} ${joined(filters)} order by f.rowid desc limit ${cap}`.execute(db),
      );
    } else {
      const likes = lookup.indexed.map((t) => sql`and search_name like ${`%${escapeLike(t)}%`} escape '\\'`);
      lookups.push(
        sql<NameRow>`select id as "customerId", search_name as name from customers
          where merged_into is null ${joined([...likes, ...filters])} limit ${cap}`.execute(db),
      );
    }
  }
  return (await Promise.all(lookups)).flatMap((r) => r.rows);
}

/** Last activity of those customers that are still active (merged-away ones are dropped). */
export async function activeCustomers(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunk([...ids], MAX_IN_LIST)) {
    if (part.length === 0) continue;
    const rows = await db.selectFrom('customers').select(['id', 'last_activity_us']).where('id', 'in', part).where('merged_into', 'is', null).execute();
    for (const r of rows) out.set(r.id, r.last_activity_us);
  }
  return out;
}

function joined(parts: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return parts.length ? sql.join(parts, sql` `) : sql``;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
