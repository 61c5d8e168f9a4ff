import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../common.js';
import { orderEvents, refundEvents } from './map.js';
import { deriveOrder, mergeOrderData, refundFact } from './order-money.js';
import { storyArb } from './test-stories.js';

/** Every order-item state a story's deliveries produce (snapshots and refund patches), through the real mapping. */
function orderStates(deliveries: { topic: string; key: string; body: Json }[], orderId: string): Json[] {
  const snapshot = deliveries.find((d) => d.topic.startsWith('orders/') && String(d.body['id']) === orderId)!;
  const anchor = orderEvents(snapshot.body, { topic: snapshot.topic, key: snapshot.key, receivedAt: '2025-01-01T00:00:00Z' }, 'US')[0]!;
  const stored = { ref: anchor.customer, data: anchor.data ?? {}, occurredAt: anchor.occurredAt };
  return deliveries.flatMap((d) => {
    const delivery = { topic: d.topic, key: d.key, receivedAt: '2025-01-01T00:00:00Z' };
    const events = d.topic.startsWith('orders/') ? (String(d.body['id']) === orderId ? orderEvents(d.body, delivery, 'US') : []) : String(d.body['order_id']) === orderId ? refundEvents(d.body, stored, delivery) : [];
    return events.filter((e) => e.sourceEventId === `order:${orderId}`).map((e) => e.data ?? {});
  });
}

describe('order money model', () => {
  it('merging the states of an order gives the same item in any order (commutative, associative, idempotent)', () => {
    fc.assert(
      fc.property(storyArb, fc.array(fc.nat(1000), { minLength: 40, maxLength: 40 }), (story, ranks) => {
        for (const e of story.expected) {
          const states = orderStates(story.deliveries, e.orderId);
          const fold = (xs: Json[]) => xs.slice(1).reduce((acc, x) => mergeOrderData(acc, x), xs[0]!);
          const reference = fold(states);
          const shuffled = states.map((x, i) => ({ x, r: ranks[i % ranks.length]! * 100 + i })).sort((a, b) => a.r - b.r).map((y) => y.x);
          expect(fold([...shuffled, ...shuffled.slice(0, 2)])).toEqual(reference);
          expect(reference).toMatchObject({ total: e.net, status: e.status, grossTotal: e.gross });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('net = min(gross - refunds, current), 0 when cancelled, never negative', () => {
    expect(deriveOrder({ grossTotal: 129.5, currentTotal: 102.52, refunds: [{ id: '1', total: 26.98 }] })).toMatchObject({ total: 102.52, refundedTotal: 26.98 });
    expect(deriveOrder({ grossTotal: 129.5, currentTotal: 129.5, refunds: [{ id: '1', total: 26.98 }] })).toMatchObject({ total: 102.52 });
    expect(deriveOrder({ grossTotal: 129.5, currentTotal: 102.52 })).toMatchObject({ total: 102.52, refundedTotal: 0 });
    expect(deriveOrder({ grossTotal: 80, currentTotal: 0, refunds: [{ id: '1', total: 80 }, { id: '2', total: 10 }] })).toMatchObject({ total: 0, status: 'refunded' });
    expect(deriveOrder({ grossTotal: 80, cancelledAt: '2025-01-01T00:00:00Z', refunds: [{ id: '1', total: 80 }] })).toMatchObject({ total: 0, status: 'cancelled' });
  });

  it('a refund counts its successful refund transactions, converts presentment money at the order rate, else its lines', () => {
    const order = { currency: 'USD', presentmentCurrency: 'EUR', shopPerPresentment: 1.1 };
    const tx = (amount: string, currency: string, status = 'success', kind = 'refund') => ({ kind, status, amount, currency });
    expect(refundFact({ transactions: [tx('10.00', 'USD'), tx('10.00', 'USD', 'failure'), tx('5.00', 'USD', 'success', 'sale')] }, order, 'r').total).toBe(10);
    expect(refundFact({ transactions: [tx('50.00', 'EUR')] }, order, 'r').total).toBe(55);
    expect(refundFact({ refund_line_items: [{ subtotal: 20, total_tax: 1.5, subtotal_set: { shop_money: { amount: '22.00' } } }] }, order, 'r').total).toBe(23.5);
  });
});
