import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, userActor, type Actor, type User } from '../../shared/index.js';
import { PasswordChangeRequiredError } from '../auth/auth-service.js';
import type { SqlDomain } from '../create-domain.js';
import { DomainError } from '../errors.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';

/* Staff accounts on a real domain (SQLite, and PostgreSQL when DATABASE_URL is set): one-time passwords, deactivation, the last admin, audit rows. */

const cli = systemActor('cli');

async function failure(p: Promise<unknown>): Promise<{ code: string; path: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, path: err.path, message: err.message };
    throw err;
  }
  throw new Error('expected a domain error');
}

describe.each(testDialects())('users on %s', (dialect) => {
  let domain: SqlDomain;
  let admin: User;
  let adminActor: Actor;
  const revoked: string[] = [];

  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
    admin = await domain.auth.createUser({ email: 'root@store.example', name: 'Root', role: 'admin', password: 'root-password' });
    adminActor = userActor(admin);
    revoked.length = 0;
    domain.auth.onSessionRevoked((r) => void revoked.push(r.userId));
  });
  afterEach(async () => {
    await domain.close();
  });

  const auditActions = async (subjectId: string) =>
    (await domain.database.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'payload']).where('subject_id', '=', subjectId).orderBy('at_us').orderBy('id').execute()).map((r) => r.action);

  it('creates a user with a one-time password: login says a change is required, nothing else works until it is made', async () => {
    const team = await domain.teams.create(adminActor, { name: 'Store support' });
    expect(team.key).toBe('store-support');
    const { user, oneTimePassword } = await domain.users.create(adminActor, { email: ' Ana@Store.Example ', name: ' Ana Lima ', role: 'associate', teamIds: [team.id] });
    expect(user).toMatchObject({ email: 'ana@store.example', name: 'Ana Lima', role: 'associate', active: true, passwordChangeRequired: true, teams: [{ id: team.id, key: 'store-support', name: 'Store support' }] });
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    expect(await auditActions(user.id)).toEqual(['user.create']);

    expect(user.lastSeenAt).toBeNull();
    const session = (await domain.auth.login('ana@store.example', oneTimePassword))!;
    expect(session.passwordChangeRequired).toBe(true);
    // "Last seen" is kept on the user: it outlives the session.
    const seen = (await domain.users.get(adminActor, user.id)).lastSeenAt;
    expect(seen).not.toBeNull();
    await domain.auth.logout(session.token);
    expect((await domain.users.get(adminActor, user.id)).lastSeenAt).toBe(seen);
    const again = (await domain.auth.login('ana@store.example', oneTimePassword))!;
    await expect(domain.auth.userForToken(again.token)).rejects.toBeInstanceOf(PasswordChangeRequiredError);
    const live = (await domain.auth.sessionForToken(again.token))!;
    expect(live.passwordChangeRequired).toBe(true);

    expect(await failure(domain.auth.changePassword(live, 'wrong-one', 'my-own-password'))).toMatchObject({ code: 'invalid_request', path: 'currentPassword' });
    await domain.auth.changePassword(live, oneTimePassword, 'my-own-password');
    expect(await domain.auth.userForToken(again.token)).toMatchObject({ id: user.id });
    expect((await domain.auth.login('ana@store.example', 'my-own-password'))!.passwordChangeRequired).toBe(false);
    expect(await domain.auth.login('ana@store.example', oneTimePassword)).toBeNull();
    expect(await auditActions(user.id)).toEqual(['user.create', 'user.password.change']);
  });

  it('changing one\'s own password ends the other sessions, keeps this one', async () => {
    await domain.auth.createUser({ email: 'kim@store.example', name: 'Kim', role: 'agent', password: 'kim-password' });
    const a = (await domain.auth.login('kim@store.example', 'kim-password'))!;
    const b = (await domain.auth.login('kim@store.example', 'kim-password'))!;
    await domain.auth.changePassword((await domain.auth.sessionForToken(a.token))!, 'kim-password', 'kim-new-password');
    expect(await domain.auth.userForToken(a.token)).not.toBeNull();
    expect(await domain.auth.userForToken(b.token)).toBeNull();
    expect(revoked).toHaveLength(1);
  });

  it('email is unique whatever its case (409 naming email); bad input names the field and writes nothing', async () => {
    await domain.users.create(adminActor, { email: 'sam@store.example', name: 'Sam', role: 'agent' });
    expect(await failure(domain.users.create(adminActor, { email: 'SAM@store.example', name: 'Other Sam', role: 'agent' }))).toMatchObject({ code: 'conflict', path: 'email' });
    expect(await failure(domain.users.create(adminActor, { email: 'not-an-email', name: 'X', role: 'agent' }))).toMatchObject({ code: 'invalid_request', path: 'email' });
    expect(await failure(domain.users.create(adminActor, { email: 'x@store.example', name: '  ', role: 'agent' }))).toMatchObject({ path: 'name' });
    expect(await failure(domain.users.create(adminActor, { email: 'x@store.example', name: 'X', role: 'boss' as 'agent' }))).toMatchObject({ path: 'role' });
    const team = await domain.teams.create(adminActor, { name: 'Returns' });
    // A known team then an unknown one: no user, no membership, no audit row.
    expect(await failure(domain.users.create(adminActor, { email: 'x@store.example', name: 'X', role: 'agent', teamIds: [team.id, 'team_nope'] }))).toMatchObject({ code: 'not_found', path: 'teamIds[1]' });
    expect(await domain.users.findByEmail(cli, 'x@store.example')).toBeNull();
    expect(await domain.teams.membersOf(team.id)).toEqual([]);
    const sam = (await domain.users.findByEmail(cli, 'sam@store.example'))!;
    expect(await failure(domain.users.update(adminActor, sam.id, { email: 'ROOT@store.example' }))).toMatchObject({ code: 'conflict', path: 'email' });
    expect(await failure(domain.users.update(adminActor, sam.id, {}))).toMatchObject({ code: 'invalid_request', path: '(body)' });
    expect(await failure(domain.users.update(adminActor, 'usr_nope', { name: 'Y' }))).toMatchObject({ code: 'not_found', path: 'id' });
    // A rename plus an unknown team: neither happens.
    expect(await failure(domain.users.update(adminActor, sam.id, { name: 'Samuel', teamIds: ['team_nope'] }))).toMatchObject({ path: 'teamIds[0]' });
    expect((await domain.users.get(adminActor, sam.id)).name).toBe('Sam');
    expect(await auditActions(sam.id)).toEqual(['user.create']);
  });

  it('deactivating ends every session at once (announced for the sockets) and refuses sign-in; reactivating allows it again', async () => {
    const { user } = await domain.users.create(adminActor, { email: 'lee@store.example', name: 'Lee', role: 'agent' }, { password: 'lee-password' });
    const s1 = (await domain.auth.login('lee@store.example', 'lee-password'))!;
    const s2 = (await domain.auth.login('lee@store.example', 'lee-password'))!;
    const off = await domain.users.update(adminActor, user.id, { active: false });
    expect(off.active).toBe(false);
    expect(revoked).toEqual([user.id, user.id]);
    expect(await domain.auth.userForToken(s1.token)).toBeNull();
    expect(await domain.auth.userForToken(s2.token)).toBeNull();
    expect(await failure(domain.auth.login('lee@store.example', 'lee-password'))).toMatchObject({ code: 'unauthorized', path: 'email' });
    // A wrong password for a deactivated account is just a wrong password.
    expect(await domain.auth.login('lee@store.example', 'nope-nope')).toBeNull();
    await domain.users.update(adminActor, user.id, { active: true });
    expect(await domain.auth.login('lee@store.example', 'lee-password')).not.toBeNull();
    expect(await auditActions(user.id)).toEqual(['user.create', 'user.deactivate', 'user.reactivate']);
  });

  it('a role change ends the sessions (sockets carry the role) and is audited with from and to', async () => {
    const { user } = await domain.users.create(adminActor, { email: 'mo@store.example', name: 'Mo', role: 'agent' }, { password: 'mo-password' });
    const s = (await domain.auth.login('mo@store.example', 'mo-password'))!;
    const team = await domain.teams.create(adminActor, { name: 'Orders' });
    const updated = await domain.users.update(adminActor, user.id, { role: 'lead', name: 'Mo Ali', teamIds: [team.id] });
    expect(updated).toMatchObject({ role: 'lead', name: 'Mo Ali', teams: [{ key: 'orders' }] });
    expect(await domain.auth.userForToken(s.token)).toBeNull();
    const rows = await domain.database.db.selectFrom('audit_log').select(['action', 'payload', 'actor_user_id']).where('subject_id', '=', user.id).where('action', '!=', 'user.create').orderBy('action').execute();
    expect(rows.map((r) => [r.action, JSON.parse(r.payload), r.actor_user_id])).toEqual([
      ['user.role', { from: 'agent', to: 'lead', endedSessions: 1 }, admin.id],
      ['user.update', { fields: ['name'], teamsAdded: [team.id], teamsRemoved: [] }, admin.id],
    ]);
    // The same values again: no change, no audit row.
    await domain.users.update(adminActor, user.id, { role: 'lead', name: 'Mo Ali', teamIds: [team.id] });
    expect(await auditActions(user.id)).toHaveLength(3);
  });

  it('the last active admin can be neither deactivated nor demoted; an admin cannot deactivate themself', async () => {
    const { user: second } = await domain.users.create(adminActor, { email: 'second@store.example', name: 'Second', role: 'admin' });
    expect(await failure(domain.users.update(adminActor, admin.id, { active: false }))).toMatchObject({ code: 'conflict', path: 'active' });
    await domain.users.update(adminActor, second.id, { active: false });
    expect(await failure(domain.users.update(cli, admin.id, { role: 'agent' }))).toMatchObject({ code: 'conflict', path: 'role' });
    expect(await failure(domain.users.update(cli, admin.id, { active: false }))).toMatchObject({ code: 'conflict', path: 'active' });
    expect((await domain.users.get(cli, admin.id)).role).toBe('admin');
    // With a second active admin, the first may be demoted.
    await domain.users.update(cli, second.id, { active: true });
    expect((await domain.users.update(cli, admin.id, { role: 'lead' })).role).toBe('lead');
  });

  it('two admins deactivating each other in parallel: one wins, one active admin remains', async () => {
    const { user: second } = await domain.users.create(adminActor, { email: 'second@store.example', name: 'Second', role: 'admin' });
    const secondActor = userActor({ id: second.id, email: second.email, name: second.name, role: 'admin' });
    const results = await Promise.allSettled([domain.users.update(adminActor, second.id, { active: false }), domain.users.update(secondActor, admin.id, { active: false })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected')!.reason as DomainError;
    expect([refused.code, refused.path]).toEqual(['conflict', 'active']);
    const admins = (await domain.users.list(cli)).filter((u) => u.role === 'admin' && u.active);
    expect(admins).toHaveLength(1);
  });

  it('a password reset gives a new one-time password, ends the sessions and forces a change', async () => {
    const { user } = await domain.users.create(adminActor, { email: 'jo@store.example', name: 'Jo', role: 'agent' }, { password: 'jo-password' });
    const s = (await domain.auth.login('jo@store.example', 'jo-password'))!;
    expect(s.passwordChangeRequired).toBe(false);
    const { oneTimePassword, user: after } = await domain.users.resetPassword(adminActor, user.id);
    expect(after.passwordChangeRequired).toBe(true);
    expect(await domain.auth.userForToken(s.token)).toBeNull();
    expect(await domain.auth.login('jo@store.example', 'jo-password')).toBeNull();
    expect((await domain.auth.login('jo@store.example', oneTimePassword))!.passwordChangeRequired).toBe(true);
    expect(await auditActions(user.id)).toEqual(['user.create', 'user.password.reset']);
  });

  it('only users.manage changes accounts; teams.manage reads the roster', async () => {
    const lead = userActor(await domain.auth.createUser({ email: 'lead@store.example', name: 'Lead', role: 'lead', password: 'lead-password' }));
    const agent = userActor(await domain.auth.createUser({ email: 'agent@store.example', name: 'Agent', role: 'agent', password: 'agent-password' }));
    expect((await domain.users.list(lead)).map((u) => u.email)).toEqual(['agent@store.example', 'lead@store.example', 'root@store.example']);
    expect(await failure(domain.users.list(agent))).toMatchObject({ code: 'forbidden' });
    expect(await failure(domain.users.create(lead, { email: 'z@store.example', name: 'Z', role: 'agent' }))).toMatchObject({ code: 'forbidden' });
    expect(await failure(domain.users.update(lead, agent.kind === 'user' ? agent.userId : '', { role: 'admin' }))).toMatchObject({ code: 'forbidden' });
  });
});
