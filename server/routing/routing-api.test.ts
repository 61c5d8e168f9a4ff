import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationSchema, LoginResponseSchema, PresenceListSchema, PresenceSchema, QueueRoutingSettingsSchema, RoutingHistorySchema, RoutingNextSchema, RoutingOfferListSchema, systemActor, type RoutingOffer } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { TEST_ADMIN, testDomain, uniqueWho, makeEvent, TEST_INGEST_KEY, type TestDomain } from '../http/test-support.js';
import { until } from '../testing/wait.js';

/*
 * Presence and routing over HTTP on the test backend (SQLite, or PostgreSQL with DATABASE_URL), with the
 * hub's own sweeps and reactions running: offers go to online queue members only, a decline moves the
 * offer on and is never undone, accept assigns, pull takes the best eligible, offline agents get nothing,
 * and every bad input is a 4xx naming its field.
 */
let t: TestDomain;
let domain: SqlDomain;
let app: FastifyInstance;
let admin: string;
let ana: string;
let ben: string;
let anaId: string;
let benId: string;
let queueId: string;
let customerId: string;

const login = async (email: string, password: string) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json()).token;
const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const offersOf = async (token: string): Promise<RoutingOffer[]> => RoutingOfferListSchema.parse((await call('GET', '/api/v1/routing/offers', token)).json()).offers;
const fields = (res: { statusCode: number; json(): unknown }) => (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);

async function openConversation(subject: string, priority = 'normal', channel = 'chat') {
  const res = await call('POST', '/api/v1/conversations', admin, { customerId, subject, priority, channel, queueId });
  expect(res.statusCode, res.body).toBe(201);
  return ConversationSchema.parse(res.json());
}

beforeAll(async () => {
  t = await testDomain();
  domain = t.domain as unknown as SqlDomain;
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  anaId = (await domain.auth.createUser({ email: 'ana.routing@test.local', name: 'Ana Agent', role: 'agent', password: 'agent-password-123' })).id;
  benId = (await domain.auth.createUser({ email: 'ben.routing@test.local', name: 'Ben Agent', role: 'agent', password: 'agent-password-123' })).id;
  ana = await login('ana.routing@test.local', 'agent-password-123');
  ben = await login('ben.routing@test.local', 'agent-password-123');
  const team = await domain.teams.create(systemActor('test'), { name: 'Routing support' });
  queueId = team.id;
  await domain.teams.addMember(systemActor('test'), queueId, anaId);
  await domain.teams.addMember(systemActor('test'), queueId, benId);
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events: [makeEvent(uniqueWho('routing'))] } });
  customerId = (res.json() as { results: { customerId: string }[] }).results[0]!.customerId;
  // The inbound contact opened a conversation of its own (no queue): solved, so only this file's conversations wait.
  const opened = await domain.conversations.list(systemActor('test'), { view: 'all', status: undefined, customerId, limit: 50 });
  if (opened.conversations.length > 0) await domain.conversations.bulk(systemActor('test'), { ids: opened.conversations.map((c) => c.id), patch: { status: 'solved' } });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('presence API', () => {
  it('each user sets their own state; everyone reads the list; a bad state is a 400 naming it', async () => {
    const set = await call('PUT', '/api/v1/presence', ana, { state: 'away' });
    expect(set.statusCode, set.body).toBe(200);
    expect(PresenceSchema.parse(set.json())).toMatchObject({ userId: anaId, name: 'Ana Agent', state: 'away', reason: 'chosen' });
    for (const bad of [{ state: 'busy' }, {}, { state: 'online', extra: 1 }]) {
      const res = await call('PUT', '/api/v1/presence', ana, bad);
      expect(res.statusCode).toBe(400);
      expect(fields(res).join()).toMatch(/state|extra|\(body\)/);
    }
    const list = PresenceListSchema.parse((await call('GET', '/api/v1/presence', ben)).json()).presence;
    expect(list.find((p) => p.userId === anaId)?.state).toBe('away');
    expect(await domain.presence.stateOf(benId)).toBe('offline');
  });
});

