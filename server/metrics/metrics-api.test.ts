import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationSchema, DrilldownSchema, FloorAgentsSchema, IntervalsSchema, LiveMetricsSchema, LoginResponseSchema, MetricsSettingsSchema, StaffingSchema, systemActor, type QueueFigures } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { TEST_ADMIN, testDomain, uniqueWho, makeEvent, TEST_INGEST_KEY, type TestDomain } from '../http/test-support.js';

/*
 * The floor over HTTP on the test backend (SQLite, or PostgreSQL with DATABASE_URL): conversations arrive,
 * are taken and let go, and the live figures, intervals, drill-down, CSV, agents and staffing follow;
 * leads (dashboard.view) only, bad input a 400 naming the field.
 */
let t: TestDomain;
let domain: SqlDomain;
let app: FastifyInstance;
let admin: string;
let lead: string;
let ana: string;
let anaId: string;
let queueId: string;
let customerId: string;

const login = async (email: string, password: string) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json()).token;
const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, token: string, payload?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const fields = (res: { json(): unknown }) => (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);

async function chatRow(window = '15m'): Promise<QueueFigures | undefined> {
  await domain.events.idle();
  const res = await call('GET', `/api/v1/metrics/live?queue=${queueId}&channel=chat&window=${window}`, lead);
  expect(res.statusCode, res.body).toBe(200);
  return LiveMetricsSchema.parse(res.json()).rows[0];
}
async function open(subject: string) {
  const res = await call('POST', '/api/v1/conversations', admin, { customerId, subject, priority: 'normal', channel: 'chat', queueId });
  expect(res.statusCode, res.body).toBe(201);
  return ConversationSchema.parse(res.json());
}

