import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationDetailSchema, ConversationPageSchema, ConversationSchema, InboxCountsSchema, LoginResponseSchema, TimelinePageSchema, type Conversation, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from '../http/test-support.js';
import { convDb } from './tables.js';

/*
 * The conversations API over HTTP on the test backend (SQLite, or PostgreSQL with DATABASE_URL): inbox
 * pages in SLA order with a keyset cursor, every bad input a 4xx naming its field (never a partial write),
 * per-record assignment rules, bulk all-or-nothing, explained clocks, and the timeline showing conversations.
 */
let t: TestDomain;
let app: FastifyInstance;
let admin: string;
let agent: string;
let agentId: string;
let leadId: string;

const login = async (email: string, password: string) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json()).token;
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, token = admin) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

async function ingest(events: IngestEvent[]) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events } });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { results: { customerId: string; eventId: string }[] }).results;
}

/** Field paths of a 4xx answer. */
function fields(res: { statusCode: number; json(): unknown }, status: number): string[] {
  expect(res.statusCode).toBe(status);
  return (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
}

const created: Conversation[] = [];

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  agentId = (await t.domain.auth.createUser({ email: 'agent.conv@test.local', name: 'Ana Agent', role: 'agent', password: 'agent-password-123' })).id;
  leadId = (await t.domain.auth.createUser({ email: 'lead.conv@test.local', name: 'Leo Lead', role: 'lead', password: 'lead-password-123' })).id;
  agent = await login('agent.conv@test.local', 'agent-password-123');
  // Six inbound emails from six customers, minutes apart: six conversations.
  for (let i = 0; i < 6; i++) {
    const who = uniqueWho(`conv${i}`);
    await ingest([makeEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(60 - i), data: { direction: 'inbound', subject: `Question ${i}`, messageId: `<q${i}.${who.email}>` } })]);
  }
  const page = ConversationPageSchema.parse((await call('GET', '/api/v1/conversations?view=all&limit=50')).json());
  created.push(...page.conversations);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('conversations API', () => {
  it('lists in SLA order (nearest deadline, then priority, then age) page by page with a keyset cursor', async () => {
    expect(created).toHaveLength(6);
    const [oldest] = created;
    await call('PATCH', `/api/v1/conversations/${created[5]!.id}`, { priority: 'urgent' });
    const seen: Conversation[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/conversations?view=all&limit=2${cursor ? `&before=${cursor}` : ''}`;
      const page = ConversationPageSchema.parse((await call('GET', q)).json());
      expect(page.conversations.length).toBeLessThanOrEqual(2);
      seen.push(...page.conversations);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    // Urgent has a 30 min first-response target: its deadline is nearest, then the rest oldest first.
    expect(seen[0]!.id).toBe(created[5]!.id);
    expect(seen[1]!.id).toBe(oldest!.id);
    const dues = seen.map((c) => Date.parse(c.nextDueAt!));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(seen.every((c) => c.customerName !== null && c.channels.includes('email'))).toBe(true);
  });

  it('answers bad input with a 4xx naming the field', async () => {
    expect(fields(await call('GET', '/api/v1/conversations?view=everything'), 400)).toContain('view');
    expect(fields(await call('GET', '/api/v1/conversations?view=queue'), 400)).toContain('queue');
    expect(fields(await call('GET', '/api/v1/conversations?limit=0'), 400)).toContain('limit');
    expect(fields(await call('GET', '/api/v1/conversations?status=open,done'), 400)).toContain('status');
    expect(fields(await call('GET', '/api/v1/conversations?before=not-a-cursor'), 400)).toContain('before');
    const id = created[0]!.id;
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, { status: 'closed' }), 400)).toContain('status');
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, { status: 'snoozed' }), 400)).toContain('snoozedUntil');
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, { status: 'snoozed', snoozedUntil: ago(5) }), 400)).toContain('snoozedUntil');
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, { priority: 'asap' }), 400)).toContain('priority');
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, { tags: [''] }), 400)).toContain('tags[0]');
    expect((await call('PATCH', `/api/v1/conversations/${id}`, { colour: 'red' })).statusCode).toBe(400);
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, {}), 400).length).toBeGreaterThan(0);
    expect(fields(await call('PATCH', '/api/v1/conversations/cnv_nope', { priority: 'high' }), 404)).toEqual(['id']);
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, { assigneeId: 'usr_nobody' }), 404)).toEqual(['assigneeId']);
    expect(fields(await call('POST', '/api/v1/conversations', { customerId: created[0]!.customerId }), 400)).toContain('subject');
    expect(fields(await call('POST', '/api/v1/conversations', { customerId: 'cus_nobody', subject: 'Call back' }), 404)).toEqual(['customerId']);
    // Nothing of the above was written.
    const row = ConversationDetailSchema.parse((await call('GET', `/api/v1/conversations/${id}`)).json()).conversation;
    expect(row).toMatchObject({ status: 'open', priority: 'normal', tags: [], assigneeId: null, snoozedUntil: null });
  });

  it('refuses hostile text with a 400 and groups hostile event data without failing the ingest', async () => {
    const nul = Buffer.from(JSON.stringify([0, 0, 0, 'x\u0000y'])).toString('base64url');
    expect(fields(await call('GET', `/api/v1/conversations?before=${nul}`), 400)).toEqual(['before']);
    expect(fields(await call('GET', '/api/v1/conversations/a%00b'), 400)).toContain('id');
    expect(fields(await call('PATCH', `/api/v1/conversations/${created[0]!.id}`, { tags: ['a\u0000'] }), 400)).toContain('tags[0]');
    expect(fields(await call('GET', '/api/v1/conversations?view=queue&queue=q%00'), 400)).toContain('queue');
    const who = uniqueWho('hostile');
    const refs = Array.from({ length: 3000 }, (_, i) => `<r${i}@x>`);
    const [r] = await ingest([
      makeEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(3), data: { direction: 'inbound', subject: 'bad\u0000subject', messageId: `<${'m'.repeat(10_000)}@x>`, inReplyTo: 'nul\u0000id', references: refs } }),
    ]);
    const db = convDb((t.domain as SqlDomain).database.db);
    const link = await db.selectFrom('conversation_items as ci').innerJoin('conversations as c', 'c.id', 'ci.conversation_id').select(['c.subject', 'c.id']).where('ci.event_id', '=', r!.eventId).executeTakeFirstOrThrow();
    expect(link.subject).toBe('bad\ufffdsubject');
    const keys = await db.selectFrom('conversation_keys').select('key').where('conversation_id', '=', link.id).execute();
    expect(keys.length).toBeLessThanOrEqual(51);
    expect(keys.map((k) => k.key)).toContain('email:<r0@x>');
    await db.deleteFrom('conversations').where('id', '=', link.id).execute(); // keep the other tests' counts
  });

  it('lets an agent take a conversation but not hand it to someone else; a lead assigns anyone', async () => {
    const id = created[1]!.id;
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, { assigneeId: leadId }, agent), 403)).toEqual(['assigneeId']);
    expect(fields(await call('PATCH', `/api/v1/conversations/${id}`, { queueId: 'team_returns' }, agent), 403)).toEqual(['queueId']);
    const taken = ConversationSchema.parse((await call('PATCH', `/api/v1/conversations/${id}`, { assigneeId: agentId, tags: ['vip', 'vip', 'late'] }, agent)).json());
    expect(taken).toMatchObject({ assigneeId: agentId, tags: ['vip', 'late'] });
    const mine = ConversationPageSchema.parse((await call('GET', '/api/v1/conversations?view=mine', undefined, agent)).json());
    expect(mine.conversations.map((c) => c.id)).toEqual([id]);
    const counts = InboxCountsSchema.parse((await call('GET', '/api/v1/conversations/counts', undefined, agent)).json());
    expect(counts).toMatchObject({ mine: 1, all: 6, unassigned: 5 });
    const moved = ConversationSchema.parse((await call('PATCH', `/api/v1/conversations/${id}`, { queueId: 'team_returns', assigneeId: leadId })).json());
    expect(moved).toMatchObject({ queueId: 'team_returns', assigneeId: leadId });
    const queue = ConversationPageSchema.parse((await call('GET', '/api/v1/conversations?view=queue&queue=team_returns')).json());
    expect(queue.conversations.map((c) => c.id)).toEqual([id]);
  });

  it('pauses the clocks while pending and explains them; snoozing needs a future time', async () => {
    const id = created[2]!.id;
    const pending = ConversationSchema.parse((await call('PATCH', `/api/v1/conversations/${id}`, { status: 'pending' })).json());
    expect(pending).toMatchObject({ status: 'pending', firstResponseDueAt: null, nextDueAt: null });
    const detail = ConversationDetailSchema.parse((await call('GET', `/api/v1/conversations/${id}`)).json());
    expect(detail.clocks.map((c) => [c.kind, c.state])).toEqual([
      ['first_response', 'paused'],
      ['resolution', 'paused'],
    ]);
    expect(detail.clocks[0]!.explanation).toMatch(/^paused while pending, 3 h \d+ m left \(around the clock\)$/);
    expect(detail.itemIds).toHaveLength(1);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snoozed = ConversationSchema.parse((await call('PATCH', `/api/v1/conversations/${id}`, { status: 'snoozed', snoozedUntil: until })).json());
    expect(snoozed).toMatchObject({ status: 'snoozed' });
    expect(Date.parse(snoozed.snoozedUntil!)).toBe(Date.parse(until));
    const reopened = ConversationSchema.parse((await call('PATCH', `/api/v1/conversations/${id}`, { status: 'open' })).json());
    expect(reopened.snoozedUntil).toBeNull();
    expect(reopened.firstResponseDueAt).not.toBeNull();
  });

  it('bulk updates all or nothing', async () => {
    const ids = [created[3]!.id, created[4]!.id];
    const bad = await call('POST', '/api/v1/conversations/bulk', { ids: [ids[0], 'cnv_missing'], patch: { status: 'solved' } });
    expect(fields(bad, 404)).toEqual(['ids[1]']);
    const db = convDb((t.domain as SqlDomain).database.db);
    expect((await db.selectFrom('conversations').select('status').where('id', '=', ids[0]!).executeTakeFirstOrThrow()).status).toBe('open');
    expect(fields(await call('POST', '/api/v1/conversations/bulk', { ids: [], patch: { status: 'solved' } }), 400)).toContain('ids');
    const ok = await call('POST', '/api/v1/conversations/bulk', { ids, patch: { status: 'solved' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as { conversations: Conversation[] }).conversations.map((c) => c.status)).toEqual(['solved', 'solved']);
  });

  it('opens one by hand, and the customer timeline shows which conversation each item belongs to', async () => {
    const customerId = created[0]!.customerId;
    const res = await call('POST', '/api/v1/conversations', { customerId, subject: 'Store follow-up', channel: 'store', priority: 'high' }, agent);
    expect(res.statusCode, res.body).toBe(201);
    expect(ConversationSchema.parse(res.json())).toMatchObject({ subject: 'Store follow-up', channels: ['store'], priority: 'high', status: 'open', firstResponseDueAt: null });
    const timeline = TimelinePageSchema.parse((await call('GET', `/api/v1/customers/${customerId}/timeline`)).json());
    expect(timeline.items[0]!.conversation).toEqual({ id: created[0]!.id, subject: 'Question 0', status: 'open' });
  });
});
