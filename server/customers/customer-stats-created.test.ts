import { describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../shared/index.js';
import { systemActor } from '../../shared/actor.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { readStats } from './customer-stats.js';

/*
 * Ingest skips reading stats for customers its batch created. A customer created in the batch can still absorb a
 * stored one: merges go into the older customer, and another hub's clock may have stamped the stored one later.
 */

describe.each(testDialects())('stats of a customer created in the batch on %s', (dialect) => {
  it('include what a stored customer it absorbed had', async () => {
    const { domain } = await openTestDomain(dialect);
    const db = domain.database.db;
    try {
      const actor = systemActor('test');
      const ev = (id: string, customer: IngestEvent['customer'], data: Record<string, unknown> = {}, channel: IngestEvent['channel'] = 'email', type = 'email.received'): IngestEvent => ({
        source: 'skew',
        sourceEventId: id,
        channel,
        type,
        occurredAt: '2024-03-01T10:00:00Z',
        customer,
        data,
      });
      const [first] = (await domain.ingest.ingest(actor, [ev('1', { email: 'old@x.com' }, { orderNumber: 'A1', total: 80, currency: 'USD' }, 'purchase', 'order')])).results;
      // As if another hub, its clock ahead, had created it: it is now the younger one.
      await db.updateTable('customers').set({ created_at_us: Date.UTC(2999, 0, 1) * 1000 }).where('id', '=', first!.customerId).execute();
      const out = await domain.ingest.ingest(actor, [ev('2', { email: 'new@x.com' }), ev('3', { email: 'new@x.com', phone: '+14155550199' }), ev('4', { phone: '+14155550199', email: 'old@x.com' })]);
      expect(out.merges).toHaveLength(1);
      const survivor = out.merges[0]!.intoId;
      expect(out.merges[0]!.fromId).toBe(first!.customerId);
      expect(await readStats(db, survivor)).toEqual({ channelCounts: { email: 3, purchase: 1 }, lifetimeSpend: [{ currency: 'USD', amount: 80 }], orderCount: 1 });
    } finally {
      await domain.close();
    }
  });
});
