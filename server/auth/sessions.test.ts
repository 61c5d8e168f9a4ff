import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { SqlAuthService, type RevokedSessionListener } from './auth-service.js';

const MIN = 60_000_000;

describe.each(testDialects())('sessions on %s', (dialect) => {
  let domain: SqlDomain;
  let now: number;
  let auth: SqlAuthService;
  let associate: User;
  let agent: User;
  let admin: User;
  const revoked: string[] = [];
  const onRevoked: RevokedSessionListener = (r) => void revoked.push(r.sessionId);

  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
    now = Date.UTC(2026, 11, 1, 9) * 1000;
    // The same tables, an injected clock (microseconds); on SQLite with the in-memory session lookup, as the hub runs it.
    const raw = domain.database.raw;
    auth = new SqlAuthService(domain.database.db, { now: () => now, ...(raw.dialect === 'sqlite' ? { sqlite: raw.sqlite } : {}) });
    auth.onSessionRevoked(onRevoked);
    revoked.length = 0;
    associate = await auth.createUser({ email: 'counter@x.com', name: 'Counter', role: 'associate', password: 'counter-pass' });
    agent = await auth.createUser({ email: 'agent@x.com', name: 'Agent', role: 'agent', password: 'agent-pass' });
    admin = await auth.createUser({ email: 'root@x.com', name: 'Root', role: 'admin', password: 'admin-pass' });
  });
  afterEach(async () => {
    await domain.close();
  });

  const login = async (email: string, password: string, userAgent = 'test-agent') => (await auth.login(email, password, { address: '10.0.0.7', userAgent }))!;

  it('an associate idles out after 30 minutes; any use within that keeps the session alive', async () => {
    const s = await login('counter@x.com', 'counter-pass');
    now += 29 * MIN;
    expect(await auth.userForToken(s.token)).toEqual(associate);
    now += 29 * MIN; // 58 min after login, 29 after last use
    expect(await auth.userForToken(s.token)).toEqual(associate);
    now += 30 * MIN + 1;
    expect(await auth.userForToken(s.token)).toBeNull();
    // Idle sessions are gone (and their sockets told), not merely refused.
    expect(revoked).toHaveLength(1);
    expect(await domain.database.db.selectFrom('sessions').select('id').where('user_id', '=', associate.id).execute()).toEqual([]);
  });

  it('other roles idle out after 8 hours; every session ends at its 12 h lifetime', async () => {
    const s = await login('agent@x.com', 'agent-pass');
    now += 7 * 60 * MIN;
    expect(await auth.userForToken(s.token)).toEqual(agent);
    now += 5 * 60 * MIN - 1;
    expect(await auth.userForToken(s.token)).toEqual(agent);
    now += 1;
    expect(await auth.userForToken(s.token)).toBeNull();
  });

  it('the sweep ends idle and expired sessions nobody uses (a console left open on a socket) and tells realtime', async () => {
    const counter = await login('counter@x.com', 'counter-pass');
    const ag = await login('agent@x.com', 'agent-pass');
    expect(await auth.sweepEndedSessions()).toEqual([]);
    now += 31 * MIN;
    const first = await auth.sweepEndedSessions();
    expect(first.map((r) => r.userId)).toEqual([associate.id]);
    expect(revoked).toEqual(first.map((r) => r.sessionId));
    expect(await auth.userForToken(counter.token)).toBeNull();
    expect(await auth.userForToken(ag.token)).toEqual(agent);
    now += 8 * 60 * MIN + 1;
    expect((await auth.sweepEndedSessions()).map((r) => r.userId)).toEqual([agent.id]);
    expect(await domain.database.db.selectFrom('sessions').select('id').execute()).toEqual([]);
  });

  it('writes last seen at most once a minute per session', async () => {
    const s = await login('agent@x.com', 'agent-pass');
    const lastSeen = async () => Number((await domain.database.db.selectFrom('sessions').select('last_seen_us').executeTakeFirstOrThrow()).last_seen_us);
    const t0 = now;
    now += 59_000_000;
    await auth.userForToken(s.token);
    expect(await lastSeen()).toBe(t0);
    now += 1_000_000;
    await auth.userForToken(s.token);
    expect(await lastSeen()).toBe(now);
  });

  it('configurable idle timeouts', async () => {
    const strict = new SqlAuthService(domain.database.db, { now: () => now, sessions: { idleAssociateUs: 5 * MIN } });
    const s = (await strict.login('counter@x.com', 'counter-pass'))!;
    now += 5 * MIN + 1;
    expect(await strict.userForToken(s.token)).toBeNull();
  });

  it('logout revokes the token at once', async () => {
    const s = await login('agent@x.com', 'agent-pass');
    const other = await login('agent@x.com', 'agent-pass');
    const { sessionId } = (await auth.sessionForToken(s.token))!;
    expect(await auth.logout(s.token)).toBe(true);
    expect(await auth.userForToken(s.token)).toBeNull();
    expect(revoked).toEqual([sessionId]);
    expect(await auth.userForToken(other.token)).toEqual(agent);
    expect(await auth.logout(s.token)).toBe(false);
  });

  it("lists the user's own sessions; revokes own ones, an admin anyone's", async () => {
    const a1 = await login('agent@x.com', 'agent-pass', 'Firefox');
    now += MIN;
    const a2 = await login('agent@x.com', 'agent-pass', 'Electron');
    await login('root@x.com', 'admin-pass');
    const current = (await auth.sessionForToken(a2.token))!.sessionId;
    const list = await auth.listSessions(agent.id, current);
    expect(list.map((s) => [s.userAgent, s.current, s.clientAddress])).toEqual([
      ['Electron', true, '10.0.0.7'],
      ['Firefox', false, '10.0.0.7'],
    ]);
    expect(list[0]!.createdAt).toBe(new Date(now / 1000).toISOString());
    const first = list[1]!.id;
    const adminSession = (await auth.listSessions(admin.id))[0]!.id;
    // An agent cannot revoke someone else's session (and learns nothing: false, as for an unknown id).
    expect(await auth.revokeSession(agent, adminSession)).toBe(false);
    expect(await auth.revokeSession(agent, 'ses_nope')).toBe(false);
    expect(await auth.revokeSession(agent, first)).toBe(true);
    expect(await auth.userForToken(a1.token)).toBeNull();
    // An admin revokes anyone's.
    expect(await auth.revokeSession(admin, current)).toBe(true);
    expect(await auth.userForToken(a2.token)).toBeNull();
    expect(revoked).toEqual([first, current]);
    // Both ends are in the audit trail, with the session's owner as subject; refused attempts wrote nothing.
    const rows = await domain.database.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'subject_id', 'payload']).where('action', '=', 'auth.session.revoke').orderBy('seq').execute();
    expect(rows.map((r) => [r.actor_user_id, r.subject_id, JSON.parse(r.payload).own])).toEqual([
      [agent.id, agent.id, true],
      [admin.id, agent.id, false],
    ]);
  });
});
