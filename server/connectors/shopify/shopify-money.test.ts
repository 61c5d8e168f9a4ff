import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../storage/test-database.js';
import { shopifyTestApp, type ShopifyTestApp } from './test-app.js';
import { systemActor } from '../../../shared/actor.js';

/*
 * The reported cases, through the real webhook route on both backends and in every arrival order.
 * The general proof is shopify-money.property.test.ts; these pin the figures from the issue.
 */

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

let next = 1000;
function order(over: Record<string, unknown> = {}) {
  const id = next++;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    email: `money${id}@example.com`,
    created_at: '2025-03-01T10:00:00Z',
    updated_at: '2025-03-01T10:00:00Z',
    currency: 'USD',
    total_price: '129.50',
    current_total_price: '129.50',
    financial_status: 'paid',
    fulfillment_status: null,
    line_items: [{ title: 'Boots', quantity: 1, price: '129.50' }],
    customer: { id: id * 10, email: `money${id}@example.com` },
    ...over,
  };
}
const refund = (id: number, orderId: number, amount: string, currency = 'USD') => ({
  id,
  order_id: orderId,
  processed_at: '2025-03-03T10:00:00Z',
  transactions: [{ kind: 'refund', status: 'success', amount, currency }],
});

describe.each(testDialects())('Shopify money, reported cases, on %s', (dialect) => {
  let h: ShopifyTestApp;
  beforeAll(async () => {
    h = await shopifyTestApp(dialect);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  async function deliverAll(deliveries: { topic: string; key: string; body: unknown }[]): Promise<void> {
    for (const d of deliveries) {
      const res = await h.send(d.topic, d.key, d.body);
      expect(res.statusCode, res.body).toBe(202);
    }
  }
  async function outcome(orderId: number) {
    const item = (await h.domain.connectors.findItem(systemActor('test'), 'shopify', `order:${orderId}`))!;
    const stats = (await h.domain.customers.profile(systemActor('test'), item.customerId))!.stats;
    return { item, spend: stats.lifetimeSpend, orders: stats.orderCount };
  }

  it('create 129.50, fulfilled, refund 26.98, partially_refunded (current 102.52): 102.52 in all 24 arrival orders, retries included', async () => {
    for (const [p, perm] of permutations([0, 1, 2, 3]).entries()) {
      const o = order();
      const k = (n: number) => `ex-${o.id}-${n}`;
      const all = [
        { topic: 'orders/create', key: k(0), body: o },
        { topic: 'orders/updated', key: k(1), body: { ...o, updated_at: '2025-03-02T10:00:00Z', fulfillment_status: 'fulfilled' } },
        { topic: 'refunds/create', key: k(2), body: refund(o.id * 10 + 1, o.id, '26.98') },
        { topic: 'orders/updated', key: k(3), body: { ...o, updated_at: '2025-03-03T10:00:00Z', fulfillment_status: 'fulfilled', financial_status: 'partially_refunded', current_total_price: '102.52' } },
      ];
      const arrival = perm.map((i) => all[i]!);
      await deliverAll([...arrival, arrival[p % 4]!, arrival[(p + 1) % 4]!]);
      const { item, spend, orders } = await outcome(o.id);
      expect(spend, `arrival ${perm.join('')}`).toEqual([{ currency: 'USD', amount: 102.52 }]);
      expect(orders).toBe(1);
      expect(item.data).toMatchObject({ total: 102.52, grossTotal: 129.5, refundedTotal: 26.98, status: 'fulfilled', financialStatus: 'partially_refunded' });
      expect(item.summary).toBe(`Order #${o.id} · $102.52 (fulfilled, $26.98 refunded)`);
    }
  }, 120_000);

  it('fully refunded then cancelled: 0, never negative, not counted as an order, in every arrival order', async () => {
    for (const perm of permutations([0, 1, 2])) {
      const o = order({ total_price: '80.00', current_total_price: '80.00' });
      const k = (n: number) => `fc-${o.id}-${n}`;
      const all = [
        { topic: 'orders/create', key: k(0), body: o },
        { topic: 'refunds/create', key: k(1), body: refund(o.id * 10 + 1, o.id, '80.00') },
        { topic: 'orders/cancelled', key: k(2), body: { ...o, updated_at: '2025-03-04T10:00:00Z', cancelled_at: '2025-03-04T10:00:00Z', financial_status: 'refunded', current_total_price: '0.00' } },
      ];
      for (const i of perm) {
        await deliverAll([all[i]!]);
        const known = await h.domain.connectors.findItem(systemActor('test'), 'shopify', `order:${o.id}`);
        if (known) for (const m of (await h.domain.customers.profile(systemActor('test'), known.customerId))!.stats.lifetimeSpend) expect(m.amount).toBeGreaterThanOrEqual(0);
      }
      const { item, spend, orders } = await outcome(o.id);
      expect(spend, `arrival ${perm.join('')}`).toEqual([{ currency: 'USD', amount: 0 }]);
      expect(orders).toBe(0);
      expect(item.data).toMatchObject({ total: 0, status: 'cancelled', refundedTotal: 80 });
    }
  }, 120_000);

  it('an order and its refund delivered at the same moment: the refund is never stranded', async () => {
    for (let i = 0; i < 15; i++) {
      const o = order({ total_price: '60.00', current_total_price: '60.00' });
      const answers = await Promise.all([
        h.send('refunds/create', `cc-${o.id}-r`, refund(o.id * 10 + 1, o.id, '15.00')),
        h.send('orders/create', `cc-${o.id}-o`, o),
        h.send('refunds/create', `cc-${o.id}-r2`, refund(o.id * 10 + 2, o.id, '5.00')),
      ]);
      for (const a of answers) expect(a.statusCode, a.body).toBe(202);
      const { item, spend } = await outcome(o.id);
      expect(spend).toEqual([{ currency: 'USD', amount: 40 }]);
      expect(item.data).toMatchObject({ refundedTotal: 20, status: 'partially_refunded' });
    }
  }, 120_000);

  it('a stale orders/updated never overwrites newer state (by updated_at)', async () => {
    const o = order({ total_price: '50.00', current_total_price: '50.00', financial_status: 'pending' });
    await deliverAll([
      { topic: 'orders/cancelled', key: `st-${o.id}-2`, body: { ...o, updated_at: '2025-03-05T10:00:00Z', cancelled_at: '2025-03-05T10:00:00Z', financial_status: 'voided' } },
      { topic: 'orders/paid', key: `st-${o.id}-1`, body: { ...o, updated_at: '2025-03-02T10:00:00Z', financial_status: 'paid' } },
    ]);
    const { item, spend } = await outcome(o.id);
    expect(item.data).toMatchObject({ status: 'cancelled', financialStatus: 'voided', total: 0 });
    expect(spend).toEqual([{ currency: 'USD', amount: 0 }]);
  }, 120_000);

  it('multi-currency: spend stays per currency, a refund in the presentment currency is counted at the order rate', async () => {
    const email = `multi${next}@example.com`;
    const customer = { id: 424242, email };
    const usd = order({ email, customer, total_price: '40.00', current_total_price: '40.00' });
    const eur = order({
      email,
      customer,
      currency: 'USD',
      presentment_currency: 'EUR',
      total_price: '110.00',
      current_total_price: '110.00',
      total_price_set: { shop_money: { amount: '110.00', currency_code: 'USD' }, presentment_money: { amount: '100.00', currency_code: 'EUR' } },
    });
    const gbp = order({ email, customer, currency: 'GBP', total_price: '25.00', current_total_price: '25.00' });
    await deliverAll([
      { topic: 'refunds/create', key: `mc-${eur.id}-r`, body: refund(eur.id * 10 + 1, eur.id, '50.00', 'EUR') },
      { topic: 'orders/create', key: `mc-${usd.id}`, body: usd },
      { topic: 'orders/create', key: `mc-${eur.id}`, body: eur },
      { topic: 'orders/create', key: `mc-${gbp.id}`, body: gbp },
      { topic: 'refunds/create', key: `mc-${gbp.id}-r`, body: refund(gbp.id * 10 + 1, gbp.id, '5.00', 'GBP') },
    ]);
    const { spend, orders } = await outcome(usd.id);
    // USD: 40 + (110 - 50 EUR * 1.1) = 95; GBP: 25 - 5 = 20.
    expect(spend).toEqual([
      { currency: 'USD', amount: 95 },
      { currency: 'GBP', amount: 20 },
    ]);
    expect(orders).toBe(3);
  }, 120_000);
});
