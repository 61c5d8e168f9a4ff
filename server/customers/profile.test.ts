import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyChannelCounts } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { systemActor } from '../../shared/actor.js';

describe.each(testDialects())('customer profile on %s', (dialect) => {
  let domain: SqlDomain;
  let id: string;

  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
    const who = { email: 'spender@x.com', name: 'Sam Spender' };
    const out = await domain.ingest.ingest(systemActor('test'), [
      testEvent(who, { channel: 'purchase', type: 'order.placed', occurredAt: '2023-01-02T03:04:05.000001Z', data: { orderNumber: 'A1', total: 100, currency: 'usd' } }),
      testEvent(who, { channel: 'purchase', type: 'order.shipped', occurredAt: '2023-01-03T00:00:00Z', data: { orderNumber: 'A1' } }),
      testEvent(who, { channel: 'purchase', type: 'order.refunded', occurredAt: '2023-02-01T00:00:00Z', data: { orderNumber: 'A1', total: 30, currency: 'USD' } }),
      testEvent(who, { channel: 'store', type: 'store.purchase', occurredAt: '2023-03-01T00:00:00Z', data: { receiptNumber: 'R9', total: 50, currency: 'EUR' } }),
      testEvent(who, { channel: 'purchase', type: 'order.placed', occurredAt: '2023-04-01T00:00:00Z', data: { orderNumber: 'A2', total: 20.1 } }),
      testEvent(who, { channel: 'email', type: 'email.received', occurredAt: '2024-06-30T23:59:59.999999+02:00' }),
      testEvent(who, { channel: 'phone', type: 'call.inbound', occurredAt: '2023-06-01T00:00:00Z' }),
    ]);
    id = out.results[0]!.customerId;
  });
  afterAll(async () => {
    await domain.close();
  });

  it('computes per-channel counts (all channels, zeros included), spend per currency, orders, first/last seen', async () => {
    const p = (await domain.customers.profile(systemActor('test'), id))!;
    expect(p.stats.channelCounts).toEqual({ ...emptyChannelCounts(), purchase: 4, store: 1, email: 1, phone: 1 });
    expect(p.stats.eventCount).toBe(7);
    expect(p.stats.lifetimeSpend).toEqual([
      { currency: 'USD', amount: 90.1 },
      { currency: 'EUR', amount: 50 },
    ]);
    expect(p.stats.orderCount).toBe(3);
    expect(p.stats.firstSeenAt).toBe('2023-01-02T03:04:05.000001Z');
    expect(p.stats.lastSeenAt).toBe('2024-06-30T21:59:59.999999Z');
    expect(p.requestedId).toBe(id);
    expect(p.createdAt).toMatch(/Z$/);
    expect(p.merges).toEqual([]);
  });

  it('answers null for an unknown id', async () => {
    expect(await domain.customers.profile(systemActor('test'), 'cus_nope')).toBeNull();
    expect(await domain.customers.summary(systemActor('test'), 'cus_nope')).toBeNull();
  });
});
