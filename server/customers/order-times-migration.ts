import type { Kysely } from 'kysely';
import { MAX_IN_LIST } from '../storage/batch.js';
import type { Dialect, Schema } from '../storage/schema.js';
import { orderTimes, readStatsEvents } from './customer-stats.js';
import { columnsOf } from '../storage/schema-introspection.js';
import { rebuildSqliteTableIn } from '../storage/sqlite-rebuild-table.js';

/*
 * Migration 0047 (issue 9): each stored order (customer_order_money) also keeps when its first money event
 * happened and its earliest event that added money (time, channel, source), kept at write time like the rest
 * of the row. Customer value then reads a buyer's purchases from these rows instead of re-reading and
 * parsing every purchase event of its history on each refresh. Backfilled from the money events of the
 * customers that have orders, a page at a time; only the new columns are written.
 * On SQLite the table is also rebuilt WITHOUT ROWID: its rows are then stored in primary-key order, so a
 * customer's orders are one contiguous range (customer value's read) and a probe is one B-tree descent, where
 * the rowid table paid the key index plus a random table lookup per row (2.4 s of a 500k-event load).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const PAGE = Math.min(500, MAX_IN_LIST);

export async function upOrderTimes(db: AnyDb, dialect: Dialect): Promise<void> {
  // Kysely runs SQLite migrations outside a transaction: one here keeps the rebuild and backfill atomic (and fast).
  const run = async (tx: AnyDb) => {
    // Migration 0012 creates the columns since (its backfill writes whole rows); older databases get them here.
    const have = await columnsOf(tx, dialect, 'customer_order_money');
    for (const [name, type] of [['first_us', 'bigint'], ['buy_us', 'bigint'], ['buy_channel', 'text'], ['buy_source', 'text']] as const) {
      if (!have.has(name)) await tx.schema.alterTable('customer_order_money').addColumn(name, type).execute();
    }
    // SQLite cannot make a table WITHOUT ROWID in place: a copy under the same name (no foreign key references it).
    if (dialect === 'sqlite') await rebuildSqliteTableIn(tx, 'customer_order_money', { withoutRowid: true });
    await backfill(tx as Kysely<Schema>);
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute((tx) => run(tx));
}

async function backfill(db: Kysely<Schema>): Promise<void> {
  let after = '';
  for (;;) {
    // Rows written before this migration have no first time (every order has one from here on).
    const ids = (await db.selectFrom('customer_order_money').select('customer_id').distinct().where('first_us', 'is', null).where('customer_id', '>', after).orderBy('customer_id').limit(PAGE).execute()).map((r) => r.customer_id);
    if (ids.length === 0) return;
    const times = orderTimes(await readStatsEvents(db, ids));
    for (const t of times) {
      await db
        .updateTable('customer_order_money')
        .set({ first_us: t.firstUs, buy_us: t.buy?.us ?? null, buy_channel: t.buy?.channel ?? null, buy_source: t.buy?.source ?? null })
        .where('customer_id', '=', t.customerId)
        .where('order_key', '=', t.key)
        .where('currency', '=', t.currency)
        .execute();
    }
    after = ids[ids.length - 1]!;
  }
}

export async function downOrderTimes(db: AnyDb): Promise<void> {
  for (const name of ['buy_source', 'buy_channel', 'buy_us', 'first_us']) await db.schema.alterTable('customer_order_money').dropColumn(name).execute();
}
