import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SLA_POLICY, LoginResponseSchema, QueueSlaSchema } from '../../shared/index.js';
import { buildApp } from '../http/app.js';
import { TEST_ADMIN, testDomain, type TestDomain } from '../http/test-support.js';

/* The SLA routes over HTTP: defaults until set, leads may change, agents only read, bad input a 4xx naming the field and nothing written. */
let t: TestDomain;
let app: FastifyInstance;
let admin: string;
let agent: string;
let queue: string;

const login = async (email: string, password: string) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json()).token;
const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, token = admin) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const paths = (res: { json(): unknown }) => (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 4 * 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  await t.domain.auth.createUser({ email: 'agent.sla@test.local', name: 'Ana Agent', role: 'agent', password: 'agent-password-123' });
  agent = await login('agent.sla@test.local', 'agent-password-123');
  queue = ((await call('POST', '/api/v1/teams', { name: 'Returns SLA' })).json() as { team: { id: string } }).team.id;
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('SLA routes', () => {
  const body = { byPriority: DEFAULT_SLA_POLICY.byPriority, calendar: { timeZone: 'Europe/Berlin', week: { mon: [{ start: '09:00', end: '17:00' }] }, holidays: [] } };

  it('reads defaults until set; an admin saves; an agent reads but may not change', async () => {
    const first = QueueSlaSchema.parse((await call('GET', `/api/v1/queues/${queue}/sla`, undefined, agent)).json());
    expect(first).toMatchObject({ queueId: queue, updatedAt: null, calendar: null });
    const put = await call('PUT', `/api/v1/queues/${queue}/sla`, body);
    expect(put.statusCode, put.body).toBe(200);
    expect(QueueSlaSchema.parse(put.json()).calendar?.timeZone).toBe('Europe/Berlin');
    expect((await call('PUT', `/api/v1/queues/${queue}/sla`, body, agent)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/queues/nope/sla')).statusCode).toBe(404);
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const zone = await call('PUT', `/api/v1/queues/${queue}/sla`, { ...body, calendar: { ...body.calendar, timeZone: 'Mars/Olympus' } });
    expect(zone.statusCode).toBe(400);
    expect(paths(zone)).toContain('calendar.timeZone');
    const shift = await call('PUT', `/api/v1/queues/${queue}/sla`, { ...body, calendar: { ...body.calendar, week: { mon: [{ start: '17:00', end: '09:00' }] } } });
    expect(paths(shift)).toContain('calendar.week.mon[0].end');
    const ics = await call('POST', `/api/v1/queues/${queue}/holidays/import`, { ics: 'BEGIN:VCALENDAR\r\nBROKEN' });
    expect(ics.statusCode).toBe(400);
    expect(paths(ics)).toEqual(['ics']);
    expect(QueueSlaSchema.parse((await call('GET', `/api/v1/queues/${queue}/sla`)).json()).calendar?.week).toEqual(body.calendar.week);
  });
});
