import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import { InputError } from '../domain.js';
import { openTestDomain, testEvent, type EventRecorder } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { identityPartition, identitySnapshot } from './snapshot.js';
import { systemActor, userActor } from '../../shared/actor.js';

async function rejection(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe.each(testDialects())('merges on %s', (dialect) => {
  let domain: SqlDomain;
  let fanOut: EventRecorder;
  beforeEach(async () => {
    ({ domain, fanOut } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });
  const db = () => domain.database.db;
  const one = async (customer: Parameters<typeof testEvent>[0], over: Parameters<typeof testEvent>[1] = {}) =>
    (await domain.ingest.ingest(systemActor('test'), [testEvent(customer, over)])).results[0]!.customerId;

  it('merges two customers (older survives), then undo restores the exact prior state', async () => {
    const a = await one({ email: 'ann@x.com', name: 'Ann Lee' });
    await one({ email: 'ann@x.com' }, { data: { orderNumber: 'A-1' } });
    const b = await one({ phone: '4155550142' });
    await one({ phone: '4155550142', name: 'Annie Lee' }, { channel: 'purchase', type: 'order.placed', data: { orderNumber: 'B-7' } });
    const agent = userActor(await domain.auth.createUser({ email: 'agent@x.com', name: 'Agent', role: 'agent', password: 'agent-password-1' }));
    const lead = userActor(await domain.auth.createUser({ email: 'lead@x.com', name: 'Lead', role: 'lead', password: 'lead-password-1' }));
    const before = await identitySnapshot(db());
    await fanOut.clear();

    const m = await domain.merges.merge(agent, b, a, 'same person on the phone');
    expect(m).toMatchObject({ fromId: b, intoId: a, actor: 'agent@x.com', reason: 'same person on the phone', bridgingIdentifier: null, undoneAt: null });
    const merged = await domain.customers.profile(systemActor('test'), b);
    expect(merged).toMatchObject({ id: a, requestedId: b, eventCount: 4, emails: ['ann@x.com'], phones: ['+14155550142'], displayName: 'Ann Lee' });
    expect(merged!.merges.map((x) => x.id)).toContain(m.id);
    expect((await domain.customers.search(systemActor('test'), 'B-7', 5)).map((c) => c.id)).toEqual([a]);
    expect(fanOut.calls.find((c) => c.kind === 'merged')).toMatchObject({ merge: { id: m.id, fromId: b, intoId: a } });

    await fanOut.clear();
    const u = await domain.merges.undo(lead, m.id, 'different people');
    expect(u).toMatchObject({ mergeId: m.id, restoredId: b, fromId: a });
    expect(await identitySnapshot(db())).toEqual(before);
    expect(await domain.customers.resolveId(systemActor('test'), b)).toBe(b);
    expect((await domain.customers.search(systemActor('test'), 'B-7', 5)).map((c) => c.id)).toEqual([b]);
    expect(fanOut.calls.find((c) => c.kind === 'split')).toEqual({ kind: 'split', split: { mergeId: m.id, restoredId: b, fromId: a } });
    await domain.events.idle(); // summaries are read on demand
    await fanOut.settled();
    expect(fanOut.calls.filter((c) => c.kind === 'updated').map((c) => (c.kind === 'updated' ? c.customer.id : '')).sort()).toEqual([a, b].sort());
    const profile = await domain.customers.profile(systemActor('test'), a);
    expect(profile!.merges.find((x) => x.id === m.id)?.undoneAt).not.toBeNull();

    // The audit names users by id (general shape, migration 0013); the reader joins their email back.
    const audit = await db().selectFrom('audit_log').selectAll().orderBy('at_us').execute();
    expect(audit.map((r) => [r.action, r.actor_kind, r.actor_user_id, r.subject_type, JSON.parse(r.payload)])).toEqual([
      ['merge', 'user', agent.userId, 'customer', { mergeId: m.id, otherId: b, reason: 'same person on the phone' }],
      ['undo', 'user', lead.userId, 'customer', { mergeId: m.id, otherId: a, reason: 'different people' }],
    ]);
    expect((await domain.merges.audit(agent, b, 10)).map((e) => [e.action, e.actor, e.mergeId, e.reason])).toEqual([
      ['undo', 'lead@x.com', m.id, 'different people'],
      ['merge', 'agent@x.com', m.id, 'same person on the phone'],
    ]);
  });

  it('rejects bad merges and undos with the field named, writing nothing', async () => {
    const a = await one({ email: 'a@x.com' });
    const b = await one({ email: 'b@x.com' });
    const c = await one({ email: 'c@x.com' });
    const self = await rejection(domain.merges.merge(systemActor('test'), a, a));
    expect([self.path, self.code]).toEqual(['otherId', 'invalid_request']);
    const unknown = await rejection(domain.merges.merge(systemActor('test'), a, 'cus_nope'));
    expect([unknown.path, unknown.code]).toEqual(['otherId', 'not_found']);
    const unknownId = await rejection(domain.merges.merge(systemActor('test'), 'cus_nope', a));
    expect([unknownId.path, unknownId.code]).toEqual(['id', 'not_found']);
    const before = await identitySnapshot(db());

    const m = await domain.merges.merge(systemActor('test'), a, b);
    const gone = await rejection(domain.merges.merge(systemActor('test'), c, b));
    expect([gone.path, gone.code]).toEqual(['otherId', 'conflict']);
    expect(gone.message).toContain(a);
    await domain.merges.undo(systemActor('test'), m.id);
    const twice = await rejection(domain.merges.undo(systemActor('test'), m.id));
    expect([twice.path, twice.code]).toEqual(['mergeId', 'conflict']);
    const none = await rejection(domain.merges.undo(systemActor('test'), 'mrg_nope'));
    expect([none.path, none.code]).toEqual(['mergeId', 'not_found']);
    expect(await identitySnapshot(db())).toEqual(before);
  });

  it('concurrent merges of the same pair: one wins, the other is a 409', async () => {
    const a = await one({ email: 'a@x.com' });
    const b = await one({ email: 'b@x.com' });
    const results = await Promise.allSettled([domain.merges.merge(systemActor('test'), a, b), domain.merges.merge(systemActor('test'), b, a)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(InputError);
    expect((lost.reason as InputError).code).toBe('conflict');
    expect(await db().selectFrom('merges').selectAll().execute()).toHaveLength(1);
  });

  it('events after the merge go where their identifiers point; the result equals never having merged', async () => {
    // World A: merge, more events, undo.  World B (a second database): the same events, no merge.
    const { domain: other } = await openTestDomain(dialect);
    try {
      const pre = [testEvent({ email: 'ann@x.com', name: 'Ann Lee' }), testEvent({ phone: '4155550142' })];
      const post = [
        testEvent({ phone: '4155550142', email: 'bob@y.com', name: 'Bob Stone' }), // B's phone + a new email -> B
        testEvent({ email: 'bob@y.com' }), // the new email -> B
        testEvent({ email: 'ann@x.com' }, { data: { orderNumber: 'Z-9' } }), // A
      ];
      const [ra, rb] = (await domain.ingest.ingest(systemActor('test'), pre)).results;
      const m = await domain.merges.merge(systemActor('test'), ra!.customerId, rb!.customerId);
      const during = await domain.ingest.ingest(systemActor('test'), post);
      expect(new Set(during.results.map((r) => r.customerId))).toEqual(new Set([ra!.customerId]));
      await domain.merges.undo(systemActor('test'), m.id);

      await other.ingest.ingest(systemActor('test'), pre);
      await other.ingest.ingest(systemActor('test'), post);
      expect(await identityPartition(db())).toEqual(await identityPartition(other.database.db));
      expect((await domain.customers.summary(systemActor('test'), rb!.customerId))!.displayName).toBe('Bob Stone');
      expect((await domain.customers.search(systemActor('test'), 'bob@y.com', 5)).map((c) => c.id)).toEqual([rb!.customerId]);
    } finally {
      await other.close();
    }
  });

  it('undoes a merge made by ingest: the bridged customer gets its own identifiers and events back', async () => {
    const a = await one({ email: 'ann@x.com', name: 'Ann' });
    const b = await one({ phone: '4155550142', name: 'Zed' });
    await one({ phone: '4155550142' });
    const before = await identitySnapshot(db());
    const bridged = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'ann@x.com', phone: '4155550142', loyaltyId: 'L-1' })]);
    const auto = bridged.merges[0]!;
    expect(auto).toMatchObject({ fromId: b, intoId: a });
    await domain.merges.undo(systemActor('test'), auto.id);
    const after = await identitySnapshot(db());
    // Everything that existed before is back exactly; the bridging event (and the id it brought) stays with the survivor.
    const bridgeEvent = bridged.results[0]!.eventId;
    expect(after.events.filter((e) => e.id !== bridgeEvent)).toEqual(before.events);
    expect(after.events.find((e) => e.id === bridgeEvent)).toMatchObject({ customer_id: a });
    expect(after.identifiers.filter((i) => i.value !== 'L-1')).toEqual(before.identifiers);
    expect(after.customers.find((c) => c.id === b)).toEqual(before.customers.find((c) => c.id === b));
    expect(after.customers.find((c) => c.id === a)).toMatchObject({ event_count: 2, merged_into: null, display_name: 'Ann' });
  });

  it('chains undo last-in-first-out: a later merge of the survivor must be undone first (409 names it)', async () => {
    const a = await one({ email: 'a@x.com' });
    const b = await one({ email: 'b@x.com' });
    const c = await one({ email: 'c@x.com' });
    const before = await identitySnapshot(db());
    const m1 = await domain.merges.merge(systemActor('test'), a, b);
    const m2 = await domain.merges.merge(systemActor('test'), c, a);
    const blocked = await rejection(domain.merges.undo(systemActor('test'), m1.id));
    expect([blocked.path, blocked.code]).toEqual(['mergeId', 'conflict']);
    expect(blocked.message).toContain(m2.id);
    await domain.merges.undo(systemActor('test'), m2.id);
    await domain.merges.undo(systemActor('test'), m1.id);
    expect(await identitySnapshot(db())).toEqual(before);
    expect(await domain.customers.resolveId(systemActor('test'), c)).toBe(c);
  });
});
