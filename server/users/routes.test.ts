import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  LoginResponseSchema,
  TeamResponseSchema,
  TeamListResponseSchema,
  UserListResponseSchema,
  UserResponseSchema,
  UserWithPasswordResponseSchema,
  type ApiError,
} from '../../shared/index.js';
import { parseUsersArgs, runUsersCli } from '../../scripts/users.js';
import { ORPHAN_CHECK_MS } from '../auth/socket-sessions.js';
import { TEST_ADMIN, testConfig, testStore, type TestStore } from '../http/test-support.js';
import { startHub, type RunningHub } from '../hub.js';
import { connect, waitFor } from '../realtime/test-client.js';

/* The users and teams routes end to end on a real hub (HTTP + socket.io), on SQLite or (test:pg) PostgreSQL. */

let hub: RunningHub;
let store: TestStore;
let admin: string;

const call = (method: string, path: string, token?: string, body?: unknown) =>
  fetch(`${hub.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function login(email: string, password: string) {
  const res = await call('POST', '/api/v1/auth/login', undefined, { email, password });
  expect(res.status).toBe(200);
  return LoginResponseSchema.parse(await res.json());
}

async function errorOf(res: Response, status: number): Promise<ApiError['error']> {
  expect(res.status).toBe(status);
  return ApiErrorSchema.parse(await res.json()).error;
}

/** A user with a password of their own (created through the API, then the one-time password replaced). */
async function staff(email: string, role: string, teamIds: string[] = []): Promise<{ id: string; token: string }> {
  const created = UserWithPasswordResponseSchema.parse(await (await call('POST', '/api/v1/users', admin, { email, name: email.split('@')[0], role, teamIds })).json());
  const first = await login(email, created.oneTimePassword);
  expect((await call('POST', '/api/v1/auth/password', first.token, { currentPassword: created.oneTimePassword, newPassword: `${role}-own-password` })).status).toBe(204);
  return { id: created.user.id, token: first.token };
}

beforeAll(async () => {
  store = await testStore('users-routes');
  hub = await startHub(testConfig(store));
  admin = (await login(TEST_ADMIN.email, TEST_ADMIN.password)).token;
});
afterAll(async () => {
  await hub?.close();
  await store?.remove();
});

describe('users', () => {
  it('an admin creates a user: the one-time password is answered once; until it is replaced, nothing but the password route works', async () => {
    const res = await call('POST', '/api/v1/users', admin, { email: 'New.Associate@Store.example', name: 'Nia Counter', role: 'associate' });
    expect(res.status).toBe(201);
    const { user, oneTimePassword } = UserWithPasswordResponseSchema.parse(await res.json());
    expect(user).toMatchObject({ email: 'new.associate@store.example', role: 'associate', passwordChangeRequired: true, active: true });
    // Never again: reading the user shows no password.
    const read = await (await call('GET', `/api/v1/users/${user.id}`, admin)).json();
    expect(JSON.stringify(read)).not.toContain(oneTimePassword);

    const session = await login('new.associate@store.example', oneTimePassword);
    expect(session.passwordChangeRequired).toBe(true);
    const refused = await errorOf(await call('GET', '/api/v1/customers?q=x', session.token), 403);
    expect(refused.issues[0]!.path).toBe('password');
    await errorOf(await call('GET', '/api/v1/teams', session.token), 403);
    await errorOf(await call('GET', '/api/v1/auth/sessions', session.token), 403);
    // Logging out still works (a second session, ended here).
    const other = await login('new.associate@store.example', oneTimePassword);
    expect((await call('POST', '/api/v1/auth/logout', other.token)).status).toBe(204);
    await expect(connect(hub.url, { token: session.token })).rejects.toThrow('unauthorized');

    expect((await errorOf(await call('POST', '/api/v1/auth/password', session.token, { currentPassword: 'wrong-password', newPassword: 'counter-own-1' }), 400)).issues[0]!.path).toBe('currentPassword');
    expect((await errorOf(await call('POST', '/api/v1/auth/password', session.token, { currentPassword: oneTimePassword, newPassword: 'short' }), 400)).issues[0]!.path).toBe('newPassword');
    expect((await errorOf(await call('POST', '/api/v1/auth/password', session.token, { currentPassword: oneTimePassword }), 400)).issues[0]!.path).toBe('newPassword');
    expect((await call('POST', '/api/v1/auth/password', session.token, { currentPassword: oneTimePassword, newPassword: 'counter-own-1' })).status).toBe(204);

    expect((await call('GET', '/api/v1/customers?q=x', session.token)).status).toBe(200);
    const socket = await connect(hub.url, { token: session.token });
    expect(socket.connected).toBe(true);
    socket.close();
    expect((await login('new.associate@store.example', 'counter-own-1')).passwordChangeRequired).toBe(false);
  });

  it('bad input: a 400 naming each field, a 409 naming email; nothing is written', async () => {
    const before = UserListResponseSchema.parse(await (await call('GET', '/api/v1/users', admin)).json()).users.length;
    const bad = await errorOf(await call('POST', '/api/v1/users', admin, { email: 'nope', name: '', role: 'boss' }), 400);
    expect(bad.issues.map((i) => i.path).sort()).toEqual(['email', 'name', 'role']);
    await call('POST', '/api/v1/users', admin, { email: 'dup@store.example', name: 'Dup', role: 'agent' });
    expect((await errorOf(await call('POST', '/api/v1/users', admin, { email: 'DUP@store.example', name: 'Dup 2', role: 'agent' }), 409)).issues[0]!.path).toBe('email');
    expect((await errorOf(await call('POST', '/api/v1/users', admin, { email: 'x@store.example', name: 'X', role: 'agent', teamIds: ['team_nope'] }), 404)).issues[0]!.path).toBe('teamIds[0]');
    const after = UserListResponseSchema.parse(await (await call('GET', '/api/v1/users', admin)).json()).users;
    expect(after).toHaveLength(before + 1);
    const dup = after.find((u) => u.email === 'dup@store.example')!;
    expect((await errorOf(await call('PATCH', `/api/v1/users/${dup.id}`, admin, { active: 'no' }), 400)).issues[0]!.path).toBe('active');
    expect((await errorOf(await call('PATCH', `/api/v1/users/${dup.id}`, admin, {}), 400)).issues[0]!.path).toBe('(body)');
    expect((await errorOf(await call('PATCH', '/api/v1/users/usr_nope', admin, { name: 'N' }), 404)).issues[0]!.path).toBe('id');
    // The only admin.
    const me = after.find((u) => u.email === TEST_ADMIN.email)!;
    expect((await errorOf(await call('PATCH', `/api/v1/users/${me.id}`, admin, { role: 'lead' }), 409)).issues[0]!.path).toBe('role');
  });

  it('deactivating ends the sessions at once: the token answers 401 and the socket is disconnected within 1 s; sign-in is refused', async () => {
    const agent = await staff('leaving.agent@store.example', 'agent');
    const socket = await connect(hub.url, { token: agent.token });
    const t0 = Date.now();
    const res = await call('PATCH', `/api/v1/users/${agent.id}`, admin, { active: false });
    expect(UserResponseSchema.parse(await res.json()).user.active).toBe(false);
    await waitFor(() => !socket.connected, 'the deactivated user\'s socket to disconnect', 1_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect((await call('GET', '/api/v1/customers?q=x', agent.token)).status).toBe(401);
    const refused = await errorOf(await call('POST', '/api/v1/auth/login', undefined, { email: 'leaving.agent@store.example', password: 'agent-own-password' }), 401);
    expect(refused.issues[0]!.path).toBe('email');
    expect((await call('PATCH', `/api/v1/users/${agent.id}`, admin, { active: true })).status).toBe(200);
    await login('leaving.agent@store.example', 'agent-own-password');
    socket.close();
  });

  it('deactivated from the terminal beside the running hub (`npm run users`): the token answers 401 at once and the socket is dropped within 1 s', async () => {
    const agent = await staff('terminal.agent@store.example', 'agent');
    const socket = await connect(hub.url, { token: agent.token });
    // Asked twice: the hub knows this token (on SQLite it answers it from memory) when another process ends it.
    expect((await call('GET', '/api/v1/customers?q=x', agent.token)).status).toBe(200);
    expect((await call('GET', '/api/v1/customers?q=x', agent.token)).status).toBe(200);
    const where = ['--data-dir', store.dir, ...(store.databaseUrl ? ['--database-url', store.databaseUrl] : [])];
    await runUsersCli(parseUsersArgs(['deactivate', '--email', 'terminal.agent@store.example', ...where], {}), () => {});
    expect((await call('GET', '/api/v1/customers?q=x', agent.token)).status).toBe(401);
    await waitFor(() => !socket.connected, `the socket of a session ended by another process to be dropped (a check every ${ORPHAN_CHECK_MS} ms)`, 1_000);
    socket.close();
  });

  it('an admin lists someone\'s sessions and signs them out everywhere: tokens answer 401 at once, the socket goes within 1 s, the account stays active, audited', async () => {
    const agent = await staff('roaming.agent@store.example', 'agent');
    const second = (await login('roaming.agent@store.example', 'agent-own-password')).token;
    const socket = await connect(hub.url, { token: agent.token });
    const listed = (await (await call('GET', `/api/v1/users/${agent.id}/sessions`, admin)).json()) as { sessions: { id: string; current: boolean }[] };
    expect(listed.sessions).toHaveLength(2);
    expect(listed.sessions.every((x) => !x.current)).toBe(true);
    expect((await call('GET', `/api/v1/users/${agent.id}/sessions`, second)).status).toBe(403);
    expect((await errorOf(await call('POST', '/api/v1/users/usr_nope/sign-out', admin), 404)).issues[0]!.path).toBe('id');

    const res = await call('POST', `/api/v1/users/${agent.id}/sign-out`, admin);
    expect(UserResponseSchema.parse(await res.json()).user.active).toBe(true);
    expect((await call('GET', '/api/v1/customers?q=x', agent.token)).status).toBe(401);
    expect((await call('GET', '/api/v1/customers?q=x', second)).status).toBe(401);
    await waitFor(() => !socket.connected, 'the signed-out user\'s socket to disconnect', 1_000);
    const audit = (await (await call('GET', `/api/v1/audit?action=auth.session.revoke`, admin)).json()) as { entries: { subject: { id: string }; actionLabel: string }[] };
    expect(audit.entries.filter((e) => e.subject.id === agent.id).map((e) => e.actionLabel)).toEqual(['Ended a session']);
    // They sign in again as before.
    await login('roaming.agent@store.example', 'agent-own-password');
    socket.close();
  });

  it('who may do what: users.manage writes accounts, teams.manage reads the roster and staffs teams, everyone reads teams', async () => {
    const lead = await staff('floor.lead@store.example', 'lead');
    const agent = await staff('plain.agent@store.example', 'agent');
    const associate = await staff('counter.associate@store.example', 'associate');
    expect((await call('GET', '/api/v1/users', lead.token)).status).toBe(200);
    await errorOf(await call('GET', '/api/v1/users', agent.token), 403);
    await errorOf(await call('GET', `/api/v1/users/${agent.id}`, associate.token), 403);
    await errorOf(await call('POST', '/api/v1/users', lead.token, { email: 'z@store.example', name: 'Z', role: 'agent' }), 403);
    await errorOf(await call('PATCH', `/api/v1/users/${agent.id}`, lead.token, { role: 'admin' }), 403);
    await errorOf(await call('POST', `/api/v1/users/${agent.id}/password-reset`, lead.token), 403);

    const created = await call('POST', '/api/v1/teams', lead.token, { name: 'Returns', description: 'Refunds' });
    expect(created.status).toBe(201);
    const team = TeamResponseSchema.parse(await created.json()).team;
    expect(team.key).toBe('returns');
    await errorOf(await call('POST', '/api/v1/teams', agent.token, { name: 'Mine' }), 403);
    expect((await errorOf(await call('POST', '/api/v1/teams', lead.token, { name: 'returns' }), 409)).issues[0]!.path).toBe('name');
    const staffed = TeamResponseSchema.parse(await (await call('POST', `/api/v1/teams/${team.id}/members`, lead.token, { userId: agent.id })).json()).team;
    expect(staffed.members.map((m) => m.name)).toEqual(['plain.agent']);
    expect((await errorOf(await call('POST', `/api/v1/teams/${team.id}/members`, lead.token, {}), 400)).issues[0]!.path).toBe('userId');
    await errorOf(await call('POST', `/api/v1/teams/${team.id}/members`, associate.token, { userId: associate.id }), 403);
    const renamed = await call('PATCH', `/api/v1/teams/${team.id}`, lead.token, { name: 'Returns & exchanges' });
    expect(TeamResponseSchema.parse(await renamed.json()).team.name).toBe('Returns & exchanges');

    const seen = TeamListResponseSchema.parse(await (await call('GET', '/api/v1/teams', associate.token)).json()).teams;
    expect(seen.map((t) => t.name)).toContain('Returns & exchanges');
    expect(UserResponseSchema.parse(await (await call('GET', `/api/v1/users/${agent.id}`, lead.token)).json()).user.teams.map((t) => t.key)).toEqual(['returns']);
    expect((await call('DELETE', `/api/v1/teams/${team.id}/members/${agent.id}`, lead.token)).status).toBe(200);
    expect((await errorOf(await call('DELETE', `/api/v1/teams/${team.id}/members/${agent.id}`, lead.token), 404)).issues[0]!.path).toBe('userId');

    // A password reset: the old sessions end, the new one-time password works once and forces a change.
    const reset = UserWithPasswordResponseSchema.parse(await (await call('POST', `/api/v1/users/${agent.id}/password-reset`, admin)).json());
    expect((await call('GET', '/api/v1/teams', agent.token)).status).toBe(401);
    expect((await login('plain.agent@store.example', reset.oneTimePassword)).passwordChangeRequired).toBe(true);
  });
});
