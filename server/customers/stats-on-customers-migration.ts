import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { hasTable } from '../storage/schema-introspection.js';
import { addStatsColumns, dropStatsColumns } from './stats-columns.js';

/*
 * Migration 0048 (issue 15, ingest flat at ten times the data): the profile stats move from their own table
 * (customer_stats) onto the customer's row.
 * Past a few million events every batch of a bulk load touches a different leaf page per customer in each
 * customer-keyed B-tree, and each such page is written twice (WAL, then checkpoint). At 3M events a 1,000-event
 * commit wrote 4,700 pages: 719 of them customer_stats leaves and 713 customers leaves (the same customers).
 * Stats on the customer's row share the page ingest rewrites anyway.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function upStatsOnCustomers(db: AnyDb, dialect: Dialect): Promise<void> {
  // Kysely runs SQLite migrations outside a transaction: one here keeps the copy atomic (and fast).
  const run = async (tx: AnyDb) => {
    await addStatsColumns(tx, dialect);
    if (await hasTable(tx, dialect, 'customer_stats')) {
      await sql`update customers set channel_counts = s.channel_counts, spend = s.spend, order_count = s.order_count
        from customer_stats s where s.customer_id = customers.id`.execute(tx);
      await sql`drop table customer_stats`.execute(tx);
    }
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute((tx) => run(tx));
}

export async function downStatsOnCustomers(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('customer_stats')
    .ifNotExists()
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('channel_counts', 'text', (c) => c.notNull())
    .addColumn('spend', 'text', (c) => c.notNull())
    .addColumn('order_count', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into customer_stats (customer_id, channel_counts, spend, order_count)
    select id, channel_counts, spend, order_count from customers where channel_counts <> '{}' or spend <> '{}' or order_count <> 0`.execute(db);
  await dropStatsColumns(db, dialect);
}
