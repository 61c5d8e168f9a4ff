import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { systemActor } from '../../shared/actor.js';

describe.each(testDialects())('connector store on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  it('keeps a dead letter byte-exact and resolves it after a successful replay', async () => {
    const body = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
    const d = await domain.connectors.recordDeadLetter(systemActor('test'), {
      connector: 'shopify',
      httpStatus: 401,
      reason: 'bad signature',
      headers: { 'x-shopify-topic': 'orders/create' },
      url: '/api/v1/connectors/shopify',
      contentType: 'application/json',
      body,
    });
    expect(d).toMatchObject({ status: 'open', attempts: 0, bodyBytes: 4 });
    const got = await domain.connectors.getDeadLetter(systemActor('test'), d.id);
    expect(Buffer.from(got!.bodyBase64, 'base64').equals(body)).toBe(true);
    expect(got!.headers).toEqual({ 'x-shopify-topic': 'orders/create' });

    const failed = await domain.connectors.replayAttempted(systemActor('test'), d.id, false, 'still bad');
    expect(failed).toMatchObject({ status: 'open', attempts: 1, reason: 'still bad' });
    const ok = await domain.connectors.replayAttempted(systemActor('test'), d.id, true);
    expect(ok).toMatchObject({ status: 'resolved', attempts: 2 });
    expect(ok!.resolvedAt).not.toBeNull();
    expect(await domain.connectors.replayAttempted(systemActor('test'), 'dlq_nope', true)).toBeNull();

    expect((await domain.connectors.listDeadLetters(systemActor('test'), { limit: 10, status: 'open' })).length).toBe(0);
    expect((await domain.connectors.listDeadLetters(systemActor('test'), { limit: 10, status: 'resolved', connector: 'shopify' })).map((x) => x.id)).toEqual([d.id]);
  });

  it('lists bodies cut to 16 KiB of base64 (flagged); the single view has all of it', async () => {
    const big = Buffer.alloc(100_000, 0x61);
    const d = await domain.connectors.recordDeadLetter(systemActor('test'), { connector: 'email', httpStatus: 400, reason: 'x', headers: {}, url: '/', contentType: null, body: big });
    const [listed] = await domain.connectors.listDeadLetters(systemActor('test'), { limit: 1 });
    expect(listed).toMatchObject({ id: d.id, bodyBytes: 100_000, bodyTruncated: true });
    expect(listed!.bodyBase64.length).toBe(16_384);
    expect(Buffer.from(listed!.bodyBase64, 'base64').every((b) => b === 0x61)).toBe(true);
    expect(Buffer.from((await domain.connectors.getDeadLetter(systemActor('test'), d.id))!.bodyBase64, 'base64').equals(big)).toBe(true);
  });

  it('counts deliveries per connector with open dead letters', async () => {
    await domain.connectors.delivered(systemActor('test'), 'twilio-voice', true);
    await domain.connectors.delivered(systemActor('test'), 'twilio-voice', false, 'signature mismatch');
    await domain.connectors.delivered(systemActor('test'), 'twilio-voice', true);
    await domain.connectors.recordDeadLetter(systemActor('test'), { connector: 'pos', httpStatus: 400, reason: 'x', headers: {}, url: '/', contentType: null, body: Buffer.alloc(0) });
    const status = await domain.connectors.status(systemActor('test'));
    expect(status.map((s) => s.connector)).toEqual(['pos', 'twilio-voice']);
    expect(status[1]).toMatchObject({ okCount: 2, errorCount: 1, lastError: 'signature mismatch', openDeadLetters: 0 });
    expect(status[0]).toMatchObject({ okCount: 0, errorCount: 0, openDeadLetters: 1, lastDeliveryAt: null });
  });

  it('finds an item a connector stored earlier', async () => {
    const out = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'f@x.com' }, { source: 'shopify', sourceEventId: 'order:1' })]);
    expect((await domain.connectors.findItem(systemActor('test'), 'shopify', 'order:1'))!.id).toBe(out.results[0]!.eventId);
    expect(await domain.connectors.findItem(systemActor('test'), 'shopify', 'order:2')).toBeNull();
  });
});
