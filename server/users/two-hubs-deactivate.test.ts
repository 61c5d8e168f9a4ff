import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponseSchema, UserWithPasswordResponseSchema } from '../../shared/index.js';
import { openSocket } from '../testing/hub-client.js';
import { startTwoHubs, twoHubsSkipReason, type TwoHubs } from '../testing/two-hubs.js';
import { until } from '../testing/wait.js';

/* Deactivation on two hub processes sharing one PostgreSQL and one Redis (the PG pass): every session ends, on every hub, within 1 s. */
const skip = twoHubsSkipReason();

// Two real hub processes need DATABASE_URL (PostgreSQL) and REDIS_URL: skipped in the SQLite pass with
// twoHubsSkipReason()'s reason in the title; the PostgreSQL pass of .ci/run runs it.
describe.skipIf(skip !== undefined)(`deactivating a user on two hubs${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let hubs: TwoHubs;
  beforeAll(async () => {
    hubs = await startTwoHubs();
    await hubs.linked();
  }, 120_000);
  afterAll(async () => {
    await hubs?.close();
  }, 30_000);

  const post = (url: string, path: string, body: unknown, token?: string, method = 'POST') =>
    fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const login = async (url: string, email: string, password: string) => LoginResponseSchema.parse(await (await post(url, '/api/v1/auth/login', { email, password })).json()).token;

  it('an admin on hub A deactivates an agent signed in on both hubs: both tokens answer 401 and both sockets close within 1 s', async () => {
    const admin = await hubs.a.client.login();
    const created = await post(hubs.a.url, '/api/v1/users', { email: 'two.hubs.agent@store.example', name: 'Two Hubs', role: 'agent' }, admin);
    expect(created.status).toBe(201);
    const { user, oneTimePassword } = UserWithPasswordResponseSchema.parse(await created.json());
    const first = await login(hubs.b.url, user.email, oneTimePassword);
    expect((await post(hubs.b.url, '/api/v1/auth/password', { currentPassword: oneTimePassword, newPassword: 'two-hubs-own-password' }, first)).status).toBe(204);
    const onA = await login(hubs.a.url, user.email, 'two-hubs-own-password');
    const socketB = await openSocket(hubs.b.url, { token: first });
    const socketA = await openSocket(hubs.a.url, { token: onA });

    const t0 = Date.now();
    expect((await post(hubs.a.url, `/api/v1/users/${user.id}`, { active: false }, admin, 'PATCH')).status).toBe(200);
    await until(() => !socketB.connected && !socketA.connected, 'both sockets to be disconnected', 1_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    for (const hub of [hubs.a, hubs.b]) {
      for (const token of [first, onA]) expect((await fetch(`${hub.url}/api/v1/auth/sessions`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    }
    expect((await post(hubs.b.url, '/api/v1/auth/login', { email: user.email, password: 'two-hubs-own-password' })).status).toBe(401);
    socketA.close();
    socketB.close();
  });
});
