import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponseSchema, type IngestEvent } from '../../shared/index.js';
import { MacroListSchema, MacroSchema, RenderedMacroSchema } from '../../shared/macros.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { TEST_ADMIN, TEST_INGEST_KEY, testDomain, type TestDomain } from '../http/test-support.js';
import { macroDb } from './tables.js';

/*
 * Macros over HTTP: leads write them, agents only read and render; variables come from the conversation
 * (first name, last order, last store, the agent), what is missing comes back to ask; bad input is a 4xx
 * naming the field with nothing written.
 */
let t: TestDomain;
let app: FastifyInstance;
let admin: string;
let lead: string;
let agent: string;
let n = 0;

const login = async (email: string, password: string) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json()).token;
const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const paths = (res: { json(): unknown }) => (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
const db = () => macroDb((t.domain as SqlDomain).database.db);
const count = async () => Number((await db().selectFrom('macros').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow()).c);

/** Ingests events for one customer; returns the conversation of the first (an inbound email). */
async function conversationWith(events: Omit<IngestEvent, 'source' | 'sourceEventId'>[]): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events: events.map((e) => ({ ...e, source: 'test-macros', sourceEventId: `m-${n++}` })) } });
  expect(res.statusCode, res.body).toBe(202);
  const eventId = (res.json() as { results: { eventId: string }[] }).results[0]!.eventId;
  const item = await db().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', eventId).executeTakeFirstOrThrow();
  return item.conversation_id;
}
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  await t.domain.auth.createUser({ email: 'lead.macros@test.local', name: 'Lea Lead', role: 'lead', password: 'lead-password-123' });
  await t.domain.auth.createUser({ email: 'agent.macros@test.local', name: 'Ana Ruiz', role: 'agent', password: 'agent-password-123' });
  lead = await login('lead.macros@test.local', 'lead-password-123');
  agent = await login('agent.macros@test.local', 'agent-password-123');
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('macros', () => {
  it('a lead writes one, an agent lists it but may not write; names are unique', async () => {
    const made = await call('POST', '/api/v1/macros', lead, { name: 'Where is my order', body: 'Hi {{customer.firstName}}, order {{order.number}} is on its way. {{agent.name}}', actions: { status: 'pending', addTags: ['shipping'] } });
    expect(made.statusCode, made.body).toBe(201);
    const macro = MacroSchema.parse(made.json());
    expect(macro).toMatchObject({ name: 'Where is my order', actions: { status: 'pending', addTags: ['shipping'] }, updatedByName: 'Lea Lead' });
    expect((await call('POST', '/api/v1/macros', agent, { name: 'Agent macro', body: 'Hi' })).statusCode).toBe(403);
    expect((await call('PUT', `/api/v1/macros/${macro.id}`, agent, { name: 'x', body: 'y' })).statusCode).toBe(403);
    expect((await call('DELETE', `/api/v1/macros/${macro.id}`, agent)).statusCode).toBe(403);
    const dup = await call('POST', '/api/v1/macros', admin, { name: 'WHERE is my order', body: 'Hello' });
    expect(dup.statusCode).toBe(409);
    expect(paths(dup)).toEqual(['name']);
    const list = MacroListSchema.parse((await call('GET', '/api/v1/macros', agent)).json());
    expect(list.macros.map((m) => m.name)).toContain('Where is my order');
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const before = await count();
    const unknown = await call('POST', '/api/v1/macros', lead, { name: 'Broken', body: 'Hi {{customer.lastName}}' });
    expect(unknown.statusCode).toBe(400);
    expect(paths(unknown)).toEqual(['body']);
    expect(JSON.stringify(unknown.json())).toContain('customer.lastName');
    const empty = await call('POST', '/api/v1/macros', lead, { name: 'Empty', body: '   ' });
    expect(paths(empty)).toEqual(['body']);
    const status = await call('POST', '/api/v1/macros', lead, { name: 'Snoozer', body: 'Hi', actions: { status: 'snoozed' } });
    expect(status.statusCode).toBe(400);
    expect(paths(status)).toEqual(['actions.status']);
    const noName = await call('POST', '/api/v1/macros', lead, { body: 'Hi' });
    expect(paths(noName)).toEqual(['name']);
    expect(await count()).toBe(before);
  });

  it('renders the conversation’s variables and asks for what it cannot fill', async () => {
    const email = `grace.${Date.now()}@example.com`;
    const conv = await conversationWith([
      { channel: 'email', type: 'email.received', occurredAt: ago(60_000), customer: { email, name: 'Grace Hopper' }, summary: 'Where is it?', data: { direction: 'inbound', subject: 'Where is it?' } },
      { channel: 'web', type: 'order.placed', occurredAt: ago(86_400_000), customer: { email }, summary: 'Order', data: { orderNumber: 'R-1001' } },
      { channel: 'web', type: 'order.placed', occurredAt: ago(3_600_000), customer: { email }, summary: 'Order', data: { orderNumber: 'R-2002' } },
      { channel: 'store', type: 'store.checkin', occurredAt: ago(7_200_000), customer: { email }, summary: 'In store', data: { visitId: 'v1', storeId: 'sq', storeName: 'Union Square' } },
    ]);
    const macro = MacroSchema.parse((await call('POST', '/api/v1/macros', lead, { name: 'Pickup ready', body: 'Hi {{customer.firstName}}, {{order.number}} waits at {{store.name}}. Locker {{ask:Locker code}}. {{agent.name}}', actions: { priority: 'high' } })).json());
    const first = RenderedMacroSchema.parse((await call('POST', `/api/v1/macros/${macro.id}/render`, agent, { conversationId: conv })).json());
    expect(first.text).toBe('Hi Grace, R-2002 waits at Union Square. Locker {{ask:Locker code}}. Ana Ruiz');
    expect(first.missing).toEqual([{ key: 'ask:Locker code', label: 'Locker code' }]);
    expect(first.actions).toEqual({ priority: 'high' });
    const answered = RenderedMacroSchema.parse((await call('POST', `/api/v1/macros/${macro.id}/render`, agent, { conversationId: conv, values: { 'ask:Locker code': '42' } })).json());
    expect(answered).toMatchObject({ text: 'Hi Grace, R-2002 waits at Union Square. Locker 42. Ana Ruiz', missing: [] });
  });

  it('a customer known only by a phone has no first name or order: both are asked', async () => {
    const conv = await conversationWith([{ channel: 'sms', type: 'sms.received', occurredAt: ago(1000), customer: { phone: '+14155550142' }, data: { direction: 'inbound', body: 'hello' } }]);
    const macro = MacroSchema.parse((await call('POST', '/api/v1/macros', lead, { name: 'Order check', body: 'Hi {{customer.firstName}}, about {{order.number}}' })).json());
    const r = RenderedMacroSchema.parse((await call('POST', `/api/v1/macros/${macro.id}/render`, agent, { conversationId: conv })).json());
    expect(r.missing.map((m) => m.key)).toEqual(['customer.firstName', 'order.number']);
    const bad = await call('POST', `/api/v1/macros/${macro.id}/render`, agent, { conversationId: 'conv_nope' });
    expect(bad.statusCode).toBe(404);
    expect(paths(bad)).toEqual(['conversationId']);
  });

  it('a lead edits and deletes', async () => {
    const macro = MacroSchema.parse((await call('POST', '/api/v1/macros', lead, { name: 'Thanks', body: 'Thanks!' })).json());
    const edited = await call('PUT', `/api/v1/macros/${macro.id}`, lead, { name: 'Thanks a lot', body: 'Thanks a lot, {{customer.firstName}}!', actions: { status: 'solved' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(MacroSchema.parse(edited.json())).toMatchObject({ name: 'Thanks a lot', actions: { status: 'solved' } });
    expect((await call('DELETE', `/api/v1/macros/${macro.id}`, lead)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/v1/macros/${macro.id}`, lead)).statusCode).toBe(404);
  });
});
