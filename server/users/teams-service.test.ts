import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userActor, type Actor } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { DomainError } from '../errors.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';

/* Teams (queues) and their members on a real domain: the TeamsService port other features read, conflicts, audit. */

async function failure(p: Promise<unknown>): Promise<{ code: string; path: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, path: err.path };
    throw err;
  }
  throw new Error('expected a domain error');
}

describe.each(testDialects())('teams on %s', (dialect) => {
  let domain: SqlDomain;
  let lead: Actor;
  let agent: Actor;

  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
    lead = userActor(await domain.auth.createUser({ email: 'lead@store.example', name: 'Lead', role: 'lead', password: 'lead-password' }));
    agent = userActor(await domain.auth.createUser({ email: 'agent@store.example', name: 'Agent', role: 'agent', password: 'agent-password' }));
  });
  afterEach(async () => {
    await domain.close();
  });

  it('a lead creates and staffs teams; membersOf lists active members only, teamsOf a person\'s teams', async () => {
    const returns = await domain.teams.create(lead, { name: 'Returns', description: 'Refunds and exchanges' });
    const orders = await domain.teams.create(lead, { name: 'Orders', key: 'web-orders' });
    const ana = (await domain.users.create({ ...lead, permissions: ['users.manage', 'teams.manage'] }, { email: 'ana@store.example', name: 'Ana', role: 'agent' })).user;
    const agentId = agent.kind === 'user' ? agent.userId : '';
    await domain.teams.addMember(lead, returns.id, ana.id);
    await domain.teams.addMember(lead, returns.id, agentId);
    // Adding twice changes nothing.
    const staffed = await domain.teams.addMember(lead, returns.id, agentId);
    expect(staffed.members.map((m) => m.name)).toEqual(['Agent', 'Ana']);
    await domain.teams.addMember(lead, orders.id, agentId);
    expect((await domain.teams.teamsOf(agentId)).map((t) => t.key)).toEqual(['web-orders', 'returns']);
    expect((await domain.teams.membersOf(returns.id)).map((m) => m.id)).toEqual([agentId, ana.id]);

    await domain.users.update({ ...lead, permissions: ['users.manage'] }, ana.id, { active: false });
    expect((await domain.teams.membersOf(returns.id)).map((m) => m.id)).toEqual([agentId]);
    expect((await domain.teams.get(returns.id)).members.find((m) => m.id === ana.id)?.active).toBe(false);
    expect(await failure(domain.teams.addMember(lead, orders.id, ana.id))).toMatchObject({ code: 'conflict', path: 'userId' });

    const removed = await domain.teams.removeMember(lead, returns.id, agentId);
    expect(removed.members.map((m) => m.id)).toEqual([ana.id]);
    expect(await failure(domain.teams.removeMember(lead, returns.id, agentId))).toMatchObject({ code: 'not_found', path: 'userId' });
    expect(await domain.teams.membersOf('team_nope')).toEqual([]);

    const audit = await domain.database.db.selectFrom('audit_log').select(['action', 'related_id']).where('subject_id', '=', returns.id).orderBy('at_us').orderBy('id').execute();
    expect(audit.map((r) => r.action).sort()).toEqual(['team.create', 'team.member.add', 'team.member.add', 'team.member.remove'].sort());
  });

  it('names and keys are unique (any case): 409 naming the field; bad input names the field; agents cannot change teams', async () => {
    const t = await domain.teams.create(lead, { name: 'Store support' });
    expect(await failure(domain.teams.create(lead, { name: 'STORE SUPPORT', key: 'other' }))).toMatchObject({ code: 'conflict', path: 'name' });
    expect(await failure(domain.teams.create(lead, { name: 'Store help', key: 'store-support' }))).toMatchObject({ code: 'conflict', path: 'key' });
    expect(await failure(domain.teams.create(lead, { name: '' }))).toMatchObject({ code: 'invalid_request', path: 'name' });
    expect(await failure(domain.teams.create(lead, { name: 'X', key: 'Not A Slug!' }))).toMatchObject({ code: 'invalid_request', path: 'key' });
    expect(await failure(domain.teams.create(agent, { name: 'Mine' }))).toMatchObject({ code: 'forbidden' });
    const other = await domain.teams.create(lead, { name: 'Orders' });
    expect(await failure(domain.teams.update(lead, other.id, { name: 'store Support' }))).toMatchObject({ code: 'conflict', path: 'name' });
    expect(await failure(domain.teams.update(lead, 'team_nope', { name: 'Y' }))).toMatchObject({ code: 'not_found', path: 'id' });
    // A rename to another case of its own name is allowed.
    expect((await domain.teams.update(lead, t.id, { name: 'Store Support', description: 'At the counter' })).name).toBe('Store Support');
    expect((await domain.teams.list()).map((x) => x.name)).toEqual(['Orders', 'Store Support']);
    expect(await failure(domain.teams.addMember(lead, t.id, 'usr_nope'))).toMatchObject({ code: 'not_found', path: 'userId' });
  });
});
