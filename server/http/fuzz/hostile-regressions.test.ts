import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../../shared/index.js';
import { shopifySignature } from '../../connectors/shopify/verify.js';
import { TEST_SHOPIFY_SECRET } from '../../connectors/test/fixtures.js';
import { testDialects } from '../../storage/test-database.js';
import { TEST_INGEST_KEY } from '../test-support.js';
import { fuzzHub, type FuzzHub } from './fuzz-harness.js';
import { systemActor } from '../../../shared/actor.js';

/*
 * The hostile inputs an independent fuzz run found (issue 9, part 4), as named cases on both
 * backends: each must answer the same on SQLite and PostgreSQL, never 5xx, and be kept when refused.
 */

const key = { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' };
let n = 0;
const event = (over: Partial<IngestEvent> & Record<string, unknown> = {}): Record<string, unknown> => ({
  source: 'crm',
  sourceEventId: `hostile-${n++}`,
  channel: 'note',
  type: 'note',
  occurredAt: '2024-05-01T10:00:00.000001Z',
  customer: { email: 'hostile@example.com' },
  ...over,
});

describe.each(testDialects())('hostile inputs the fuzz run found, on %s', (dialect) => {
  let hub: FuzzHub;
  beforeAll(async () => {
    hub = await fuzzHub(dialect);
  });
  afterAll(async () => {
    await hub?.close();
  });
  const post = (url: string, payload: unknown, headers: Record<string, string> = key) => hub.app.inject({ method: 'POST', url, headers, payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload) });
  const issuePaths = (body: string) => (JSON.parse(body) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);

  it('an id with a lone surrogate is a 400 naming the field, the retry too (never 202 then 500)', async () => {
    const before = await hub.counts();
    for (const [payload, path] of [
      [event({ sourceEventId: 'lone-\ud800' }), 'sourceEventId'],
      [event({ customer: { loyaltyId: 'L\udfff' } }), 'customer.loyaltyId'],
      [{ events: [event(), event({ source: 'x\udc00' })] }, 'events[1].source'],
    ] as const) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await post('/api/v1/events', payload);
        expect(res.statusCode).toBe(400);
        expect(issuePaths(res.body)).toContain(path);
      }
    }
    const chat = { conversationId: 'conv-\ud800', visitor: { email: 'v@example.com' }, messages: [] };
    const res = await post('/api/v1/connectors/chat', chat);
    expect(res.statusCode).toBe(400);
    expect(issuePaths(res.body)).toContain('conversationId');
    const after = await hub.counts();
    expect(after.events).toBe(before.events); // the valid first event of the batch is not written either
    expect(after.deadLetters - before.deadLetters).toBe(7);
  });

  it('NUL: refused the same way on both backends in ids and summaries, kept exactly inside data', async () => {
    for (const [over, path] of [
      [{ sourceEventId: 'a\u0000b' }, 'sourceEventId'],
      [{ customer: { email: 'nul@example.com', name: 'Ana\u0000' } }, 'customer.name'],
      [{ summary: 'hi\u0000' }, 'summary'],
    ] as const) {
      const res = await post('/api/v1/events', event(over));
      expect(res.statusCode).toBe(400);
      expect(issuePaths(res.body)).toContain(path);
    }
    const data = { note: 'nul \u0000 and lone \ud800 here', nested: { 'k\u0000': ['\udfff'] } };
    const sent = event({ data });
    const first = await post('/api/v1/events', sent);
    expect(first.statusCode).toBe(202);
    const again = await post('/api/v1/events', sent);
    expect(again.json()).toMatchObject({ results: [{ status: 'duplicate' }] });
    const item = await hub.domain.connectors.findItem(systemActor('test'), 'crm', String(sent['sourceEventId']));
    expect(item!.data).toEqual(data);
  });

  it('a Shopify order number with NUL (PostgreSQL-only 500 before) is stored in data, just not searchable', async () => {
    const send = (topic: string, body: object, eventId: string) => {
      const bytes = Buffer.from(JSON.stringify(body));
      return post('/api/v1/connectors/shopify', bytes, { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-event-id': eventId, 'x-shopify-hmac-sha256': shopifySignature(TEST_SHOPIFY_SECRET, bytes) });
    };
    const order = { id: 990, email: 'nul-order@example.com', total_price: '5.00', currency: 'USD', created_at: '2024-05-01T10:00:00Z' };
    expect((await send('orders/create', { ...order, name: '#\u0000' }, 'whk-nul-1')).statusCode).toBe(202);
    expect((await hub.domain.connectors.findItem(systemActor('test'), 'shopify', 'order:990'))!.data['orderNumber']).toBe('#\u0000');
    // The upsert path (merge into the stored item) indexes order numbers too.
    expect((await send('orders/updated', { ...order, name: '#77\u0000', updated_at: '2024-05-02T10:00:00Z' }, 'whk-nul-2')).statusCode).toBe(202);
  });

  it('a Shopify refund whose order_id holds NUL or a lone surrogate is a 400 naming order_id (PostgreSQL-only 500 before)', async () => {
    for (const [i, orderId] of ['\u0000\u0000', '\ud800x'].entries()) {
      const bytes = Buffer.from(JSON.stringify({ id: 5000 + i, order_id: orderId, transactions: [{ amount: '1.00' }] }));
      const res = await post('/api/v1/connectors/shopify', bytes, { 'content-type': 'application/json', 'x-shopify-topic': 'refunds/create', 'x-shopify-event-id': `whk-nul-refund-${i}`, 'x-shopify-hmac-sha256': shopifySignature(TEST_SHOPIFY_SECRET, bytes) });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('order_id');
    }
  });

  it('a POS payload nested 5,000 arrays deep is a 400 (kept, card numbers masked), not a stack overflow', async () => {
    const deep = `${'['.repeat(5000)}"4111 1111 1111 1111"${']'.repeat(5000)}`;
    const body = `{"storeId":"S1","receiptNumber":"R1","occurredAt":"2024-05-01T10:00:00Z","customer":{"loyaltyId":"L1"},"total":1,"currency":"USD","note":${deep}}`;
    const before = await hub.counts();
    const res = await post('/api/v1/connectors/pos', body);
    expect(res.statusCode).toBe(400);
    const [kept] = await hub.domain.connectors.listDeadLetters(systemActor('test'), { limit: 1, connector: 'pos' });
    expect((await hub.counts()).deadLetters - before.deadLetters).toBe(1);
    expect(Buffer.from((await hub.domain.connectors.getDeadLetter(systemActor('test'), kept!.id))!.bodyBase64, 'base64').toString()).not.toContain('4111 1111 1111 1111');
  });

  it('timestamps: outside 1900..2199 a 400 naming the field; inside, microseconds exact at both edges', async () => {
    for (const occurredAt of ['9999-12-31T23:59:59.999999Z', '1899-12-31T23:59:59.999999Z', '2024-02-30T10:00:00Z']) {
      const res = await post('/api/v1/events', event({ occurredAt }));
      expect(res.statusCode, occurredAt).toBe(400);
      expect(issuePaths(res.body)).toContain('occurredAt');
    }
    const pos = { storeId: 'S1', receiptNumber: 'R9', occurredAt: '+275760-09-13T00:00:00Z', customer: { loyaltyId: 'L1' }, total: 1, currency: 'USD' };
    expect(issuePaths((await post('/api/v1/connectors/pos', pos)).body)).toContain('occurredAt');
    for (const occurredAt of ['1900-01-01T00:00:00.000001Z', '2199-12-31T23:59:59.999999Z', '1969-12-31T23:59:59.999999Z']) {
      const sent = event({ occurredAt });
      expect((await post('/api/v1/events', sent)).statusCode).toBe(202);
      expect((await hub.domain.connectors.findItem(systemActor('test'), 'crm', String(sent['sourceEventId'])))!.occurredAt).toBe(occurredAt);
    }
  });

  it('a 5xx on /api/v1/events or a connector is dead-lettered with the real error and counted', async () => {
    const ingest = hub.domain.ingest;
    const original = ingest.ingest.bind(ingest);
    ingest.ingest = () => Promise.reject(new Error('disk on fire'));
    try {
      expect((await post('/api/v1/events', event())).statusCode).toBe(500);
      expect((await post('/api/v1/connectors/chat', { conversationId: 'c-500', visitor: { email: 'v@example.com' } })).statusCode).toBe(500);
    } finally {
      ingest.ingest = original;
    }
    for (const connector of ['events', 'chat']) {
      const [kept] = await hub.domain.connectors.listDeadLetters(systemActor('test'), { limit: 1, connector });
      expect(kept).toMatchObject({ httpStatus: 500, reason: 'internal error: disk on fire' });
    }
    const status = await hub.domain.connectors.status(systemActor('test'));
    expect(status.find((s) => s.connector === 'events')).toMatchObject({ lastError: 'internal error: disk on fire' });
  });

  it('failures before a connector runs (body over the limit) are kept too', async () => {
    const before = await hub.counts();
    const res = await post('/api/v1/connectors/pos', Buffer.alloc(8 * 1024 * 1024 + 10, 0x20));
    expect(res.statusCode).toBe(413);
    const [kept] = await hub.domain.connectors.listDeadLetters(systemActor('test'), { limit: 1, connector: 'pos' });
    expect(kept).toMatchObject({ httpStatus: 413 });
    expect((await hub.counts()).deadLetters - before.deadLetters).toBe(1);
  });

  it('dead-letter reasons quoting NUL / lone surrogates are stored (escaped) on both backends', async () => {
    const d = await hub.domain.connectors.recordDeadLetter(systemActor('test'), { connector: 'twilio-voice', httpStatus: 400, reason: 'From = +1\u0000 \ud800', headers: { 'x-a': '\u0000' }, url: '/x?\u0000', contentType: 'text/\u0000', body: Buffer.from([0, 0xff]) });
    expect(d.reason).toBe('From = +1\\u0000 \\ud800');
    expect((await hub.domain.connectors.getDeadLetter(systemActor('test'), d.id))!.headers).toEqual({ 'x-a': '\u0000' });
    await hub.domain.connectors.delivered(systemActor('test'), 'twilio-voice', false, 'bad \u0000');
    expect((await hub.domain.connectors.status(systemActor('test'))).find((s) => s.connector === 'twilio-voice')!.lastError).toBe('bad \\u0000');
  });
});
