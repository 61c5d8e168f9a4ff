import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorResponseSchema, CounterProfileSchema, CounterSettingsSchema, CounterVisitResponseSchema, CustomerConsentResponseSchema, EVENT_TYPE, TimelinePageSchema, classifyEventType } from '../../shared/index.js';
import { shopifySignature } from '../connectors/shopify/verify.js';
import { connectorApp, TEST_SHOPIFY_SECRET, type ConnectorTestApp } from '../connectors/test/fixtures.js';
import { TEST_INGEST_KEY } from '../http/test-support.js';

/*
 * Counter mode through the real hub app (SQLite, or PostgreSQL when DATABASE_URL is set): connector-shaped
 * events (a signed Shopify order and its ready-for-pickup fulfillment, POS sale, return and pickup) read back
 * as the compact profile; visits, notes and a new customer's consent written through ingest.
 */

let h: ConnectorTestApp;
let associate: { authorization: string };
let agent: { authorization: string };
beforeAll(async () => {
  h = await connectorApp();
  const login = async (email: string, role: 'associate' | 'agent') => {
    await h.t.domain.auth.createUser({ email, name: role === 'associate' ? 'Sam Counter' : 'Ann Agent', role, password: 'counter-password-1' });
    const token = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'counter-password-1' } })).json<{ token: string }>().token;
    return { authorization: `Bearer ${token}` };
  };
  associate = await login('sam@store.test', 'associate');
  agent = await login('ann@store.test', 'agent');
});
afterAll(async () => {
  await h?.close();
});

let seq = 0;
async function shopify(topic: string, body: unknown) {
  const text = JSON.stringify(body);
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/connectors/shopify',
    headers: { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-webhook-id': `counter-${++seq}`, 'x-shopify-hmac-sha256': shopifySignature(TEST_SHOPIFY_SECRET, Buffer.from(text)) },
    payload: text,
  });
  expect(res.statusCode).toBeLessThan(300);
  return ConnectorResponseSchema.parse(res.json()).results[0]!.customerId;
}
async function pos(payload: Record<string, unknown>) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/connectors/pos', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  expect(res.statusCode).toBeLessThan(300);
}
const get = (url: string, headers = associate) => h.app.inject({ method: 'GET', url, headers });
const post = (url: string, payload: unknown, headers = associate) => h.app.inject({ method: 'POST', url, headers, payload: payload as object });

const recent = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const SHOPPER = { id: 77001, email: 'dana.shopper@hostmail.test', phone: '+14155550142', first_name: 'Dana', last_name: 'Shopper' };
const storeBase = { storeId: 'SF-UNION', storeName: 'Union Square', associate: 'Jo', currency: 'USD', customer: { email: SHOPPER.email } };

