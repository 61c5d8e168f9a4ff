import type { Kysely } from 'kysely';
import type { Dialect, Schema } from '../storage/schema.js';
import { recomputeStats } from './customer-stats.js';
import { addStatsColumns, dropStatsColumns } from './stats-columns.js';

/*
 * Migration 0012 (issue 15): profile stats kept at write time (customer-stats.ts), backfilled here from the
 * events of every active customer, a page of customers at a time (merged-away customers hold no events).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const BACKFILL_PAGE = 500;

export async function upCustomerStats(db: AnyDb, dialect: Dialect): Promise<void> {
  // The stats live on the customer's row since migration 0048 (it was a customer_stats table): created here so this backfill can write them.
  await addStatsColumns(db, dialect);
  await db.schema
    .createTable('customer_order_money')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_micros', 'bigint', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('bought', 'integer', (c) => c.notNull())
    .addColumn('cancelled', 'integer', (c) => c.notNull())
    // Added by migration 0047 to databases made before it; here so this backfill can write whole rows.
    .addColumn('first_us', 'bigint')
    .addColumn('buy_us', 'bigint')
    .addColumn('buy_channel', 'text')
    .addColumn('buy_source', 'text')
    .addPrimaryKeyConstraint('customer_order_money_pk', ['customer_id', 'order_key', 'currency'])
    .execute();
  // Kysely runs SQLite migrations outside a transaction: one here keeps the backfill fast and atomic.
  if (db.isTransaction) await backfill(db as Kysely<Schema>);
  else await db.transaction().execute((tx) => backfill(tx as unknown as Kysely<Schema>));
}

async function backfill(db: Kysely<Schema>): Promise<void> {
  let after = '';
  for (;;) {
    const ids = (await db.selectFrom('customers').select('id').where('merged_into', 'is', null).where('id', '>', after).orderBy('id').limit(BACKFILL_PAGE).execute()).map((r) => r.id);
    if (ids.length === 0) return;
    await recomputeStats(db, ids);
    after = ids[ids.length - 1]!;
  }
}

export async function downCustomerStats(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema.dropTable('customer_order_money').ifExists().execute();
  await dropStatsColumns(db, dialect);
}
