import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../shared/actor.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { readStats } from './customer-stats.js';
import { columnsOf } from '../storage/schema-introspection.js';
import { downStatsOnCustomers, upStatsOnCustomers } from './stats-on-customers-migration.js';

/* Migration 0048: the stats of a database from before it (a customer_stats table) land on the customers' rows. */

describe.each(testDialects())('stats on customers migration on %s', (dialect) => {
  it('copies customer_stats onto the customers, drops the table, and goes back', async () => {
    const { domain } = await openTestDomain(dialect);
    const db = domain.database.db;
    try {
      const at = (d: number) => new Date(Date.UTC(2024, 0, d)).toISOString();
      const out = await domain.ingest.ingest(systemActor('test'), [
        testEvent({ email: 'a@x.com' }, { occurredAt: at(1), channel: 'purchase', type: 'order.created', data: { orderNumber: 'A1', total: 40, currency: 'USD' } }),
        testEvent({ email: 'a@x.com' }, { occurredAt: at(2), channel: 'email', type: 'email.received' }),
        testEvent({ email: 'b@x.com' }, { occurredAt: at(3), channel: 'store', type: 'store.purchase', data: { receiptNumber: 'R9', total: 12.5, currency: 'EUR' } }),
      ]);
      const [a, , b] = out.results.map((r) => r.customerId) as [string, string, string];
      const want = { a: await readStats(db, a), b: await readStats(db, b) };
      expect(want.a).toEqual({ channelCounts: { email: 1, purchase: 1 }, lifetimeSpend: [{ currency: 'USD', amount: 40 }], orderCount: 1 });

      // Back to a database from before 0048: its own table, the index, no columns.
      await downStatsOnCustomers(db, dialect);
      expect([...(await columnsOf(db, dialect, 'customers'))]).not.toContain('channel_counts');
      const kept = (await sql<{ customer_id: string }>`select customer_id from customer_stats order by customer_id`.execute(db)).rows.map((r) => r.customer_id);
      expect(kept).toEqual([a, b].sort());

      await upStatsOnCustomers(db, dialect);
      expect(await readStats(db, a)).toEqual(want.a);
      expect(await readStats(db, b)).toEqual(want.b);
      const left =
        dialect === 'postgres'
          ? sql<{ name: string }>`select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relname = 'customer_stats'`
          : sql<{ name: string }>`select name from sqlite_master where name = 'customer_stats'`;
      expect((await left.execute(db)).rows).toEqual([]);
      // Ingest goes on writing the stats where they now are.
      await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'b@x.com' }, { occurredAt: at(4), channel: 'sms', type: 'sms.received' })]);
      expect((await readStats(db, b)).channelCounts).toEqual({ sms: 1, store: 1 });
    } finally {
      await domain.close();
    }
  });
});
