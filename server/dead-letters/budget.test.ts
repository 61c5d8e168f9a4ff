import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import type { NewDeadLetter } from '../domain.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { DeadLetterBudget } from './budget.js';
import { SqlConnectorStore } from './connector-store.js';
import { systemActor } from '../../shared/actor.js';

describe('dead-letter budget', () => {
  it('admits up to perHour bodies in a rolling hour, per connector, and frees slots an hour later', () => {
    const b = new DeadLetterBudget({ perHour: 2, maxBytes: 1_000_000 });
    const t0 = 1_000_000;
    expect(b.admit('shopify', 10, t0)).toBe(true);
    expect(b.admit('shopify', 10, t0 + 1000)).toBe(true);
    expect(b.admit('shopify', 10, t0 + 2000)).toBe(false);
    expect(b.admit('twilio-voice', 10, t0 + 2000)).toBe(true);
    expect(b.admit('shopify', 10, t0 + 3_600_000)).toBe(true); // the first slot expired
    expect(b.admit('shopify', 10, t0 + 3_600_500)).toBe(false);
  });

  it('admits no body that would pass the byte cap, while smaller ones still fit', () => {
    const b = new DeadLetterBudget({ perHour: 100, maxBytes: 100 });
    expect(b.admit('shopify', 60, 0)).toBe(true);
    expect(b.admit('shopify', 50, 1)).toBe(false);
    expect(b.admit('shopify', 40, 2)).toBe(true);
    expect(b.admit('shopify', 1, 3_600_000 * 5)).toBe(false); // the byte total never expires
  });
});

describe.each(testDialects())('unauthenticated dead letters in the store on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  const letter = (body: string, unauthenticated = true): NewDeadLetter => ({
    connector: 'shopify',
    httpStatus: 401,
    reason: 'X-Shopify-Hmac-Sha256 does not match the body',
    headers: { 'x-shopify-topic': 'orders/create' },
    url: '/api/v1/connectors/shopify',
    contentType: 'application/json',
    body: Buffer.from(body),
    ...(unauthenticated ? { unauthenticated } : {}),
  });

  it('keeps bodies within the budget, then only headers + reason + sha256 + size; never drops the record', async () => {
    const store = new SqlConnectorStore(domain.database.db, { perHour: 2, maxBytes: 1_000_000 });
    const kept1 = await store.recordDeadLetter(systemActor('test'), letter('{"n":1}'));
    const kept2 = await store.recordDeadLetter(systemActor('test'), letter('{"n":2}'));
    const over = await store.recordDeadLetter(systemActor('test'), letter('{"n":3}'));
    expect(Buffer.from(kept1.bodyBase64, 'base64').toString()).toBe('{"n":1}');
    expect(Buffer.from(kept2.bodyBase64, 'base64').toString()).toBe('{"n":2}');
    expect(over.bodyBase64).toBe('');
    expect(over.bodyBytes).toBe(7);
    expect(over.reason).toMatch(/does not match the body \[body not kept: over the budget for unauthenticated dead letters/);
    expect(over.headers).toMatchObject({ 'x-shopify-topic': 'orders/create', 'x-omni-body-omitted': 'unauthenticated dead-letter budget exceeded' });
    // The sha256 is the real one of the delivered body.
    expect(over.headers['x-omni-body-sha256']).toBe(createHash('sha256').update('{"n":3}').digest('hex'));
    // Authenticated failures (e.g. a signed payload that did not parse) are not budgeted.
    const signed = await store.recordDeadLetter(systemActor('test'), letter('{"signed":true}', false));
    expect(Buffer.from(signed.bodyBase64, 'base64').toString()).toBe('{"signed":true}');
    const all = await store.listDeadLetters(systemActor('test'), { limit: 10, connector: 'shopify' });
    expect(all).toHaveLength(4);
  });

  it('seeds its counters from what the table already holds (a restarted hub keeps the byte total)', async () => {
    const first = new SqlConnectorStore(domain.database.db, { perHour: 100, maxBytes: 20 });
    expect((await first.recordDeadLetter(systemActor('test'), letter('0123456789abcdef'))).bodyBase64).not.toBe('');
    const restarted = new SqlConnectorStore(domain.database.db, { perHour: 100, maxBytes: 20 });
    const over = await restarted.recordDeadLetter(systemActor('test'), letter('0123456789'));
    expect(over.bodyBase64).toBe('');
    expect(over.bodyBytes).toBe(10);
    // Another connector has its own allowance.
    const twilio = await restarted.recordDeadLetter(systemActor('test'), { ...letter('CallSid=CA1'), connector: 'twilio-voice' });
    expect(Buffer.from(twilio.bodyBase64, 'base64').toString()).toBe('CallSid=CA1');
  });
});