describe('routing API', () => {
  it('nobody online: work waits; the only online member gets the offer', async () => {
    const waiting = await openConversation('Where is my order?');
    // Ana is away and Ben offline: nothing is offered to anyone.
    await domain.routing.sweep();
    expect(await offersOf(ana)).toEqual([]);
    expect(await offersOf(ben)).toEqual([]);
    await call('PUT', '/api/v1/presence', ana, { state: 'online' });
    await until(async () => (await offersOf(ana)).length === 1, 'an offer for Ana');
    const [offer] = await offersOf(ana);
    expect(offer).toMatchObject({ conversationId: waiting.id, channel: 'chat', subject: 'Where is my order?', priority: 'normal' });
    expect(Date.parse(offer!.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('a decline moves the offer to the next member and it never comes back to the decliner; accept assigns', async () => {
    const [offer] = await offersOf(ana);
    expect((await call('POST', `/api/v1/routing/offers/${offer!.offerId}/decline`, ben)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/routing/offers/${offer!.offerId}/decline`, ana)).json()).toEqual({ ok: true });
    expect((await call('POST', `/api/v1/routing/offers/${offer!.offerId}/decline`, ana)).statusCode).toBe(409);
    await call('PUT', '/api/v1/presence', ben, { state: 'online' });
    await until(async () => (await offersOf(ben)).length === 1, 'the offer moving to Ben');
    const [moved] = await offersOf(ben);
    expect(moved!.conversationId).toBe(offer!.conversationId);
    await domain.routing.sweep();
    expect((await offersOf(ana)).map((o) => o.conversationId)).not.toContain(offer!.conversationId);

    const accepted = await call('POST', `/api/v1/routing/offers/${moved!.offerId}/accept`, ben);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(ConversationSchema.parse(accepted.json())).toMatchObject({ id: offer!.conversationId, assigneeId: benId });
    const again = await call('POST', `/api/v1/routing/offers/${moved!.offerId}/accept`, ben);
    expect(again.statusCode).toBe(409);
    expect(fields(again)).toEqual(['offerId']);
    const history = RoutingHistorySchema.parse((await call('GET', `/api/v1/routing/conversations/${offer!.conversationId}/history`, admin)).json()).entries;
    expect(history.map((e) => [e.kind, e.userId])).toEqual([
      ['offered', anaId],
      ['declined', anaId],
      ['offered', benId],
      ['accepted', benId],
    ]);
  });

  it('pull takes the most urgent conversation first, then the oldest; offline agents cannot take work', async () => {
    await call('PUT', '/api/v1/presence', ben, { state: 'away' });
    const normal = await openConversation('Normal one', 'normal', 'email');
    const urgent = await openConversation('Urgent one', 'urgent', 'email');
    const first = RoutingNextSchema.parse((await call('POST', '/api/v1/routing/next', ana)).json());
    expect(first.conversation).toMatchObject({ id: urgent.id, assigneeId: anaId });
    const second = RoutingNextSchema.parse((await call('POST', '/api/v1/routing/next', ana)).json());
    expect(second.conversation).toMatchObject({ id: normal.id, assigneeId: anaId });
    expect(RoutingNextSchema.parse((await call('POST', '/api/v1/routing/next', ana)).json()).conversation).toBeNull();

    await openConversation('Nobody may take this one');
    await call('PUT', '/api/v1/presence', ana, { state: 'offline' });
    const refused = await call('POST', '/api/v1/routing/next', ana);
    expect(refused.statusCode).toBe(409);
    expect(fields(refused)).toEqual(['(presence)']);
  });

  it('queue capacity units: readable by agents, set by leads (400 naming the channel, 404 for an unknown queue)', async () => {
    expect(QueueRoutingSettingsSchema.parse((await call('GET', `/api/v1/routing/queues/${queueId}`, ana)).json()).units).toMatchObject({ phone: 100, chat: 33, sms: 20, email: 10 });
    expect((await call('PUT', `/api/v1/routing/queues/${queueId}`, ana, { units: { chat: 50 } })).statusCode).toBe(403);
    const bad = await call('PUT', `/api/v1/routing/queues/${queueId}`, admin, { units: { chat: 0, fax: 3 } });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad).join()).toMatch(/units/);
    expect((await call('PUT', '/api/v1/routing/queues/no-such-team', admin, { units: { chat: 50 } })).statusCode).toBe(404);
    const ok = await call('PUT', `/api/v1/routing/queues/${queueId}`, admin, { units: { chat: 50 } });
    expect(QueueRoutingSettingsSchema.parse(ok.json()).units).toMatchObject({ chat: 50, email: 10 });
  });
});
