import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityBatchSchema, CustomerActivitySchema, LoginResponseSchema, type CustomerActivityEvent } from '../../shared/index.js';
import { buildApp } from '../http/app.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from '../http/test-support.js';
import { createRealtime, type Realtime } from '../realtime/server.js';
import { connect, record, watch, waitFor, type ClientSocket } from '../realtime/test-client.js';

/*
 * The collision API over HTTP on the test backend (SQLite, or PostgreSQL with DATABASE_URL), with the real
 * socket server: signals answer the activity by name, bad input is a 400 naming the field (nothing written),
 * unknown customers 404, and watchers of the customer hear `customer:activity` on every change.
 */
let t: TestDomain;
let app: FastifyInstance;
let realtime: Realtime;
let url: string;
let admin: string;
let agent: string;
const sockets: ClientSocket[] = [];

const login = async (email: string, password: string) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json()).token;
const call = (method: 'GET' | 'POST', path: string, payload?: unknown, token = admin) =>
  app.inject({ method, url: path, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });

async function aCustomer(): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events: [makeEvent(uniqueWho('act'))] } });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { results: { customerId: string }[] }).results[0]!.customerId;
}
const issuePaths = (res: { json(): unknown }) => (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  realtime = createRealtime(app.server, { auth: t.domain.auth, features: t.domain.features, events: t.domain.events });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  await t.domain.auth.createUser({ email: 'grace.activity@test.local', name: 'Grace Kim', role: 'agent', password: 'grace-password-123' });
  agent = await login('grace.activity@test.local', 'grace-password-123');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await realtime?.close();
  await app?.close();
  await t?.close();
});

describe('collision API', () => {
  it('a reply signal shows by name to everyone, live to the watchers, and its stop too', async () => {
    const id = await aCustomer();
    const watcher = await connect(url, { token: admin });
    sockets.push(watcher);
    const heard = record(watcher, 'customer:activity');
    expect(await watch(watcher, { customerId: id })).toMatchObject({ ok: true });

    const res = await call('POST', `/api/v1/customers/${id}/activity`, { kind: 'composing', channel: 'email' }, agent);
    expect(res.statusCode, res.body).toBe(200);
    expect(CustomerActivitySchema.parse(res.json()).composers.map((c) => [c.name, c.channel])).toEqual([['Grace Kim', 'email']]);
    await waitFor(() => heard.length >= 1, 'customer:activity after the signal');
    expect((heard[0] as CustomerActivityEvent).activity.composers[0]!.name).toBe('Grace Kim');

    const read = CustomerActivitySchema.parse((await call('GET', `/api/v1/customers/${id}/activity`)).json());
    expect(read.composers.map((c) => c.name)).toEqual(['Grace Kim']);

    await call('POST', `/api/v1/customers/${id}/activity`, { kind: 'composing', channel: 'email', active: false }, agent);
    await waitFor(() => heard.length >= 2, 'customer:activity after the stop');
    expect((heard[1] as CustomerActivityEvent).activity.composers).toEqual([]);
  });

  it('the inbox reads many customers in one call', async () => {
    const [x, y] = [await aCustomer(), await aCustomer()];
    await call('POST', `/api/v1/customers/${y}/activity`, { kind: 'viewing' }, agent);
    const res = await call('GET', `/api/v1/activity?customerIds=${x},${y},cus_unknown`);
    expect(res.statusCode, res.body).toBe(200);
    expect(ActivityBatchSchema.parse(res.json()).activities.map((a) => [a.customerId, a.viewers.map((v) => v.name)])).toEqual([
      [x, []],
      [y, ['Grace Kim']],
    ]);
  });

  it('refuses bad input with a 400 naming the field, and unknown customers with a 404, writing nothing', async () => {
    const id = await aCustomer();
    const bad = [
      [{ kind: 'typing' }, 'kind'],
      [{ kind: 'composing' }, 'channel'],
      [{ kind: 'composing', channel: 'fax' }, 'channel'],
      [{ kind: 'composing', channel: 'email', conversationId: 'x'.repeat(65) }, 'conversationId'],
      [{ kind: 'viewing', active: 'yes' }, 'active'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await call('POST', `/api/v1/customers/${id}/activity`, body, agent);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(issuePaths(res).join(' ')).toContain(field);
    }
    const after = CustomerActivitySchema.parse((await call('GET', `/api/v1/customers/${id}/activity`)).json());
    expect([after.viewers, after.composers]).toEqual([[], []]);

    expect((await call('GET', '/api/v1/customers/cus_unknown/activity')).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/customers/cus_unknown/activity', { kind: 'viewing' })).statusCode).toBe(404);
    for (const q of ['', '?customerIds=', `?customerIds=${Array.from({ length: 101 }, (_, i) => `c${i}`).join(',')}`]) {
      const res = await call('GET', `/api/v1/activity${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(issuePaths(res).join(' ')).toContain('customerIds');
    }
  });

  it('answers 401 without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/activity?customerIds=a' })).statusCode).toBe(401);
  });
});
