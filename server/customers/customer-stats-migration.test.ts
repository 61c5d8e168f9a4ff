import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../shared/index.js';
import { systemActor } from '../../shared/actor.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { readStats } from './customer-stats.js';
import { upCustomerStats } from './customer-stats-migration.js';
import { dropStatsColumns } from './stats-columns.js';

/* Migration 0012 on a database from before it: the stats are backfilled from the stored events. */

describe.each(testDialects())('customer stats migration on %s', (dialect) => {
  it('is registered as 0012_customer_stats', async () => {
    const { domain } = await openTestDomain(dialect);
    try {
      const names = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(domain.database.db)).rows.map((r) => r.name);
      expect(names).toContain('0012_customer_stats');
    } finally {
      await domain.close();
    }
  });

  it('backfills every active customer from its events', async () => {
    const { domain } = await openTestDomain(dialect);
    const db = domain.database.db;
    try {
      const at = (d: number) => new Date(Date.UTC(2024, 0, d)).toISOString();
      const ev = (id: string, email: string, channel: IngestEvent['channel'], type: string, d: number, data: Record<string, unknown> = {}): IngestEvent => ({ source: 'mig', sourceEventId: id, channel, type, occurredAt: at(d), customer: { email }, data });
      await domain.ingest.ingest(systemActor('test'), [
        ev('1', 'a@x.com', 'purchase', 'order', 1, { orderNumber: 'A1', total: 100, currency: 'USD' }),
        ev('2', 'a@x.com', 'purchase', 'order.refunded', 2, { orderNumber: 'A1', total: 30, currency: 'USD' }),
        ev('3', 'a@x.com', 'store', 'store.purchase', 3, { receiptNumber: 'R1', total: 20, currency: 'eur' }),
        ev('4', 'a@x.com', 'email', 'email.received', 4),
        ev('5', 'b@x.com', 'purchase', 'order.cancelled', 5, { orderNumber: 'B1', total: 50, currency: 'USD', status: 'cancelled' }),
      ]);
      const want = async (email: string) => {
        const id = (await db.selectFrom('identifiers').select('customer_id').where('value', '=', email).executeTakeFirstOrThrow()).customer_id;
        return { id, stats: await readStats(db, id) };
      };
      const a = await want('a@x.com');
      const b = await want('b@x.com');
      expect(a.stats).toEqual({ channelCounts: { email: 1, purchase: 2, store: 1 }, lifetimeSpend: [{ currency: 'USD', amount: 70 }, { currency: 'EUR', amount: 20 }], orderCount: 2 });

      // As a database from before 0012: no order rows, no stats columns.
      await sql`drop table customer_order_money`.execute(db);
      await dropStatsColumns(db, dialect);
      // (The migration's own step: later migrations are already recorded, so the migrator would refuse to go back.)
      await upCustomerStats(db, dialect);

      expect(await readStats(db, a.id)).toEqual(a.stats);
      expect(await readStats(db, b.id)).toEqual(b.stats);
      expect(b.stats).toMatchObject({ orderCount: 0, lifetimeSpend: [{ currency: 'USD', amount: 0 }] });
    } finally {
      await domain.close();
    }
  });
});
