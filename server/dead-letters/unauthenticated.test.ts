import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterListSchema } from '../../shared/index.js';
import { shopifySignature } from '../connectors/shopify/verify.js';
import { connectorApp, TEST_SHOPIFY_SECRET, type ConnectorTestApp } from '../connectors/test/fixtures.js';
import { DEFAULT_DEAD_LETTER_BUDGET } from './budget.js';

let h: ConnectorTestApp;
beforeAll(async () => {
  h = await connectorApp();
});
afterAll(async () => {
  await h?.close();
});

const admin = () => ({ authorization: `Bearer ${h.adminToken}` });
const list = async (connector: string) =>
  DeadLetterListSchema.parse((await h.app.inject({ method: 'GET', url: `/api/v1/dead-letters?connector=${connector}&limit=500`, headers: admin() })).json()).deadLetters;
const shopify = (body: string, secret: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/v1/connectors/shopify',
    headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': shopifySignature(secret, Buffer.from(body)) },
    payload: body,
  });

describe('unauthenticated dead letters over HTTP', () => {
  it('a flood of bad Shopify signatures: every one answered 401 and recorded, bodies only within the hourly budget', async () => {
    const n = DEFAULT_DEAD_LETTER_BUDGET.perHour + 3;
    for (let i = 0; i < n; i++) expect((await shopify(`{"flood":${i}}`, 'forged-secret')).statusCode).toBe(401);
    const letters = await list('shopify');
    expect(letters).toHaveLength(n);
    const withBody = letters.filter((d) => d.bodyBase64 !== '');
    const without = letters.filter((d) => d.bodyBase64 === '');
    expect(withBody).toHaveLength(DEFAULT_DEAD_LETTER_BUDGET.perHour);
    expect(without).toHaveLength(3);
    for (const d of without) {
      expect(d.httpStatus).toBe(401);
      expect(d.bodyBytes).toBeGreaterThan(0);
      expect(d.headers['x-omni-body-sha256']).toMatch(/^[0-9a-f]{64}$/);
      expect(d.headers['x-shopify-topic']).toBe('orders/create');
      expect(d.reason).toMatch(/does not match.*body not kept/);
    }

    // A correctly signed delivery that fails later (not JSON) is authenticated: its body is kept despite the spent budget.
    const res = await shopify('{not json', TEST_SHOPIFY_SECRET);
    expect(res.statusCode).toBe(400);
    const [latest] = await list('shopify');
    expect(Buffer.from(latest!.bodyBase64, 'base64').toString()).toBe('{not json');
  });

  it('Twilio: an unsigned non-form post (415 before any signature check) counts as unauthenticated', async () => {
    for (let i = 0; i < DEFAULT_DEAD_LETTER_BUDGET.perHour + 1; i++) {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/connectors/twilio/voice', headers: { 'content-type': 'text/plain' }, payload: `junk ${i}` });
      expect(res.statusCode).toBe(415);
    }
    const letters = await list('twilio-voice');
    expect(letters.filter((d) => d.bodyBase64 === '')).toHaveLength(1);
    expect(letters.filter((d) => d.bodyBase64 !== '')).toHaveLength(DEFAULT_DEAD_LETTER_BUDGET.perHour);
  });
});
