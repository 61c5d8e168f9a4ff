import { sql } from 'kysely';
import { CUSTOMER_KEY_COLUMN, CUSTOMER_OWNED_TABLES } from './customer-owned-tables.js';
import type { Db, Dialect } from './schema.js';

/*
 * The registry of customer-owned tables against the live schema: every column named like a customer key
 * (CUSTOMER_KEY_COLUMN) must be declared, in a declared table, and every declared table and column must exist
 * (columns holding customer ids under other names, like the audit log's subject_id, are declared too).
 * The merge-undo property test runs this on each backend, so a table added without a declaration fails it.
 */

/** Table -> its columns, read from sqlite_master / information_schema of the current schema. */
export async function liveColumns(db: Db, dialect: Dialect): Promise<Map<string, string[]>> {
  const rows =
    dialect === 'sqlite'
      ? (await sql<{ t: string; c: string }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(db)).rows
      : (await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema()`.execute(db)).rows;
  const out = new Map<string, string[]>();
  for (const { t, c } of rows) out.set(t, [...(out.get(t) ?? []), c]);
  return out;
}

/** Table -> its customer-key columns by name (CUSTOMER_KEY_COLUMN), sorted; tables without any left out. */
export function customerKeyColumns(columns: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [t, cols] of columns) {
    const keys = cols.filter((c) => CUSTOMER_KEY_COLUMN.test(c)).sort();
    if (keys.length > 0) out.set(t, keys);
  }
  return out;
}

/** What the registry misses or gets wrong for this schema; empty when they agree. */
export function registryProblems(columns: ReadonlyMap<string, readonly string[]>, dialect: Dialect): string[] {
  const problems: string[] = [];
  const declared = new Map(CUSTOMER_OWNED_TABLES.filter((t) => !t.dialects || t.dialects.includes(dialect)).map((t) => [t.table, t.customerKeys]));
  for (const [table, keys] of customerKeyColumns(columns)) {
    const d = declared.get(table);
    const named = d?.filter((c) => CUSTOMER_KEY_COLUMN.test(c)).sort();
    if (!named) problems.push(`table ${table} has customer-key column(s) ${keys.join(', ')} but is not in CUSTOMER_OWNED_TABLES (server/storage/customer-owned-tables.ts)`);
    else if (named.join(',') !== keys.join(',')) problems.push(`table ${table}: customer-key columns are ${keys.join(', ')}, the registry declares ${named.join(', ')}`);
  }
  for (const [table, keys] of declared) {
    const cols = columns.get(table);
    if (!cols) problems.push(`the registry declares ${table}, which does not exist on ${dialect}`);
    else for (const k of keys) if (!cols.includes(k)) problems.push(`the registry declares ${table}.${k}, which does not exist on ${dialect}`);
  }
  return problems.sort();
}
