import { sql, type Kysely } from 'kysely';
import type { Dialect } from './schema.js';

/* What a migration needs to know of the live schema: this schema's tables only (the introspector would list every schema's on PostgreSQL). */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The columns of a table of the current schema (empty when there is no such table). */
export async function columnsOf(db: AnyDb, dialect: Dialect, table: string): Promise<Set<string>> {
  const columns =
    dialect === 'postgres'
      ? sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`
      : sql<{ name: string }>`select name from pragma_table_info(${table})`;
  return new Set((await columns.execute(db)).rows.map((r) => r.name));
}

export async function hasTable(db: AnyDb, dialect: Dialect, table: string): Promise<boolean> {
  const found =
    dialect === 'postgres'
      ? sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name = ${table}`
      : sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${table}`;
  return Number((await found.execute(db)).rows[0]?.n ?? 0) > 0;
}
