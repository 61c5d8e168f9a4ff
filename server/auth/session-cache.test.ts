import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userActor, type Actor, type User } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';
import { tokenHash } from './session-lookup.js';

/*
 * The session lookup answers a known token from memory on SQLite (server/auth/session-lookup.ts). Every
 * way a session ends or its user changes must still show on the very next request: through this hub's
 * services, and through another connection to the same file (`npm run users` beside a running hub).
 * Each request is asked twice first, so the token is cached when the change happens.
 */

describe.each(testDialects())('session lookup cache on %s', (dialect) => {
  let domain: SqlDomain;
  let admin: User;
  let adminActor: Actor;

  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
    admin = await domain.auth.createUser({ email: 'root@store.example', name: 'Root', role: 'admin', password: 'root-password' });
    adminActor = userActor(admin);
  });
  afterEach(async () => {
    await domain.close();
  });

  const agentSession = async () => {
    const agent = await domain.auth.createUser({ email: 'ana@store.example', name: 'Ana', role: 'agent', password: 'agent-password' });
    const { token } = (await domain.auth.login(agent.email, 'agent-password'))!;
    expect(await domain.auth.userForToken(token)).toEqual(agent);
    expect(await domain.auth.userForToken(token)).toEqual(agent);
    return { agent, token };
  };

  it('a name or email change shows on the next request; deactivation and a role change end the session at once', async () => {
    const { agent, token } = await agentSession();
    await domain.users.update(adminActor, agent.id, { name: 'Ana Lima' });
    expect(await domain.auth.userForToken(token)).toMatchObject({ id: agent.id, name: 'Ana Lima' });
    await domain.users.update(adminActor, agent.id, { role: 'lead' });
    expect(await domain.auth.userForToken(token)).toBeNull();

    const { token: again } = (await domain.auth.login(agent.email, 'agent-password'))!;
    expect(await domain.auth.userForToken(again)).toMatchObject({ role: 'lead' });
    await domain.users.update(adminActor, agent.id, { active: false });
    expect(await domain.auth.userForToken(again)).toBeNull();
  });

  it('logout, a revoke by an admin and a password reset end a cached session at once', async () => {
    const { agent, token } = await agentSession();
    expect(await domain.auth.logout(token)).toBe(true);
    expect(await domain.auth.userForToken(token)).toBeNull();

    const second = (await domain.auth.login(agent.email, 'agent-password'))!;
    const { sessionId } = (await domain.auth.sessionForToken(second.token))!;
    expect(await domain.auth.revokeSession(admin, sessionId)).toBe(true);
    expect(await domain.auth.userForToken(second.token)).toBeNull();

    const third = (await domain.auth.login(agent.email, 'agent-password'))!;
    expect(await domain.auth.userForToken(third.token)).toEqual(agent);
    await domain.users.resetPassword(adminActor, agent.id);
    expect(await domain.auth.userForToken(third.token)).toBeNull();
  });

  it('setting a new password lifts the one-time-password restriction of the cached session', async () => {
    const { user, oneTimePassword } = await domain.users.create(adminActor, { email: 'sam@store.example', name: 'Sam', role: 'associate' });
    const { token } = (await domain.auth.login(user.email, oneTimePassword))!;
    const before = (await domain.auth.sessionForToken(token))!;
    expect(before.passwordChangeRequired).toBe(true);
    await expect(domain.auth.userForToken(token)).rejects.toThrow(/new password/);
    await domain.auth.changePassword(before, oneTimePassword, 'a-password-of-my-own');
    expect((await domain.auth.sessionForToken(token))!.passwordChangeRequired).toBe(false);
    expect(await domain.auth.userForToken(token)).toMatchObject({ id: user.id });
  });

  // Skipped on PostgreSQL, by condition: there the hub never caches a session (every request reads the database, so
  // another hub's or process's revoke is seen at once; the cases above cover it); PRAGMA data_version is SQLite's.
  it.runIf(dialect === 'sqlite')('another process deleting the session on the same file (npm run users) is seen on the next request', async () => {
    const { agent, token } = await agentSession();
    const raw = domain.database.raw;
    if (raw.dialect !== 'sqlite') throw new Error('sqlite only');
    const other = new BetterSqlite3(raw.sqlite.name);
    try {
      other.prepare('delete from sessions where token_hash = ?').run(tokenHash(token));
      expect(await domain.auth.userForToken(token)).toBeNull();
      // And a change of name by the other process, on a fresh session.
      const { token: again } = (await domain.auth.login(agent.email, 'agent-password'))!;
      expect(await domain.auth.userForToken(again)).toMatchObject({ name: 'Ana' });
      other.prepare('update users set name = ? where id = ?').run('Ana Other', agent.id);
      expect(await domain.auth.userForToken(again)).toMatchObject({ name: 'Ana Other' });
    } finally {
      other.close();
    }
  });
});
