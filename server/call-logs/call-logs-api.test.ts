import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLogListSchema, CallLogResultSchema, ConversationDetailSchema, LoginResponseSchema, type IngestEvent } from '../../shared/index.js';
import { groupingIntent } from '../conversations/grouping-rules.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from '../http/test-support.js';
import { callLogsOf } from './port.js';

/*
 * Logging calls on a conversation through the real HTTP edge, on the test backend (SQLite, or PostgreSQL with
 * DATABASE_URL): one timeline item in that conversation, idempotent per key, a reached customer answering the
 * SLA like a reply while a voicemail does not, bad input refused naming the field with nothing written.
 */
let t: TestDomain;
let app: FastifyInstance;
let agent: string;
let admin: string;
const saved = { ...process.env };

const login = async (email: string, password: string) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json()).token;
const call = (method: 'GET' | 'POST', url: string, payload?: unknown, token = agent) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const ingest = async (events: IngestEvent[]) => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events } });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { results: { eventId: string }[] }).results;
};
const db = () => (t.domain as SqlDomain).database.db;
const eventCount = async () => Number((await db().selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const fields = (res: { json(): unknown }) => (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);

/** A customer writes in: a new conversation waiting for an answer. */
async function waitingConversation(tag: string): Promise<string> {
  const who = uniqueWho(tag);
  const [first] = await ingest([makeEvent(who, { channel: 'email', type: 'email.received', data: { direction: 'inbound', subject: 'My order is late', from: who.email, messageId: `<m.${who.email}>` } })]);
  const link = await db().withTables<{ conversation_items: { event_id: string; conversation_id: string } }>().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', first!.eventId).executeTakeFirstOrThrow();
  return link.conversation_id;
}
const detail = async (id: string) => ConversationDetailSchema.parse((await call('GET', `/api/v1/conversations/${id}`)).json());

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  await t.domain.auth.createUser({ email: 'agent.calls@test.local', name: 'Cal Agent', role: 'agent', password: 'agent-password-123' });
  agent = await login('agent.calls@test.local', 'agent-password-123');
  admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
  process.env = saved;
});

