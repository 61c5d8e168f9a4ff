import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConnectorResponseSchema, StoreDataSchema } from '../../../shared/index.js';
import { TEST_INGEST_KEY } from '../../http/test-support.js';
import { connectorApp, type ConnectorTestApp } from '../test/fixtures.js';
import { findPans, luhnValid, maskPan } from './pan.js';
import { systemActor } from '../../../shared/actor.js';

let h: ConnectorTestApp;
beforeAll(async () => {
  h = await connectorApp();
});
afterAll(async () => {
  await h?.close();
});

const post = (payload: unknown) =>
  h.app.inject({ method: 'POST', url: '/api/v1/connectors/pos', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

const SALE = {
  storeId: 'SF-01',
  storeName: 'Union Square',
  associate: 'Jo',
  receiptNumber: 'R-1001',
  occurredAt: '2024-05-01T15:00:00-07:00',
  customer: { loyaltyId: 'LC-900', name: 'Eve Store' },
  lines: [{ sku: '4006381333931', title: 'Pen', quantity: 2, unitPrice: 2.5 }],
  subtotal: 5,
  tax: 0.44,
  total: 5.44,
  currency: 'usd',
  payment: { method: 'card', cardBrand: 'visa', cardLast4: '4242' },
};

describe('pan detection', () => {
  it('finds Luhn-valid 13-19 digit runs (spaced or dashed) and masks them to the last 4', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(findPans('card 4111 1111 1111 1111 ok')).toEqual(['4111 1111 1111 1111']);
    expect(findPans('receipt 4111111111111112')).toEqual([]);
    expect(maskPan('pay 5555-5555-5555-4444.')).toBe('pay ****4444.');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{15}$/), (body) => {
        // Complete any 15-digit body to a Luhn-valid 16-digit PAN: always found.
        const check = [...Array(10).keys()].find((d) => luhnValid(body + d))!;
        return findPans(`x ${body}${check} y`).length === 1;
      }),
    );
  });
});

describe('pos connector', () => {
  it('ingests a receipt (store item, loyalty id, receipt searchable, card last4 only) and dedupes', async () => {
    const res = await post(SALE);
    expect(res.statusCode, res.body).toBe(202);
    const r = ConnectorResponseSchema.parse(res.json()).results[0]!;
    expect((await post(SALE)).json()).toMatchObject({ results: [{ status: 'duplicate', eventId: r.eventId }] });
    const page = await h.t.domain.customers.timeline(systemActor('test'), r.customerId, { limit: 10, channel: undefined });
    const data = StoreDataSchema.parse(page!.items[0]!.data);
    expect(data).toMatchObject({ storeId: 'SF-01', visitType: 'purchase', receiptNumber: 'R-1001', total: 5.44, currency: 'USD', associate: 'Jo' });
    expect(page!.items[0]!.data['payment']).toEqual({ method: 'card', cardBrand: 'visa', cardLast4: '4242' });
    expect((await h.t.domain.customers.search(systemActor('test'), 'R-1001', 5)).map((c) => c.id)).toEqual([r.customerId]);

    // A return subtracts, a pickup does not count as spend again.
    await post({ ...SALE, type: 'return', receiptNumber: 'R-1002', originalReceiptNumber: 'R-1001', total: 2.72 });
    await post({ ...SALE, type: 'pickup', receiptNumber: 'P-1', orderNumber: '#1001', total: 99 });
    const profile = await h.t.domain.customers.profile(systemActor('test'), r.customerId);
    expect(profile!.stats.lifetimeSpend).toEqual([{ currency: 'USD', amount: 2.72 }]);
    expect(profile!.stats.channelCounts.store).toBe(3);
  });

  it('rejects a full card number anywhere (naming the field) and keeps only a masked copy', async () => {
    const res = await post({ ...SALE, receiptNumber: 'R-2', payment: { method: 'card' }, note: 'x', lines: [{ title: 'gift card 4111-1111-1111-1111', quantity: 1, unitPrice: 5 }] });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['lines[0].title']);
    const bad2 = await post({ ...SALE, receiptNumber: 'R-3', payment: { cardLast4: '4111111111111111' } });
    expect(bad2.statusCode).toBe(400);
    const letters = await h.t.domain.connectors.listDeadLetters(systemActor('test'), { connector: 'pos', limit: 10 });
    expect(letters).toHaveLength(2);
    for (const d of letters) {
      const kept = Buffer.from(d.bodyBase64, 'base64').toString();
      expect(kept).not.toMatch(/4111[- ]?1111[- ]?1111[- ]?1111/);
      expect(kept).toContain('****1111');
    }
    // Barcodes are product codes, not cards.
    expect((await post({ ...SALE, receiptNumber: 'R-4', lines: [{ sku: '4111111111111111', title: 'x', quantity: 1, unitPrice: 1 }] })).statusCode).toBe(202);
  });

  it('validates at the boundary: missing total / bad currency / no customer identifiers are 400s naming the field', async () => {
    const { total: _t, ...noTotal } = SALE;
    expect((await post(noTotal)).json()).toMatchObject({ error: { issues: [{ path: 'total' }] } });
    expect((await post({ ...SALE, currency: 'dollars' })).json()).toMatchObject({ error: { issues: [{ path: 'currency' }] } });
    expect((await post({ ...SALE, receiptNumber: 'R-9', customer: { name: 'Anon' } })).json()).toMatchObject({ error: { issues: [{ path: 'customer' }] } });
  });
});
