import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorResponseSchema, CustomerExportSchema, CustomerProfileSchema, DeadLetterListSchema, ErasureResultSchema, PrivacyRequestListSchema, TimelinePageSchema } from '../../shared/index.js';
import { userActor } from '../../shared/actor.js';
import { shopifySignature } from '../connectors/shopify/verify.js';
import { connectorApp, TEST_SHOPIFY_SECRET, type ConnectorTestApp } from '../connectors/test/fixtures.js';
import type { Db } from '../storage/schema.js';

/*
 * Privacy requests through the real hub app (SQLite, or PostgreSQL when DATABASE_URL is set): signed Shopify
 * deliveries, export, erasure, tombstones, dead letters, the mandatory privacy webhooks.
 */

let h: ConnectorTestApp;
let agentToken: string;
beforeAll(async () => {
  h = await connectorApp();
  await h.t.domain.auth.createUser({ email: 'agent@shop.test', name: 'Agent', role: 'agent', password: 'agent-password-1' });
  agentToken = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent@shop.test', password: 'agent-password-1' } })).json<{ token: string }>().token;
});
afterAll(async () => {
  await h?.close();
});

const db = () => (h.t.domain as unknown as { database: { db: Db } }).database.db;
const admin = () => ({ authorization: `Bearer ${h.adminToken}` });
let seq = 0;
async function shopify(topic: string, body: unknown, key = `wh-${++seq}`) {
  const text = JSON.stringify(body);
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/connectors/shopify',
    headers: { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-webhook-id': key, 'x-shopify-hmac-sha256': shopifySignature(TEST_SHOPIFY_SECRET, Buffer.from(text)) },
    payload: text,
  });
  return { status: res.statusCode, json: res.json() as unknown, key };
}
const get = (url: string, headers = admin()) => h.app.inject({ method: 'GET', url, headers });
const erase = (id: string, reason = 'customer asked to be forgotten', headers = admin()) => h.app.inject({ method: 'POST', url: `/api/v1/customers/${id}/erase`, headers, payload: { reason } });
const customerOf = (r: { json: unknown }) => ConnectorResponseSchema.parse(r.json).results[0]!.customerId;

function person(n: number) {
  return { id: 9100 + n, email: `person${n}@hostmail.test`, phone: `+1613612${String(1000 + n)}`, first_name: 'Bob', last_name: `Norman${n}` };
}
function order(n: number, orderId: number, customer = person(n)) {
  return {
    id: orderId,
    name: `#${orderId}`,
    email: customer.email,
    created_at: '2024-05-01T10:00:00-04:00',
    updated_at: '2024-05-01T10:00:00-04:00',
    currency: 'USD',
    total_price: '100.00',
    financial_status: 'paid',
    line_items: [{ sku: 'SKU-1', title: 'Engraved ring for Bob', quantity: 1, price: '100.00' }],
    customer: { ...customer, email_marketing_consent: { state: 'subscribed' } },
    shipping_address: { address1: 'Chestnut Street 92', city: 'Louisville', zip: '40202', name: `Bob Norman${n}` },
  };
}

