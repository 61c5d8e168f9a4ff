import type { Kysely } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { columnsOf } from '../storage/schema-introspection.js';

/*
 * The profile stats' columns on `customers` (migrations 0012 and 0048; customer-stats.ts): ingest rewrites the
 * customer's row on every event anyway, so its stats ride on the same page instead of a second table's.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const STATS_COLUMNS = ['channel_counts', 'spend', 'order_count'] as const;

/** Adds the stats columns to `customers` where they are missing: empty stats, as a customer without events has. */
export async function addStatsColumns(db: AnyDb, dialect: Dialect): Promise<void> {
  const have = await columnsOf(db, dialect, 'customers');
  if (!have.has('channel_counts')) await db.schema.alterTable('customers').addColumn('channel_counts', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  if (!have.has('spend')) await db.schema.alterTable('customers').addColumn('spend', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  if (!have.has('order_count')) await db.schema.alterTable('customers').addColumn('order_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function dropStatsColumns(db: AnyDb, dialect: Dialect): Promise<void> {
  const have = await columnsOf(db, dialect, 'customers');
  for (const name of STATS_COLUMNS) if (have.has(name)) await db.schema.alterTable('customers').dropColumn(name).execute();
}
