import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import { testDomain, type TestDomain } from '../http/test-support.js';
import { nowMicros } from '../storage/batch.js';
import type { OutboundSender, SendJob } from './sender.js';
import { outDb, type OutboxTable } from './tables.js';
import { OutboxWorker, backoffMs } from './worker.js';

/*
 * The claim, on the test backend (PostgreSQL with DATABASE_URL: two workers = two hubs' claims racing on
 * separate pool connections, FOR UPDATE SKIP LOCKED): every row is sent exactly once; an expired lease (a hub
 * that died mid-send) is taken over; a sent row is never claimed again.
 */
let t: TestDomain;
const db = () => outDb((t.domain as SqlDomain).database.db);
const settings = { enabled: false, pollMs: 10, leaseMs: 60_000, maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 50, batch: 7, concurrency: 3 };

function row(id: string, over: Partial<OutboxTable> = {}): OutboxTable {
  const now = nowMicros();
  return { id, idempotency_key: `k-${id}`, conversation_id: 'cnv_X', customer_id: 'cus_X', event_id: `evt_${id}`, channel: 'email', status: 'queued', provider_status: null, recipient: 'a@b.co', sender: 's@shop.test', subject: 'Re: x', message_id: `<${id}@shop.test>`, provider_id: null, payload: JSON.stringify({ text: 'hi' }), attempts: 0, max_attempts: 3, next_attempt_us: now, lease_owner: null, lease_until_us: null, error_code: null, error_text: null, created_by: null, created_at_us: now, updated_at_us: now, ...over };
}
const recorder = (log: string[]): OutboundSender => ({
  channel: 'email',
  async send(job: SendJob) {
    log.push(job.outboxId);
    await new Promise((r) => setTimeout(r, 2));
    return { providerId: job.messageId, providerStatus: 'accepted' };
  },
});

beforeAll(async () => {
  process.env['OMNI_OUTBOX_WORKER'] = 'off';
  t = await testDomain();
});
afterAll(async () => {
  delete process.env['OMNI_OUTBOX_WORKER'];
  await t?.close();
});

describe('outbox claim', () => {
  it('two hubs racing over 60 rows: each sent exactly once', async () => {
    await db().insertInto('outbox_messages').values(Array.from({ length: 60 }, (_, i) => row(`race${String(i).padStart(3, '0')}`))).execute();
    const log: string[] = [];
    const hub = (owner: string) => new OutboxWorker({ db: db(), dialect: t.domain.dialect, senders: new Map([['email', recorder(log)]]), settings, owner });
    const [a, b] = [hub('hub_a'), hub('hub_b')];
    for (;;) {
      const [x, y] = await Promise.all([a.runOnce(), b.runOnce()]);
      if (x + y === 0) break;
    }
    const race = log.filter((id) => id.startsWith('race'));
    expect(race.length).toBe(60);
    expect(new Set(race).size).toBe(60);
    const statuses = await db().selectFrom('outbox_messages').select('status').where('id', 'like', 'race%').execute();
    expect(statuses.every((s) => s.status === 'sent')).toBe(true);
  });

  it('takes over an expired lease, never a live one nor a sent row', async () => {
    const past = nowMicros() - 1_000_000;
    await db()
      .insertInto('outbox_messages')
      .values([row('crashed', { status: 'sending', lease_owner: 'hub_dead', lease_until_us: past, attempts: 1 }), row('leased', { status: 'sending', lease_owner: 'hub_alive', lease_until_us: nowMicros() + 60_000_000, attempts: 1 }), row('done', { status: 'sent' })])
      .execute();
    const log: string[] = [];
    await new OutboxWorker({ db: db(), dialect: t.domain.dialect, senders: new Map([['email', recorder(log)]]), settings, owner: 'hub_c' }).runOnce();
    expect(log).toEqual(['crashed']);
    expect(await db().selectFrom('outbox_messages').select(['id', 'status', 'attempts']).where('id', 'in', ['crashed', 'leased', 'done']).orderBy('id').execute()).toEqual([
      { id: 'crashed', status: 'sent', attempts: 2 },
      { id: 'done', status: 'sent', attempts: 0 },
      { id: 'leased', status: 'sending', attempts: 1 },
    ]);
  });

  it('running: refills claims while sends run, finishes by group commit, each row once; a row leased at write time is sent without a claim', async () => {
    await db().insertInto('outbox_messages').values(Array.from({ length: 40 }, (_, i) => row(`pipe${String(i).padStart(3, '0')}`))).execute();
    const log: string[] = [];
    const settledCalls: string[][] = [];
    const w = new OutboxWorker({ db: db(), dialect: t.domain.dialect, senders: new Map([['email', recorder(log)]]), settings: { ...settings, batch: 10 }, owner: 'hub_pipe', onSettled: (ids) => void settledCalls.push(ids) });
    w.start();
    for (let i = 0; i < 500 && log.filter((id) => id.startsWith('pipe')).length < 40; i++) await new Promise((r) => setTimeout(r, 10));
    // Adopted: committed already leased to this worker (status sending), so no claim would ever pick it up early.
    const adopted = row('adopted', { status: 'sending', lease_owner: 'hub_pipe', lease_until_us: nowMicros() + 60_000_000, attempts: 1 });
    await db().insertInto('outbox_messages').values(adopted).execute();
    w.adopt(adopted);
    for (let i = 0; i < 200 && !log.includes('adopted'); i++) await new Promise((r) => setTimeout(r, 10));
    await w.stop();
    const pipe = log.filter((id) => id.startsWith('pipe'));
    expect(pipe.length).toBe(40);
    expect(new Set(pipe).size).toBe(40);
    expect(log.filter((id) => id === 'adopted')).toHaveLength(1);
    const states = await db().selectFrom('outbox_messages').select(['status', 'lease_owner']).where((eb) => eb.or([eb('id', 'like', 'pipe%'), eb('id', '=', 'adopted')])).execute();
    expect(states.every((s) => s.status === 'sent' && s.lease_owner === null)).toBe(true);
    // Settled rows reach the composer in gathered calls, never one call per row.
    await new Promise((r) => setTimeout(r, 300));
    expect(settledCalls.flat().filter((id) => id.startsWith('pipe')).sort()).toEqual([...pipe].sort());
    expect(settledCalls.length).toBeLessThan(41);
  });

  it('backs off exponentially with a cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 100, 1000, () => 0))).toEqual([100, 200, 400, 800, 1000]);
  });
});
