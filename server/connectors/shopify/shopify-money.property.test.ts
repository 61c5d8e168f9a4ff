import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../../create-domain.js';
import { testDialects } from '../../storage/test-database.js';
import { shopifyTestApp, type ShopifyTestApp } from './test-app.js';
import { storyArb, type Delivery, type ExpectedOrder } from './test-stories.js';
import { systemActor } from '../../../shared/actor.js';

/*
 * Shopify money must add up whatever the arrival order: generated order stories (several orders and
 * customers, currencies, partial / full / several refunds, cancellations, retries, out-of-order
 * snapshots by updated_at) go through the real webhook route, connector and upsert, and every
 * order item, every customer's lifetime spend per currency and order count must equal the story's
 * ground truth. Spend is never negative at any point in between. Seed: FC_SEED, else random (printed on failure).
 */

const SEED = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : undefined;
const RUNS = Number(process.env['FC_RUNS'] ?? 40);

describe.each(testDialects())('Shopify money over generated delivery sequences on %s', (dialect) => {
  let h: ShopifyTestApp;
  let domain: SqlDomain;

  beforeAll(async () => {
    h = await shopifyTestApp(dialect);
    domain = h.domain;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  async function send(d: Delivery): Promise<void> {
    const res = await h.send(d.topic, d.key, d.body);
    expect(res.statusCode, `${d.topic} ${d.key}: ${res.body}`).toBe(202);
  }

  async function customerOf(orderId: string): Promise<string> {
    const item = await domain.connectors.findItem(systemActor('test'), 'shopify', `order:${orderId}`);
    expect(item, `order ${orderId} has an item`).not.toBeNull();
    return item!.customerId;
  }

  async function checkOrder(e: ExpectedOrder): Promise<void> {
    const item = (await domain.connectors.findItem(systemActor('test'), 'shopify', `order:${e.orderId}`))!;
    expect(item.data, `order ${e.orderId}`).toMatchObject({ currency: e.currency, grossTotal: e.gross, total: e.net, status: e.status });
    expect(item.data['refundedTotal']).toBeCloseTo(e.refunds.reduce((a, b) => a + b, 0), 2);
    expect(((item.data['refunds'] as { total: number }[] | undefined) ?? []).map((r) => r.total).sort()).toEqual([...e.refunds].sort());
    for (let n = 0; n < e.refunds.length; n++) {
      const refund = await domain.connectors.findItem(systemActor('test'), 'shopify', `refund:${e.orderId}${n + 1}`);
      expect(refund?.data, `refund ${n + 1} of order ${e.orderId}`).toMatchObject({ amount: e.refunds[n], currency: e.currency });
    }
  }

  it('net spend, order count and order status are right for any arrival order, with retries', async () => {
    await fc.assert(
      fc.asyncProperty(storyArb, async (story) => {
        for (const d of story.arrival) {
          await send(d);
          // Never negative on the way (a refund counted twice, or a cancel on top of its refunds, would be).
          const known = await domain.connectors.findItem(systemActor('test'), 'shopify', `order:${story.expected.find((o) => o.orderId === orderIdOf(d))?.orderId ?? ''}`);
          if (known) for (const m of (await domain.customers.profile(systemActor('test'), known.customerId))!.stats.lifetimeSpend) expect(m.amount).toBeGreaterThanOrEqual(0);
        }
        for (const e of story.expected) await checkOrder(e);
        for (let c = 0; c < story.customers; c++) {
          const orders = story.expected.filter((o) => o.customer === c);
          if (orders.length === 0) continue;
          const profile = (await domain.customers.profile(systemActor('test'), await customerOf(orders[0]!.orderId)))!;
          const spend = new Map<string, number>();
          for (const o of orders) spend.set(o.currency, Math.round(((spend.get(o.currency) ?? 0) + o.net) * 100) / 100);
          const expected = [...spend.entries()].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
          expect(profile.stats.lifetimeSpend, `customer ${c}`).toEqual(expected);
          expect(profile.stats.orderCount, `customer ${c}`).toBe(orders.filter((o) => !o.cancelled).length);
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
  }, 600_000);
});

function orderIdOf(d: Delivery): string {
  const id = d.topic.startsWith('refunds/') ? d.body['order_id'] : d.body['id'];
  return String(id);
}
