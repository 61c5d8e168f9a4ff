import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, userActor, type Role, type UserActor } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { ForbiddenError } from '../errors.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';

/*
 * Who may undo a merge (shared/permissions.ts): agents their own only (merge.undo.own, read from the
 * merge's audit row by user id), leads and admins anyone's (merge.undo.any), associates none. A refusal
 * changes nothing: the merge stays in effect.
 */
describe.each(testDialects())('undo permission on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  const user = async (role: Role, name: string): Promise<UserActor> =>
    userActor(await domain.auth.createUser({ email: `${name}@x.com`, name, role, password: `${name}-password-1` }));
  const one = async (customer: Parameters<typeof testEvent>[0]) => (await domain.ingest.ingest(systemActor('test'), [testEvent(customer)])).results[0]!.customerId;
  const pair = async (tag: string) => [await one({ email: `${tag}@x.com` }), await one({ loyaltyId: `L-${tag}` })] as const;
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ForbiddenError);
    return err as ForbiddenError;
  };
  const stillMerged = async (mergeId: string) => {
    const m = await domain.database.db.selectFrom('merges').select('undone_at_us').where('id', '=', mergeId).executeTakeFirstOrThrow();
    expect(m.undone_at_us).toBeNull();
  };

  it('an agent undoes their own merge, not another agent’s; a lead undoes anyone’s', async () => {
    const ann = await user('agent', 'ann');
    const bob = await user('agent', 'bob');
    const lead = await user('lead', 'lee');
    const [a, b] = await pair('one');
    const m = await domain.merges.merge(ann, a, b, 'same person');

    const err = await refusal(domain.merges.undo(bob, m.id));
    expect(err.path).toBe('authorization');
    expect(err.message).toContain('merge.undo.any');
    await stillMerged(m.id);

    expect(await domain.merges.undo(ann, m.id)).toMatchObject({ mergeId: m.id });

    const again = await domain.merges.merge(bob, a, b, 'again');
    expect(await domain.merges.undo(lead, again.id)).toMatchObject({ mergeId: again.id });
  });

  it('the own test is by user id: a changed email still owns the merge', async () => {
    const ann = await user('agent', 'ann');
    const [a, b] = await pair('two');
    const m = await domain.merges.merge(ann, a, b);
    await domain.database.db.updateTable('users').set({ email: 'ann.new@x.com' }).where('id', '=', ann.userId).execute();
    expect(await domain.merges.undo({ ...ann, email: 'ann.new@x.com' }, m.id)).toMatchObject({ mergeId: m.id });
  });

  it('an automatic (ingest) merge is nobody’s own: agents are refused, admins undo it', async () => {
    const agent = await user('agent', 'ann');
    const admin = await user('admin', 'root');
    await one({ email: 'ann@x.com', name: 'Ann' });
    await one({ phone: '4155550142', name: 'Zed' });
    const bridged = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'ann@x.com', phone: '4155550142' })]);
    const auto = bridged.merges[0]!;
    await refusal(domain.merges.undo(agent, auto.id));
    await stillMerged(auto.id);
    expect(await domain.merges.undo(admin, auto.id)).toMatchObject({ mergeId: auto.id });
  });

  it('associates undo no merge at all; an unknown merge stays a 404 for agents', async () => {
    const associate = await user('associate', 'counter');
    const [a, b] = await pair('three');
    const m = await domain.merges.merge(systemActor('test'), a, b);
    expect((await refusal(domain.merges.undo(associate, m.id))).message).toContain('merge.undo.own');
    const agent = await user('agent', 'ann');
    await expect(domain.merges.undo(agent, 'mrg_nope')).rejects.toMatchObject({ code: 'not_found', path: 'mergeId' });
  });
});