beforeAll(async () => {
  t = await testDomain();
  domain = t.domain as unknown as SqlDomain;
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  anaId = (await domain.auth.createUser({ email: 'ana.floor@test.local', name: 'Ana Agent', role: 'agent', password: 'agent-password-123' })).id;
  await domain.auth.createUser({ email: 'lea.floor@test.local', name: 'Lea Lead', role: 'lead', password: 'lead-password-123' });
  ana = await login('ana.floor@test.local', 'agent-password-123');
  lead = await login('lea.floor@test.local', 'lead-password-123');
  queueId = (await domain.teams.create(systemActor('test'), { name: 'Floor support' })).id;
  await domain.teams.addMember(systemActor('test'), queueId, anaId);
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events: [makeEvent(uniqueWho('floor'))] } });
  customerId = (res.json() as { results: { customerId: string }[] }).results[0]!.customerId;
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('floor metrics API', () => {
  it('a contact arriving raises waiting and offered; taking it answers it; a quick solve is a short abandon', async () => {
    const first = await open('Where is my parcel?');
    let row = await chatRow();
    expect(row).toMatchObject({ queueName: 'Floor support', offered: 1, waiting: 1, answered: 0, serviceLevel: null, thresholdSec: 60, target: 0.8 });
    expect(row!.oldestWaitingSince).not.toBeNull();
    const took = await call('PATCH', `/api/v1/conversations/${first.id}`, admin, { assigneeId: anaId });
    expect(took.statusCode, took.body).toBe(200);
    row = await chatRow();
    expect(row).toMatchObject({ offered: 1, waiting: 0, answered: 1, answeredWithinT: 1, serviceLevel: 1 });
    const second = await open('Never mind');
    await call('PATCH', `/api/v1/conversations/${second.id}`, admin, { status: 'solved' });
    row = await chatRow('today');
    expect(row).toMatchObject({ offered: 1, shortAbandoned: 1, abandoned: 0, answered: 1 });
  });

  it('drill-down lists the contacts behind a figure, as JSON and CSV', async () => {
    const res = await call('GET', `/api/v1/metrics/drilldown?metric=short_abandoned&queue=${queueId}&window=today`, lead);
    expect(res.statusCode, res.body).toBe(200);
    const d = DrilldownSchema.parse(res.json());
    expect(d.rows).toHaveLength(1);
    expect(d.rows[0]).toMatchObject({ outcome: 'short_abandoned', queueName: 'Floor support', channel: 'chat' });
    const csv = await call('GET', `/api/v1/metrics/drilldown.csv?metric=answered&queue=${queueId}&window=today`, lead);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('contact,conversation,customer,channel,queue,arrived_at,answered_at,ended_at,wait_sec,outcome');
    expect(csv.body.trim().split('\r\n')).toHaveLength(2);
  });

  it('intervals: today against last week, every 15 minutes, and as CSV', async () => {
    const res = await call('GET', `/api/v1/metrics/intervals?queue=${queueId}`, lead);
    expect(res.statusCode, res.body).toBe(200);
    const iv = IntervalsSchema.parse(res.json());
    expect(iv.intervals.length).toBeGreaterThanOrEqual(92);
    expect(iv.intervals.reduce((n, r) => n + r.today.offered, 0)).toBe(1);
    expect(iv.intervals.reduce((n, r) => n + r.lastWeek.offered, 0)).toBe(0);
    const csv = await call('GET', `/api/v1/metrics/intervals.csv?queue=${queueId}`, lead);
    expect(csv.body.split('\r\n')[0]).toContain('today_serviceLevel');
  });

  it('agents, staffing and settings; a lead changes an agent state', async () => {
    const agents = FloorAgentsSchema.parse((await call('GET', `/api/v1/metrics/agents?queue=${queueId}`, lead)).json()).agents;
    expect(agents.find((a) => a.userId === anaId)).toMatchObject({ name: 'Ana Agent', held: 1, heldUnits: 33, capacityUnits: 100 });
    const set = await call('PUT', `/api/v1/metrics/agents/${anaId}/state`, lead, { state: 'away' });
    expect(set.statusCode, set.body).toBe(200);
    expect((set.json() as { presence: { state: string } }).presence.state).toBe('away');
    const staffing = StaffingSchema.parse((await call('GET', '/api/v1/metrics/staffing', lead)).json());
    const chat = staffing.rows.find((r) => r.queueId === queueId && r.channel === 'chat')!;
    expect(chat).toMatchObject({ concurrency: 3, arrivalsPerHour: 2, agentsOnline: 0 });
    expect(chat.summary).toMatch(/^need \d+ more for 80\/60$/);
    const put = await call('PUT', '/api/v1/metrics/settings', lead, { shortAbandonSec: 0, colours: {}, serviceLevel: { chat: { thresholdSec: 30, target: 0.9 } }, queueServiceLevel: {} });
    expect(put.statusCode, put.body).toBe(200);
    expect(MetricsSettingsSchema.parse(put.json()).serviceLevel.chat).toEqual({ thresholdSec: 30, target: 0.9 });
    // No short abandons any more: the quick solve counts as an abandon against 90/30.
    expect(await chatRow('today')).toMatchObject({ offered: 2, abandoned: 1, shortAbandoned: 0, thresholdSec: 30, target: 0.9 });
  });

  it('only dashboard.view; bad input is a 400 naming the field', async () => {
    expect((await call('GET', '/api/v1/metrics/live', ana)).statusCode).toBe(403);
    expect((await call('PUT', `/api/v1/metrics/agents/${anaId}/state`, ana, { state: 'online' })).statusCode).toBe(403);
    const badWindow = await call('GET', '/api/v1/metrics/live?window=2h', lead);
    expect(badWindow.statusCode).toBe(400);
    expect(fields(badWindow)).toContain('window');
    const badMetric = await call('GET', '/api/v1/metrics/drilldown?metric=everything', lead);
    expect(fields(badMetric)).toContain('metric');
    const badDate = await call('GET', '/api/v1/metrics/intervals?date=yesterday', lead);
    expect(fields(badDate)).toContain('date');
    const badBand = await call('PUT', '/api/v1/metrics/settings', lead, { shortAbandonSec: 5, colours: { asaSec: { warn: 60, bad: 30, higherIsBetter: false } }, serviceLevel: {}, queueServiceLevel: {} });
    expect(badBand.statusCode).toBe(400);
    expect(fields(badBand).join()).toContain('bad');
    expect((await call('PUT', '/api/v1/metrics/agents/nobody/state', lead, { state: 'away' })).statusCode).toBe(404);
  });
});
