import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, userActor, type IngestEvent } from '../../shared/index.js';
import { computeFeatures } from '../actions/features.js';
import { rankActions } from '../actions/engine.js';
import type { SqlDomain } from '../create-domain.js';
import { deliver } from '../connectors/deliver.js';
import { shopifyConnector } from '../connectors/shopify/shopify-connector.js';
import { shopifySignature } from '../connectors/shopify/verify.js';
import { TEST_PUBLIC_URL, TEST_SHOPIFY_SECRET, TEST_TWILIO_TOKEN } from '../connectors/test/fixtures.js';
import { twilioMessagingConnector } from '../connectors/twilio/twilio-connector.js';
import { twilioSignature } from '../connectors/twilio/verify.js';
import type { Connector, ConnectorRequest, ConnectorSettings } from '../connectors/types.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';
import { readConsents } from './consent-reader.js';
import { privacyOf } from './port.js';

/*
 * Contract: what the connectors write (Shopify marketing consent fields, a Twilio "STOP") is what the consent
 * reader reads, and next actions honour it per channel. Real drivers on signed deliveries, no hand-made events.
 */

const SETTINGS: ConnectorSettings = { shopifySecret: TEST_SHOPIFY_SECRET, twilioAuthToken: TEST_TWILIO_TOKEN, publicUrl: TEST_PUBLIC_URL, maxAttachmentBytes: 1024, defaultRegion: 'US' };
const HOUR = 3600_000;

