import type { Kysely } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { rebuildSqliteTable } from '../storage/sqlite-rebuild-table.js';

/*
 * Migration 0050 (issue 15, ingest flat at ten times the data), SQLite only: identifiers are rebuilt WITHOUT ROWID,
 * so their rows live in the primary key's B-tree (kind, value). Identity resolution looks up every identifier of
 * every event; in a rowid table each lookup descended the key index and then the table, two random pages once the
 * tables outgrow the cache (identifier lookups grew from 2.0 s to 7.2 s per 500k events over a 10M-event build).
 * Now it is one descent. PostgreSQL keeps its heap and index (its lookups are index scans either way).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function upIdentifiersWithoutRowid(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await rebuildSqliteTable(db, 'identifiers', { withoutRowid: true });
}

export async function downIdentifiersWithoutRowid(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await rebuildSqliteTable(db, 'identifiers', { withoutRowid: false });
}