describe('privacy requests over HTTP', () => {
  it('exports everything held (JSON and ZIP with attachments), audited; agents may not', async () => {
    const c = customerOf(await shopify('customers/create', { ...person(1), created_at: '2024-04-01T10:00:00Z', email_marketing_consent: { state: 'subscribed' }, sms_marketing_consent: { state: 'unsubscribed' } }));
    await shopify('orders/create', order(1, 5001));
    // An email with a stored attachment (content-addressed file, as the email connector writes it).
    const bytes = Buffer.from('%PDF-1.4 receipt for person1');
    const sha = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(join(h.attachmentsDir, sha.slice(0, 2)), { recursive: true });
    writeFileSync(join(h.attachmentsDir, sha.slice(0, 2), sha), bytes);
    await h.t.domain.ingest.ingest(userActor({ id: 'x', email: 'x', name: 'x', role: 'admin' } as never), [
      { source: 'email', sourceEventId: 'mail-1', channel: 'email', type: 'email.received', occurredAt: '2024-05-02T10:00:00Z', customer: { email: 'person1@hostmail.test' }, summary: 'Receipt please', data: { text: 'hi', attachments: [{ filename: 'receipt.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha, stored: true }] } },
    ]);

    const res = await get(`/api/v1/customers/${c}/export`);
    expect(res.statusCode).toBe(200);
    const data = CustomerExportSchema.parse(res.json());
    expect(data.profiles[0]).toMatchObject({ id: c, displayName: 'Bob Norman1' });
    expect(data.identifiers.map((i) => `${i.kind}:${i.value}`)).toEqual(expect.arrayContaining(['email:person1@hostmail.test', 'phone:+16136121001', 'external:shopify:9101']));
    expect(data.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['account.created', 'order', 'email.received']));
    expect(data.timeline.find((e) => e.type === 'order')!.data).toMatchObject({ total: 100, currency: 'USD' });
    expect(data.consents).toEqual([
      expect.objectContaining({ channel: 'email', state: 'granted' }),
      expect.objectContaining({ channel: 'sms', state: 'denied' }),
    ]);
    expect(data.attachments).toEqual([expect.objectContaining({ filename: 'receipt.pdf', sha256: sha, stored: true })]);

    const zip = await get(`/api/v1/customers/${c}/export?format=zip`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    expect(CustomerExportSchema.parse(JSON.parse(strFromU8(files['export.json']!))).customerId).toBe(c);
    expect(Buffer.from(files['attachments/001-receipt.pdf']!).equals(bytes)).toBe(true);

    const audit = await db().selectFrom('audit_log').select(['action', 'subject_id']).where('action', '=', 'privacy.export').execute();
    expect(audit).toContainEqual({ action: 'privacy.export', subject_id: c });
    expect((await get(`/api/v1/customers/${c}/export`, { authorization: `Bearer ${agentToken}` })).statusCode).toBe(403);
    expect((await erase(c, 'no', { authorization: `Bearer ${agentToken}` })).statusCode).toBe(403);
    // Bad input: a 400 naming the field, nothing written.
    const bad = await erase(c, ' ');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('reason');
    expect((await get('/api/v1/customers/cus_nobody/export')).statusCode).toBe(404);
  });

  it('erases personal data, keeps anonymous totals, scrubs dead letters; a retry of an old webhook does not resurrect; a new event starts a new profile', async () => {
    const first = await shopify('orders/create', order(2, 6001));
    const c = customerOf(first);
    await shopify('orders/create', order(2, 6002));
    // A delivery that failed while naming the person is a dead letter holding their email.
    const failed = await shopify('orders/create', { id: 6003, email: 'person2@hostmail.test', total_price: 'x', customer: { email: 'not-an-email' } });
    expect(failed.status).toBe(400);
    const spendBefore = CustomerProfileSchema.parse((await get(`/api/v1/customers/${c}`)).json()).stats.lifetimeSpend;
    const attachmentsBefore = (await db().selectFrom('events').select('id').execute()).length;

    const res = await erase(c);
    expect(res.statusCode).toBe(200);
    const result = ErasureResultSchema.parse(res.json());
    expect(result).toMatchObject({ customerId: c, events: 2, deadLetters: 1 });
    expect(result.identifiers).toBeGreaterThanOrEqual(3);

    const profile = CustomerProfileSchema.parse((await get(`/api/v1/customers/${c}`)).json());
    expect(profile.displayName).toBe('Erased customer');
    expect(profile.emails).toEqual([]);
    expect(profile.phones).toEqual([]);
    expect(profile.stats.lifetimeSpend).toEqual(spendBefore);
    const page = TimelinePageSchema.parse((await get(`/api/v1/customers/${c}/timeline`)).json());
    expect(page.items).toHaveLength(2);
    for (const item of page.items) {
      expect(item).toMatchObject({ channel: 'purchase', type: 'order', summary: null });
      expect(item.data).toMatchObject({ total: 100, currency: 'USD', erased: true });
      expect(JSON.stringify(item)).not.toMatch(/person2|Norman2|Chestnut|Engraved|6136121002/);
    }
    const everything = JSON.stringify(await db().selectFrom('events').selectAll().where('customer_id', '=', c).execute());
    expect(everything).not.toMatch(/person2@|Norman2|Chestnut/);
    expect(await db().selectFrom('identifiers').selectAll().where('customer_id', '=', c).execute()).toEqual([]);
    const letters = DeadLetterListSchema.parse((await get('/api/v1/dead-letters?connector=shopify&status=resolved')).json()).deadLetters;
    expect(letters.some((d) => Buffer.from(d.bodyBase64, 'base64').toString().includes('person2@'))).toBe(false);
    const openLetters = DeadLetterListSchema.parse((await get('/api/v1/dead-letters?connector=shopify')).json()).deadLetters;
    expect(openLetters.some((d) => Buffer.from(d.bodyBase64, 'base64').toString().includes('person2@'))).toBe(false);
    expect(await db().selectFrom('audit_log').select('action').where('action', '=', 'privacy.erase').where('subject_id', '=', c).execute()).toHaveLength(1);

    // Shopify retries the old delivery (same webhook id) and re-sends the order (a new webhook id, same order):
    // both answered, neither brings the person back nor is dead-lettered.
    const lettersBefore = (await db().selectFrom('dead_letters').select('id').execute()).length;
    for (const retry of [await shopify('orders/create', order(2, 6001), first.key), await shopify('orders/updated', order(2, 6001))]) {
      expect(retry.status).toBe(202);
      expect(ConnectorResponseSchema.parse(retry.json).results[0]).toMatchObject({ status: 'duplicate', customerId: c });
    }
    expect((await db().selectFrom('dead_letters').select('id').execute()).length).toBe(lettersBefore);
    expect(await db().selectFrom('identifiers').selectAll().where('value', '=', 'person2@hostmail.test').execute()).toEqual([]);
    expect(JSON.stringify(await db().selectFrom('events').select('data').where('customer_id', '=', c).execute())).not.toContain('Norman2');
    expect((await db().selectFrom('events').select('id').execute()).length).toBe(attachmentsBefore);

    // A shipment or refund of the erased order neither recreates the person nor is held with their data.
    const ship = await shopify('fulfillments/create', { id: 77001, order_id: 6001, status: 'success', created_at: '2024-05-03T10:00:00Z', email: 'person2@hostmail.test', destination: { first_name: 'Bob', last_name: 'Norman2', phone: '+16136121002' } });
    expect(ship.status).toBe(202);
    expect(ConnectorResponseSchema.parse(ship.json).handled).toMatch(/erased order/);
    const refund = await shopify('refunds/create', { id: 88001, order_id: 6001, created_at: '2024-05-04T10:00:00Z', note: 'Bob Norman2 asked', transactions: [{ kind: 'refund', status: 'success', amount: '10.00', currency: 'USD' }] });
    expect(refund.status).toBe(202);
    expect(JSON.stringify(await db().selectFrom('held_deliveries').selectAll().execute())).not.toContain('Norman2');
    expect(await db().selectFrom('identifiers').selectAll().where('value', '=', 'person2@hostmail.test').execute()).toEqual([]);

    // The person comes back with a new order: a new profile, nothing of the old one.
    const back = customerOf(await shopify('orders/create', order(2, 6010)));
    expect(back).not.toBe(c);
    const fresh = CustomerProfileSchema.parse((await get(`/api/v1/customers/${back}`)).json());
    expect(fresh).toMatchObject({ displayName: 'Bob Norman2', emails: ['person2@hostmail.test'], eventCount: 1 });
  });

  it('customers/redact (signed) erases without a dead letter; a retry does nothing twice', async () => {
    const c = customerOf(await shopify('orders/create', order(3, 7001)));
    const lettersBefore = (await db().selectFrom('dead_letters').select('id').execute()).length;
    const body = { shop_id: 954889, shop_domain: 'shop.myshopify.test', customer: { id: 9103, email: 'person3@hostmail.test', phone: '+16136121003' }, orders_to_redact: [7001] };
    const r = await shopify('customers/redact', body, 'redact-1');
    expect(r.status).toBe(202);
    expect(ConnectorResponseSchema.parse(r.json)).toMatchObject({ results: [], handled: expect.stringContaining('erased') });
    expect(CustomerProfileSchema.parse((await get(`/api/v1/customers/${c}`)).json()).displayName).toBe('Erased customer');
    expect((await db().selectFrom('dead_letters').select('id').execute()).length).toBe(lettersBefore);
    const again = await shopify('customers/redact', body, 'redact-1');
    expect(ConnectorResponseSchema.parse(again.json).handled).toMatch(/already/);
    // A wrong signature is refused (401), and its dead letter keeps the shop, not the person.
    const text = JSON.stringify(body);
    const forged = await h.app.inject({ method: 'POST', url: '/api/v1/connectors/shopify', headers: { 'content-type': 'application/json', 'x-shopify-topic': 'customers/redact', 'x-shopify-hmac-sha256': shopifySignature('wrong', Buffer.from(text)) }, payload: text });
    expect(forged.statusCode).toBe(401);
    const all = await db().selectFrom('dead_letters').select('body').execute();
    expect(all.some((d) => Buffer.from(d.body, 'base64').toString().includes('person3@'))).toBe(false);
    const list = PrivacyRequestListSchema.parse((await get('/api/v1/privacy/requests')).json()).requests;
    expect(list.find((q) => q.kind === 'customer_redact')).toMatchObject({ status: 'done', shop: 'shop.myshopify.test' });
  });

  it('customers/data_request is listed for an admin until an export answers it; shop/redact erases the shop customers', async () => {
    const c = customerOf(await shopify('orders/create', order(4, 8001)));
    const r = await shopify('customers/data_request', { shop_id: 954889, shop_domain: 'shop.myshopify.test', customer: { id: 9104, email: 'person4@hostmail.test' }, orders_requested: [8001], data_request: { id: 9999 } });
    expect(r.status).toBe(202);
    const open = PrivacyRequestListSchema.parse((await get('/api/v1/privacy/requests?status=open')).json()).requests;
    expect(open).toEqual([expect.objectContaining({ kind: 'data_request', customerId: c, customerName: 'Bob Norman4', status: 'open', description: 'Shopify asks for the data of a customer (1 order)' })]);
    expect((await get('/api/v1/privacy/requests', { authorization: `Bearer ${agentToken}` })).statusCode).toBe(403);
    expect((await get(`/api/v1/customers/${c}/export`)).statusCode).toBe(200);
    expect(PrivacyRequestListSchema.parse((await get('/api/v1/privacy/requests?status=open')).json()).requests).toEqual([]);

    const other = customerOf(await shopify('orders/create', order(5, 8002)));
    const shop = await shopify('shop/redact', { shop_id: 954889, shop_domain: 'shop.myshopify.test' });
    expect(shop.status).toBe(202);
    for (const id of [c, other]) expect(CustomerProfileSchema.parse((await get(`/api/v1/customers/${id}`)).json()).displayName).toBe('Erased customer');
    expect(await db().selectFrom('identifiers').selectAll().where('kind', '=', 'external').where('value', 'like', 'shopify:%').execute()).toEqual([]);
  });

  it('erasing a merged person erases every record and anonymises the merge history', async () => {
    const a = customerOf(await shopify('orders/create', order(6, 8101)));
    const b = customerOf(await shopify('orders/create', order(6, 8102, { ...person(6), id: 99106, email: 'other6@hostmail.test', phone: '+16136129906' })));
    const merge = await h.app.inject({ method: 'POST', url: `/api/v1/customers/${a}/merge`, headers: admin(), payload: { otherId: b, reason: 'same person: other6@hostmail.test' } });
    expect(merge.statusCode).toBe(200);
    const result = ErasureResultSchema.parse((await erase(b)).json());
    expect(new Set(result.customerIds)).toEqual(new Set([a, b]));
    const merges = JSON.stringify(await db().selectFrom('merges').selectAll().where((eb) => eb.or([eb('from_id', 'in', [a, b]), eb('into_id', 'in', [a, b])])).execute());
    expect(merges).not.toMatch(/person6@|other6@|Norman6|6136129906/);
    expect(existsSync(h.attachmentsDir)).toBe(true);
  });
});