function shopifyReq(topic: string, body: unknown, key: string): ConnectorRequest {
  const raw = Buffer.from(JSON.stringify(body));
  return { headers: { 'x-shopify-topic': topic, 'x-shopify-webhook-id': key, 'x-shopify-hmac-sha256': shopifySignature(TEST_SHOPIFY_SECRET, raw) }, body: raw, url: '/api/v1/connectors/shopify', query: {}, contentType: 'application/json' };
}
function smsReq(from: string, text: string, sid: string, at: Date): ConnectorRequest {
  const path = '/api/v1/connectors/twilio/messaging';
  const params: [string, string][] = [
    ['MessageSid', sid],
    ['From', from],
    ['To', '+18005550100'],
    ['Body', text],
    ['SmsStatus', 'received'],
    ['Timestamp', at.toISOString()],
  ];
  return {
    headers: { 'x-twilio-signature': twilioSignature(TEST_TWILIO_TOKEN, TEST_PUBLIC_URL + path, params) },
    body: Buffer.from(new URLSearchParams(params).toString()),
    url: path,
    query: {},
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** The driver's output alone, as ingest would store it (ids given in order). */
async function driverEvents(connector: Connector, req: ConnectorRequest): Promise<IngestEvent[]> {
  return (await connector.handle(req, { domain: null as never, settings: SETTINGS, actor: systemActor('connector:shopify') })).events;
}
const asStored = (events: IngestEvent[]) => events.map((e, i) => ({ id: `evt_${i}`, source: e.source, channel: e.channel, type: e.type, occurredAt: e.occurredAt, data: e.data ?? {} }));

const shopper = (n: number, over: Record<string, unknown> = {}) => ({
  id: 7700 + n,
  email: `shopper${n}@mail.test`,
  phone: `+1415555${String(1000 + n)}`,
  first_name: 'Sam',
  last_name: `Shopper${n}`,
  created_at: new Date(Date.now() - 30 * 24 * HOUR).toISOString(),
  updated_at: new Date(Date.now() - 30 * 24 * HOUR).toISOString(),
  ...over,
});

describe('connector output -> consent reader', () => {
  it('reads Shopify email and SMS marketing consent, and the legacy accepts_marketing', async () => {
    const current = await driverEvents(shopifyConnector, shopifyReq('customers/create', shopper(1, { email_marketing_consent: { state: 'subscribed' }, sms_marketing_consent: { state: 'not_subscribed' } }), 'c1'));
    expect(readConsents(asStored(current)).map((c) => [c.channel, c.state])).toEqual([
      ['email', 'granted'],
      ['sms', 'denied'],
    ]);
    const source = readConsents(asStored(current))[0]!.source!;
    expect(source.description).toBe('Shopify online account created: email marketing allowed');
    const legacy = await driverEvents(shopifyConnector, shopifyReq('customers/update', shopper(1, { accepts_marketing: false }), 'c2'));
    expect(readConsents(asStored(legacy)).map((c) => c.state)).toEqual(['denied', 'unknown']);
    const pending = await driverEvents(shopifyConnector, shopifyReq('customers/update', shopper(1, { email_marketing_consent: { state: 'pending' } }), 'c3'));
    // An order's customer carries consent too (the most common source).
    const order = { id: 99001, email: 'shopper1@mail.test', created_at: '2024-05-01T10:00:00Z', currency: 'USD', total_price: '10.00', line_items: [], customer: { id: 7701, email: 'shopper1@mail.test', sms_marketing_consent: { state: 'subscribed' } } };
    const ordered = await driverEvents(shopifyConnector, shopifyReq('orders/create', order, 'o1'));
    expect(readConsents(asStored(ordered)).map((c) => c.state)).toEqual(['unknown', 'granted']);
    expect(readConsents(asStored(ordered))[1]!.source!.description).toBe('Shopify order: SMS marketing allowed');
    // Pending (double opt-in not confirmed yet) is no consent.
    expect(readConsents(asStored(pending)).map((c) => c.state)).toEqual(['denied', 'unknown']);
  });

  it('reads an inbound "STOP" as an SMS opt-out and "START" as opting back in; other words are not consent', async () => {
    const t = Date.now() - 5 * HOUR;
    const stop = await driverEvents(twilioMessagingConnector, smsReq('+14155550199', ' Stop ', 'SMstop1', new Date(t)));
    const chat = await driverEvents(twilioMessagingConnector, smsReq('+14155550199', 'please stop sending the wrong size', 'SMchat1', new Date(t + HOUR)));
    expect(readConsents(asStored([...stop, ...chat]))).toEqual([
      { channel: 'email', state: 'unknown', source: null },
      { channel: 'sms', state: 'denied', source: expect.objectContaining({ eventId: 'evt_0', description: 'Text message from the customer: replied "STOP"' }) },
    ]);
    const start = await driverEvents(twilioMessagingConnector, smsReq('+14155550199', 'START', 'SMstart1', new Date(t + 2 * HOUR)));
    expect(readConsents(asStored([...stop, ...chat, ...start]))[1]).toMatchObject({ state: 'granted' });
  });
});

describe.each(testDialects())('consent through the hub to next actions on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });
  const send = (connector: Connector, req: ConnectorRequest) => deliver(connector, req, { domain, settings: SETTINGS });
  const checkout = (n: number) => ({
    token: `tok-${n}`,
    email: `shopper${n}@mail.test`,
    created_at: new Date(Date.now() - 3 * HOUR).toISOString(),
    currency: 'USD',
    total_price: '80.00',
    line_items: [{ title: 'Rain jacket', quantity: 1, price: '80.00' }],
    customer: { id: 7700 + n, email: `shopper${n}@mail.test` },
  });

  it('blocks a cart reminder (email) without email consent, allows it with consent; the profile and consentFor agree', async () => {
    const agent = userActor(await domain.auth.createUser({ email: 'agent@x.test', name: 'Agent', role: 'agent', password: 'agent-password-1' }));
    const kinds = async (id: string) => ((await domain.actions.list(agent, id)) ?? []).map((a) => a.kind);

    const refused = (await send(shopifyConnector, shopifyReq('customers/create', shopper(2, { email_marketing_consent: { state: 'not_subscribed' } }), 'k2'))).results[0]!.customerId;
    await send(shopifyConnector, shopifyReq('checkouts/create', checkout(2), 'k2c'));
    const allowed = (await send(shopifyConnector, shopifyReq('customers/create', shopper(3, { email_marketing_consent: { state: 'subscribed' } }), 'k3'))).results[0]!.customerId;
    await send(shopifyConnector, shopifyReq('checkouts/create', checkout(3), 'k3c'));

    expect(await kinds(allowed)).toContain('cart_reminder');
    expect(await kinds(refused)).not.toContain('cart_reminder');
    const profile = await domain.customers.profile(systemActor('test'), refused);
    expect(profile!.consents).toEqual([
      expect.objectContaining({ channel: 'email', state: 'denied', source: expect.objectContaining({ type: 'account.created' }) }),
      { channel: 'sms', state: 'unknown', source: null },
    ]);
    const port = privacyOf(domain);
    expect(await port.consentFor(refused, 'email')).toBe('denied');
    expect(await port.consentFor(allowed, 'email')).toBe('granted');

    // Consent changes later (customers/update: subscribed): the reminder comes back.
    await send(shopifyConnector, shopifyReq('customers/update', shopper(2, { updated_at: new Date(Date.now() - HOUR).toISOString(), email_marketing_consent: { state: 'subscribed' } }), 'k2u'));
    expect(await port.consentFor(refused, 'email')).toBe('granted');
    expect(await kinds(refused)).toContain('cart_reminder');
  });

  it('an SMS STOP blocks an SMS-only promotion but not an email one (engine guardrail per channel)', async () => {
    const t = Date.now() - 2 * HOUR;
    const id = (await send(twilioMessagingConnector, smsReq('+14155550177', 'STOP', 'SMstop9', new Date(t)))).results[0]!.customerId;
    const consents = await privacyOf(domain).consentsOf(id);
    const features = computeFeatures({ items: [], stats: { lifetimeSpend: [], orderCount: 0, firstSeenAt: null }, now: new Date(), consents });
    const always = { strength: 1, title: 'x', reasons: [] };
    const def = (kind: 'cart_reminder' | 'cross_sell', channels: ('email' | 'sms')[]) => ({ kind, version: 1, baseWeight: 1, promotional: true, marketingChannels: channels, roles: ['agent' as const], capMs: 0, execute: { label: 'x', creates: 'note' as const }, when: () => always });
    const ranked = rankActions({ customerId: id, features, role: 'agent', stats: new Map(), rng: () => 0.5, catalog: [def('cart_reminder', ['sms']), def('cross_sell', ['email'])] });
    expect(ranked.blocked).toEqual([{ kind: 'cart_reminder', guardrail: 'consent' }]);
    expect(ranked.actions.map((a) => a.kind)).toEqual(['cross_sell']);
  });
});