describe('call logs', () => {
  it('an outbound call that reached the customer: one item in the conversation, the first response, idempotent per key', async () => {
    const id = await waitingConversation('reached');
    expect((await detail(id)).conversation.waitingSince).not.toBeNull();
    const body = { idempotencyKey: 'call-0001', outcome: 'callback_requested', durationSec: 245, notes: 'Wants the refund on the card. Call back tomorrow.', callbackAt: '2026-12-24T09:30:00+01:00' };
    const first = await call('POST', `/api/v1/conversations/${id}/call-logs`, body);
    expect(first.statusCode, first.body).toBe(201);
    const a = CallLogResultSchema.parse(first.json());
    expect(a).toMatchObject({ duplicate: false, callLog: { conversationId: id, direction: 'outbound', outcome: 'callback_requested', durationSec: 245, agentName: 'Cal Agent', countsAsResponse: true, callbackAt: '2026-12-24T08:30:00.000Z' } });
    const before = await eventCount();
    const again = await call('POST', `/api/v1/conversations/${id}/call-logs`, body);
    expect(again.statusCode).toBe(200);
    expect(CallLogResultSchema.parse(again.json())).toMatchObject({ duplicate: true, callLog: { id: a.callLog.id } });
    expect(await eventCount()).toBe(before);

    const d = await detail(id);
    expect(d.itemIds).toContain(a.callLog.id);
    expect(d.conversation.firstResponseAt).not.toBeNull();
    expect(d.conversation.waitingSince).toBeNull();
    expect(d.conversation.channels).toContain('phone');
    // The timeline item reads as a call with the shared vocabulary's outcome and a human title.
    const item = (await t.domain.customers.timeline({ kind: 'system', name: 'test', permissions: [] } as never, a.callLog.customerId, { limit: 10, channel: ['phone'] }))!.items.find((i) => i.id === a.callLog.id)!;
    expect(item).toMatchObject({ type: 'call.logged', channel: 'phone', summary: 'Called the customer: callback requested — Wants the refund on the card. Call back tomorrow.' });
    expect(item.data).toMatchObject({ direction: 'outbound', outcome: 'answered', callOutcome: 'callback_requested', omniConversationId: id });
    expect(groupingIntent(item)).toMatchObject({ response: true, opens: false, customerMessage: false, target: id });

    const list = CallLogListSchema.parse((await call('GET', `/api/v1/conversations/${id}/call-logs`)).json());
    expect(list.callLogs.map((c) => c.id)).toEqual([a.callLog.id]);
    expect(await callLogsOf(t.domain)!.list(id)).toHaveLength(1);
  });

  it('a voicemail, no answer or wrong number stops no clock: the customer still waits', async () => {
    const id = await waitingConversation('voicemail');
    for (const [i, outcome] of (['left_voicemail', 'no_answer', 'busy', 'wrong_number'] as const).entries()) {
      const res = await call('POST', `/api/v1/conversations/${id}/call-logs`, { idempotencyKey: `call-vm-${i}-key`, outcome, notes: 'tried' });
      expect(res.statusCode, res.body).toBe(201);
      expect(CallLogResultSchema.parse(res.json()).callLog.countsAsResponse).toBe(false);
    }
    const d = await detail(id);
    expect(d.conversation.firstResponseAt).toBeNull();
    expect(d.conversation.waitingSince).not.toBeNull();
    expect((await callLogsOf(t.domain)!.list(id)).map((c) => c.outcome)).toEqual(['left_voicemail', 'no_answer', 'busy', 'wrong_number']);
  });

  it('an inbound call the agent answered is a response too; the same key from another agent is another log', async () => {
    const id = await waitingConversation('inbound');
    const res = await call('POST', `/api/v1/conversations/${id}/call-logs`, { idempotencyKey: 'call-shared-key', direction: 'inbound', outcome: 'resolved', durationSec: 60 });
    expect(res.statusCode, res.body).toBe(201);
    expect((await detail(id)).conversation.firstResponseAt).not.toBeNull();
    const other = await call('POST', `/api/v1/conversations/${id}/call-logs`, { idempotencyKey: 'call-shared-key', outcome: 'reached' }, admin);
    expect(other.statusCode, other.body).toBe(201);
    expect(CallLogResultSchema.parse(other.json()).callLog.id).not.toBe(CallLogResultSchema.parse(res.json()).callLog.id);
  });

  it('bad input: 4xx naming the field, nothing written', async () => {
    const id = await waitingConversation('bad');
    const before = await eventCount();
    const cases: [unknown, string][] = [
      [{ idempotencyKey: 'call-bad-001', outcome: 'teleported' }, 'outcome'],
      [{ idempotencyKey: 'call-bad-002' }, 'outcome'],
      [{ idempotencyKey: 'short', outcome: 'reached' }, 'idempotencyKey'],
      [{ idempotencyKey: 'call-bad-003', outcome: 'callback_requested' }, 'callbackAt'],
      [{ idempotencyKey: 'call-bad-004', outcome: 'reached', callbackAt: '2026-12-24T09:30:00Z' }, 'callbackAt'],
      [{ idempotencyKey: 'call-bad-005', outcome: 'callback_requested', callbackAt: 'tomorrow' }, 'callbackAt'],
      [{ idempotencyKey: 'call-bad-006', outcome: 'reached', durationSec: -3 }, 'durationSec'],
      [{ idempotencyKey: 'call-bad-007', outcome: 'reached', durationSec: 1.5 }, 'durationSec'],
      [{ idempotencyKey: 'call-bad-008', outcome: 'reached', notes: 'x'.repeat(5001) }, 'notes'],
      [{ idempotencyKey: 'call-bad-009', direction: 'sideways', outcome: 'reached' }, 'direction'],
      [{ idempotencyKey: 'call-bad-010', direction: 'inbound', outcome: 'no_answer' }, 'outcome'],
      [{ idempotencyKey: 'call-bad-011', outcome: 'reached', recording: 'x' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', `/api/v1/conversations/${id}/call-logs`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(fields(res), JSON.stringify(body)).toContain(field);
    }
    const unknown = await call('POST', '/api/v1/conversations/cnv_NOPE/call-logs', { idempotencyKey: 'call-bad-012', outcome: 'reached' });
    expect(unknown.statusCode).toBe(404);
    expect((await call('GET', '/api/v1/conversations/cnv_NOPE/call-logs')).statusCode).toBe(404);
    expect(await eventCount()).toBe(before);
  });

  it('a closed conversation takes no call log (409), and a caller without conversation.work is refused', async () => {
    const id = await waitingConversation('closed');
    await db().withTables<{ conversations: { id: string; status: string } }>().updateTable('conversations').set({ status: 'closed' }).where('id', '=', id).execute();
    const res = await call('POST', `/api/v1/conversations/${id}/call-logs`, { idempotencyKey: 'call-closed-1', outcome: 'reached' });
    expect(res.statusCode).toBe(409);
    expect((await call('POST', `/api/v1/conversations/${id}/call-logs`, { idempotencyKey: 'call-anon-1', outcome: 'reached' }, 'not-a-token')).statusCode).toBe(401);
  });
});
