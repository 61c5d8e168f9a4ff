import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../shared/index.js';
import { systemActor } from '../../shared/actor.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { upOrderTimes } from './order-times-migration.js';
import { rebuildSqliteTable } from '../storage/sqlite-rebuild-table.js';

/* Migration 0047 on a database from before it: each order's first time and first buying event are backfilled from its events. */

describe.each(testDialects())('order times migration on %s', (dialect) => {
  it('adds the columns and backfills them as ingest writes them', async () => {
    const { domain } = await openTestDomain(dialect);
    const db = domain.database.db;
    try {
      const names = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
      expect(names).toContain('0047_order_money_times');
      const at = (d: number) => new Date(Date.UTC(2024, 0, d)).toISOString();
      const ev = (id: string, source: string, channel: IngestEvent['channel'], type: string, d: number, data: Record<string, unknown>): IngestEvent => ({ source, sourceEventId: id, channel, type, occurredAt: at(d), customer: { email: 'a@x.com' }, data });
      await domain.ingest.ingest(systemActor('test'), [
        ev('2', 'shopify', 'purchase', 'order.refunded', 4, { orderNumber: 'A1', total: -30, currency: 'USD' }),
        ev('1', 'shopify', 'purchase', 'order', 2, { orderNumber: 'A1', total: 100, currency: 'USD' }),
        ev('3', 'pos', 'store', 'store.purchase', 1, { receiptNumber: 'R1', total: 20, currency: 'EUR' }),
        ev('4', 'pos', 'store', 'store.return', 3, { originalReceiptNumber: 'R1', total: -20, currency: 'EUR' }),
      ]);
      const read = async () => (await sql<Record<string, unknown>>`select order_key, currency, first_us, buy_us, buy_channel, buy_source from customer_order_money order by order_key`.execute(db)).rows.map((r) => ({ ...r, first_us: Number(r['first_us']), buy_us: r['buy_us'] === null ? null : Number(r['buy_us']) }));
      const us = (d: number) => Date.UTC(2024, 0, d) * 1000;
      const written = await read();
      if (dialect === 'sqlite') {
        // Stored in key order: a customer's orders are one range.
        const ddl = (await sql<{ sql: string }>`select sql from sqlite_master where name = 'customer_order_money'`.execute(db)).rows[0]!.sql;
        expect(ddl).toMatch(/without rowid/i);
      }
      expect(written).toEqual([
        { order_key: 'order:A1', currency: 'USD', first_us: us(2), buy_us: us(2), buy_channel: 'purchase', buy_source: 'shopify' },
        { order_key: 'receipt:R1', currency: 'EUR', first_us: us(1), buy_us: us(1), buy_channel: 'store', buy_source: 'pos' },
      ]);

      // As a database from before 0047: the columns are not there, and SQLite's table has rowids.
      for (const c of ['first_us', 'buy_us', 'buy_channel', 'buy_source']) await sql.raw(`alter table customer_order_money drop column ${c}`).execute(db);
      if (dialect === 'sqlite') await rebuildSqliteTable(db, 'customer_order_money', { withoutRowid: false });
      // (The migration's own step: later migrations are already recorded, so the migrator would refuse to go back.)
      await upOrderTimes(db, dialect);
      expect(await read()).toEqual(written);
      if (dialect === 'sqlite') {
        // Rebuilt with its rows and the columns the step added to it.
        const ddl = (await sql<{ sql: string }>`select sql from sqlite_master where name = 'customer_order_money'`.execute(db)).rows[0]!.sql;
        expect(ddl).toMatch(/buy_source[\s\S]*without rowid$/i);
      }
      // Run again (a database made after it has the columns from 0012): nothing to add, nothing to fill.
      await upOrderTimes(db, dialect);
      expect(await read()).toEqual(written);
    } finally {
      await domain.close();
    }
  });
});
