import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, LoginResponseSchema, SessionListResponseSchema } from '../../../shared/index.js';
import { startHub, type RunningHub } from '../../hub.js';
import { connect, waitFor } from '../../realtime/test-client.js';
import { TEST_ADMIN, testConfig, testStore } from '../test-support.js';

/* The session routes end to end on a real hub (HTTP + socket.io): logout, the session list, revoking, throttled login. */

let hub: RunningHub;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  const dir = await testStore('auth-routes');
  removeDir = dir.remove;
  hub = await startHub(testConfig(dir));
});
afterAll(async () => {
  await hub?.close();
  await removeDir?.();
});

const post = (path: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${hub.url}${path}`, {
    method: 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const get = (path: string, token: string) => fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
const del = (path: string, token: string) => fetch(`${hub.url}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });

async function login(creds: { email: string; password: string } = TEST_ADMIN, userAgent = 'auth-test'): Promise<string> {
  const res = await post('/api/v1/auth/login', creds, undefined, { 'user-agent': userAgent });
  expect(res.status).toBe(200);
  return LoginResponseSchema.parse(await res.json()).token;
}

describe('logout', () => {
  it('revokes the token at once (HTTP and socket) and disconnects its sockets; other sessions live on', async () => {
    const token = await login();
    const other = await login();
    const socket = await connect(hub.url, { token });
    const otherSocket = await connect(hub.url, { token: other });
    let reason = '';
    socket.on('disconnect', (r) => (reason = r));
    expect((await get('/api/v1/customers?q=x', token)).status).toBe(200);

    expect((await post('/api/v1/auth/logout', undefined, token)).status).toBe(204);
    await waitFor(() => !socket.connected, 'the revoked session\'s socket to disconnect', 1_000);
    expect(reason).toBe('io server disconnect');
    expect((await get('/api/v1/customers?q=x', token)).status).toBe(401);
    expect((await get('/api/v1/auth/sessions', token)).status).toBe(401);
    expect((await post('/api/v1/auth/logout', undefined, token)).status).toBe(401);
    await expect(connect(hub.url, { token })).rejects.toThrow('unauthorized');

    expect(otherSocket.connected).toBe(true);
    expect((await get('/api/v1/customers?q=x', other)).status).toBe(200);
    socket.close();
    otherSocket.close();
  });
});

describe('sessions', () => {
  it('lists the caller\'s own sessions and revokes one of them (its socket disconnected)', async () => {
    await hub.domain.auth.createUser({ email: 'agent.sessions@test.local', name: 'Agent', role: 'agent', password: 'agent-password' });
    const creds = { email: 'agent.sessions@test.local', password: 'agent-password' };
    const first = await login(creds, 'Firefox');
    const second = await login(creds, 'Electron');
    const adminToken = await login();

    const res = await get('/api/v1/auth/sessions', second);
    expect(res.status).toBe(200);
    const { sessions } = SessionListResponseSchema.parse(await res.json());
    expect(sessions.map((s) => [s.userAgent, s.current])).toEqual([
      ['Electron', true],
      ['Firefox', false],
    ]);
    expect(sessions[0]!.clientAddress).toBe('127.0.0.1');

    // Not someone else's: the admin's session is "not found" for an agent.
    const adminSessions = SessionListResponseSchema.parse(await (await get('/api/v1/auth/sessions', adminToken)).json()).sessions;
    const adminCurrent = adminSessions.find((s) => s.current)!.id;
    expect((await del(`/api/v1/auth/sessions/${adminCurrent}`, second)).status).toBe(404);
    expect((await get('/api/v1/auth/sessions', adminToken)).status).toBe(200);

    const socket = await connect(hub.url, { token: first });
    expect((await del(`/api/v1/auth/sessions/${sessions[1]!.id}`, second)).status).toBe(204);
    await waitFor(() => !socket.connected, 'the revoked session\'s socket to disconnect', 1_000);
    expect((await get('/api/v1/auth/sessions', first)).status).toBe(401);

    // An admin revokes anyone's.
    expect((await del(`/api/v1/auth/sessions/${sessions[0]!.id}`, adminToken)).status).toBe(204);
    expect((await get('/api/v1/auth/sessions', second)).status).toBe(401);
    socket.close();
  });
});

describe('login throttling', () => {
  it('the 6th wrong password answers 429 with Retry-After, the same for an unknown account', async () => {
    for (const email of ['throttled@test.local', 'ghost@test.local']) {
      if (email === 'throttled@test.local') await hub.domain.auth.createUser({ email, name: 'T', role: 'agent', password: 'right-password' });
      for (let i = 0; i < 5; i++) expect((await post('/api/v1/auth/login', { email, password: 'wrong-password' })).status).toBe(401);
      const refused = await post('/api/v1/auth/login', { email, password: 'right-password' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBe(30);
      expect(ApiErrorSchema.parse(await refused.json()).error.code).toBe('rate_limited');
    }
  });

  it('parallel wrong passwords cannot bypass the limit', async () => {
    const email = 'parallel@test.local';
    await hub.domain.auth.createUser({ email, name: 'P', role: 'agent', password: 'right-password' });
    const statuses = await Promise.all(Array.from({ length: 12 }, () => post('/api/v1/auth/login', { email, password: 'wrong-password' }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    expect((await post('/api/v1/auth/login', { email, password: 'right-password' })).status).toBe(429);
  });
});