describe('counter compact profile from connector events', () => {
  let customerId: string;
  beforeAll(async () => {
    customerId = await shopify('orders/create', {
      id: 880001,
      name: '#5001',
      email: SHOPPER.email,
      created_at: recent(3 * 24 * 60),
      updated_at: recent(3 * 24 * 60),
      currency: 'USD',
      total_price: '64.00',
      financial_status: 'paid',
      line_items: [{ sku: 'STOVE', title: 'Camp stove', quantity: 1, price: '64.00' }],
      customer: SHOPPER,
    });
    await shopify('orders/create', {
      id: 880002,
      name: '#5002',
      email: SHOPPER.email,
      created_at: recent(2 * 24 * 60),
      updated_at: recent(2 * 24 * 60),
      currency: 'USD',
      total_price: '19.00',
      financial_status: 'paid',
      line_items: [{ sku: 'MUG', title: 'Enamel mug', quantity: 2, price: '9.50' }],
      customer: SHOPPER,
    });
    // #5001 is ready for pickup in the store; #5002 was picked up (the POS names it without the #).
    await shopify('fulfillments/create', { id: 990001, order_id: 880001, status: 'success', shipment_status: 'ready_for_pickup', created_at: recent(26 * 60) });
    await pos({ ...storeBase, receiptNumber: 'R-2001', type: 'sale', occurredAt: recent(5 * 60), lines: [{ title: 'Headlamp', quantity: 1, unitPrice: 30 }], total: 30, customer: { email: SHOPPER.email } });
    await pos({ ...storeBase, receiptNumber: 'R-2002', type: 'return', occurredAt: recent(4 * 60), lines: [{ title: 'Headlamp', quantity: 1, unitPrice: 30 }], total: 30, originalReceiptNumber: 'R-2001' });
    await pos({ ...storeBase, receiptNumber: 'R-2003', type: 'pickup', occurredAt: recent(3 * 60), total: 19, orderNumber: '5002' });
  });

  it('shows open orders with their pickup, purchases online and in store with returns, masked contacts for associates', async () => {
    const res = await get(`/api/v1/counter/customers/${customerId}`);
    expect(res.statusCode).toBe(200);
    const p = CounterProfileSchema.parse(res.json());
    expect(p.displayName).toBe('Dana Shopper');
    expect(p.pii?.masked).toBe(true);
    expect(p.emails).toEqual(['d•••@hostmail.test']);
    expect(JSON.stringify(p)).not.toContain('dana.shopper@hostmail.test');

    const ready = p.openOrders.find((o) => o.orderNumber === '#5001');
    expect(ready?.pickup).toMatchObject({ state: 'ready', pickedUpAt: null });
    expect(ready?.pickup?.readySince).toBeTruthy();
    expect(ready?.items).toBe('Camp stove');
    const picked = p.openOrders.find((o) => o.orderNumber === '#5002');
    expect(picked?.pickup).toMatchObject({ state: 'picked_up', storeName: 'Union Square' });

    const kinds = p.purchases.map((x) => `${x.where}:${x.kind}:${x.reference}`);
    expect(kinds).toContain('store:return:R-2002');
    expect(kinds).toContain('store:purchase:R-2001');
    expect(kinds).toContain('online:purchase:#5001');
    // A pickup is not a second purchase.
    expect(kinds.some((k) => k.includes('R-2003'))).toBe(false);
    expect(p.purchases.find((x) => x.reference === 'R-2002')?.total).toEqual({ amount: 30, currency: 'USD' });
  });

  it('agents see full contacts on the same route', async () => {
    const p = CounterProfileSchema.parse((await get(`/api/v1/counter/customers/${customerId}`, agent)).json());
    expect(p.emails).toEqual([SHOPPER.email]);
  });

  it('starts a visit (a repeated start answers the same visit), ends it, and both are store events in the vocabulary', async () => {
    const start = await post(`/api/v1/counter/customers/${customerId}/visit`, { action: 'start', storeId: 'SF-UNION', storeName: 'Union Square' });
    expect(start.statusCode).toBe(200);
    const visit = CounterVisitResponseSchema.parse(start.json()).visit!;
    expect(visit).toMatchObject({ storeName: 'Union Square', associate: 'Sam Counter' });
    const again = CounterVisitResponseSchema.parse((await post(`/api/v1/counter/customers/${customerId}/visit`, { action: 'start', storeId: 'SF-UNION' })).json());
    expect(again.visit?.visitId).toBe(visit.visitId);
    expect(CounterProfileSchema.parse((await get(`/api/v1/counter/customers/${customerId}`)).json()).visit?.visitId).toBe(visit.visitId);

    const end = await post(`/api/v1/counter/customers/${customerId}/visit`, { action: 'end' });
    expect(CounterVisitResponseSchema.parse(end.json()).visit).toBeNull();
    expect(CounterProfileSchema.parse((await get(`/api/v1/counter/customers/${customerId}`)).json()).visit).toBeNull();
    const endAgain = await post(`/api/v1/counter/customers/${customerId}/visit`, { action: 'end' });
    expect(endAgain.statusCode).toBe(409);

    const page = TimelinePageSchema.parse((await get(`/api/v1/customers/${customerId}/timeline?channel=store`, agent)).json());
    const visits = page.items.filter((i) => i.data['visitId'] === visit.visitId);
    expect(visits.map((i) => i.type).sort()).toEqual([EVENT_TYPE.storeCheckOut, EVENT_TYPE.storeCheckIn].sort());
    expect(visits.map((i) => classifyEventType(i.type).category).sort()).toEqual(['store_exit', 'store_visit']);
  });

  it('adds the associate’s note to the timeline and the profile', async () => {
    const res = await post(`/api/v1/counter/customers/${customerId}/notes`, { text: 'Wants the stove in green' });
    expect(res.statusCode).toBe(201);
    const p = CounterProfileSchema.parse((await get(`/api/v1/counter/customers/${customerId}`)).json());
    expect(p.notes[0]).toMatchObject({ author: 'Sam Counter', text: 'Wants the stove in green' });
  });

  it('refuses bad input with a 400 naming the field and writes nothing', async () => {
    const before = TimelinePageSchema.parse((await get(`/api/v1/customers/${customerId}/timeline?limit=500`, agent)).json()).items.length;
    const cases: [string, unknown, string][] = [
      [`/api/v1/counter/customers/${customerId}/notes`, { text: '   ' }, 'text'],
      [`/api/v1/counter/customers/${customerId}/visit`, { action: 'start' }, 'storeId'],
      [`/api/v1/counter/customers/${customerId}/visit`, { action: 'pause' }, 'action'],
      ['/api/v1/counter/customers', { name: 'No Ids', emailMarketing: false, smsMarketing: false }, 'email'],
      ['/api/v1/counter/customers', { name: 'Yes Sms', email: 'a@b.test', emailMarketing: false, smsMarketing: true }, 'smsMarketing'],
      ['/api/v1/counter/customers', { name: 'X', email: 'a@b.test', smsMarketing: false }, 'emailMarketing'],
    ];
    for (const [url, body, field] of cases) {
      const res = await post(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(JSON.stringify(res.json())).toContain(field);
    }
    expect(TimelinePageSchema.parse((await get(`/api/v1/customers/${customerId}/timeline?limit=500`, agent)).json()).items.length).toBe(before);
    expect((await get('/api/v1/counter/customers/cus_nobody')).statusCode).toBe(404);
  });
});

describe('new customer at the counter', () => {
  it('records the customer with their email and SMS marketing consent, read back by the privacy consent reader', async () => {
    const res = await post('/api/v1/counter/customers', { name: 'Rita Newman', email: 'rita.newman@hostmail.test', phone: '(415) 555-0199', emailMarketing: true, smsMarketing: false });
    expect(res.statusCode, res.body).toBe(201);
    const { customerId } = res.json<{ customerId: string }>();
    const consent = CustomerConsentResponseSchema.parse((await get(`/api/v1/customers/${customerId}/consent`, agent)).json());
    expect(Object.fromEntries(consent.consents.map((c) => [c.channel, c.state]))).toEqual({ email: 'granted', sms: 'denied' });
    const p = CounterProfileSchema.parse((await get(`/api/v1/counter/customers/${customerId}`)).json());
    expect(p.displayName).toBe('Rita Newman');
    expect(p.phones).toEqual(['••• ••• 0199']);
  });
});

describe('counter settings', () => {
  it('locks the counter at the caller’s session idle timeout', async () => {
    const s = CounterSettingsSchema.parse((await get('/api/v1/counter/settings')).json());
    expect(s.idleLockSeconds).toBe(30 * 60);
    const a = CounterSettingsSchema.parse((await get('/api/v1/counter/settings', agent)).json());
    expect(a.idleLockSeconds).toBe(8 * 60 * 60);
  });
});
