import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posEvent, PosPayloadSchema } from '../connectors/pos/pos-connector.js';
import type { SqlDomain } from '../create-domain.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';
import { loadNetPurchases, netPurchases, spendAndOrders, type MoneyEvent } from './net-purchases.js';
import { systemActor } from '../../shared/actor.js';

let n = 0;
const ev = (channel: string, type: string, data: Record<string, unknown>, minute = n): MoneyEvent => ({ id: `e${++n}`, channel, type, occurredUs: Date.UTC(2025, 0, 1) * 1000 + minute * 60_000_000, data });

describe('netPurchases', () => {
  it('nets refunds and returns against their order / original receipt, never below 0', () => {
    const out = netPurchases([
      ev('purchase', 'order.placed', { orderNumber: 'A1', total: 100, currency: 'usd' }),
      ev('purchase', 'order.refunded', { orderNumber: 'A1', total: 30, currency: 'USD' }),
      ev('purchase', 'order.refunded', { orderNumber: 'A1', total: 90, currency: 'USD' }),
      ev('store', 'store.purchase', { receiptNumber: 'R1', total: 50, currency: 'EUR' }),
      ev('store', 'store.return', { receiptNumber: 'R2', originalReceiptNumber: 'R1', total: 20, currency: 'EUR' }),
    ]);
    expect(out.map((p) => [p.key, p.currency, p.net, p.counted])).toEqual([
      ['order:A1', 'USD', 0, true],
      ['receipt:R1', 'EUR', 30, true],
    ]);
  });

  it('a refund of a purchase the hub never saw still lowers spend (e.g. retail-dataset cancellations), but lifetime spend stays >= 0', () => {
    const out = netPurchases([ev('purchase', 'order', { orderNumber: '536365', total: 40, currency: 'GBP' }), ev('purchase', 'refund', { orderNumber: 'C536379', total: 15, currency: 'GBP' })]);
    expect(spendAndOrders(out)).toEqual({ lifetimeSpend: [{ currency: 'GBP', amount: 25 }], orderCount: 1 });
    expect(spendAndOrders(netPurchases([ev('store', 'store.return', { receiptNumber: 'X', total: 9, currency: 'USD' })]))).toEqual({ lifetimeSpend: [{ currency: 'USD', amount: 0 }], orderCount: 0 });
  });

  it('a cancelled order is not counted; a fully refunded Shopify order (net 0, gross > 0) is', () => {
    const out = netPurchases([
      ev('purchase', 'order', { orderId: '1', orderNumber: '#1', total: 0, grossTotal: 80, status: 'cancelled', currency: 'USD' }),
      ev('purchase', 'order', { orderId: '2', orderNumber: '#2', total: 0, grossTotal: 80, status: 'refunded', currency: 'USD' }),
      ev('purchase', 'refund', { orderId: '2', orderNumber: '#2', amount: 80, currency: 'USD' }),
    ]);
    expect(spendAndOrders(out)).toEqual({ lifetimeSpend: [{ currency: 'USD', amount: 0 }], orderCount: 1 });
  });

  it('does not depend on event order', () => {
    const events = [
      ev('purchase', 'order.placed', { orderNumber: 'A', total: 10, currency: 'USD' }, 5),
      ev('purchase', 'order.refunded', { orderNumber: 'A', total: 4, currency: 'USD' }, 1),
      ev('store', 'store.purchase', { receiptNumber: 'S', total: 7, currency: 'EUR' }, 3),
      ev('store', 'store.return', { receiptNumber: 'T', originalReceiptNumber: 'S', total: 9, currency: 'EUR' }, 4),
      ev('purchase', 'order.cancelled', { orderNumber: 'B', total: 3, currency: 'USD' }, 2),
    ];
    const expected = netPurchases(events);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        expect(netPurchases(shuffled)).toEqual(expected);
      }),
    );
  });
});

describe.each(testDialects())('POS sale + return through the POS mapping on %s', (dialect) => {
  let domain: SqlDomain;
  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
  }, 60_000);
  afterAll(async () => {
    await domain.close();
  });

  const pos = (over: Record<string, unknown>) =>
    posEvent(PosPayloadSchema.parse({ storeId: 'S1', occurredAt: '2025-02-01T10:00:00Z', customer: { loyaltyId: 'LOY-77' }, currency: 'USD', ...over }), 'US');

  it('a return joins its sale: counted once, retries change nothing, a return larger than the sale stops at 0', async () => {
    const sale = pos({ receiptNumber: 'R-100', total: 100 });
    const ret = pos({ receiptNumber: 'R-101', type: 'return', originalReceiptNumber: 'R-100', total: 30, occurredAt: '2025-02-02T10:00:00Z' });
    const out = await domain.ingest.ingest(systemActor('test'), [sale, ret, ret]);
    await domain.ingest.ingest(systemActor('test'), [ret, sale]);
    const id = out.results[0]!.customerId;
    expect((await domain.customers.profile(systemActor('test'), id))!.stats).toMatchObject({ lifetimeSpend: [{ currency: 'USD', amount: 70 }], orderCount: 1 });
    await domain.ingest.ingest(systemActor('test'), [pos({ receiptNumber: 'R-102', type: 'return', originalReceiptNumber: 'R-100', total: 90, occurredAt: '2025-02-03T10:00:00Z' })]);
    expect((await domain.customers.profile(systemActor('test'), id))!.stats).toMatchObject({ lifetimeSpend: [{ currency: 'USD', amount: 0 }], orderCount: 1 });
    expect((await loadNetPurchases(domain.database.db, id)).map((p) => [p.key, p.net])).toEqual([['receipt:R-100', 0]]);
  });
});
