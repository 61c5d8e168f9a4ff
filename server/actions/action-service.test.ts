import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestEvent, User } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { InputError } from '../domain.js';
import { openTestDomain, testEvent, type EventRecorder } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { ActionForbiddenError } from './errors.js';
import { systemActor, userActor } from '../../shared/actor.js';

/* The service on a REAL database: timeline reads, feedback persistence, execution through ingest, live updates. */

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const HOUR = 3_600_000;

for (const dialect of testDialects()) {
  describe(`action service (${dialect})`, () => {
    let domain: SqlDomain;
    let fanOut: EventRecorder;
    let agent: User;
    let associate: User;
    const who = { email: 'ann@example.com', name: 'Ann Example' };

    beforeEach(async () => {
      ({ domain, fanOut } = await openTestDomain(dialect));
      agent = await domain.auth.createUser({ email: 'agent@t.local', name: 'Alex Agent', role: 'agent', password: 'pw-123456789' });
      associate = await domain.auth.createUser({ email: 'assoc@t.local', name: 'Sam Store', role: 'associate', password: 'pw-123456789' });
    });
    afterEach(async () => {
      await domain.close();
    });

    async function ingest(events: IngestEvent[]) {
      return domain.ingest.ingest(systemActor('test'), events);
    }
    async function customerId() {
      return (await domain.customers.search(systemActor('test'), 'ann@example.com', 1))[0]!.id;
    }

    it('lists ranked actions with reasons linking real timeline event ids; unknown customer -> null', async () => {
      const out = await ingest([
        testEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(5 * HOUR), data: { direction: 'inbound', text: 'Can I change my address?' } }),
        testEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(HOUR / 4), data: { storeId: 'SF-UNION', storeName: 'Union Square' } }),
      ]);
      const ids = out.created.map((c) => c.id);
      const actions = (await domain.actions.list(userActor(agent), await customerId()))!;
      expect(actions.map((a) => a.kind)).toEqual(expect.arrayContaining(['reply_now', 'hold_notifications']));
      const linked = actions.flatMap((a) => a.reasons.flatMap((r) => r.eventIds));
      expect(linked.every((id) => ids.includes(id))).toBe(true);
      expect(await domain.actions.list(userActor(agent), 'cus_nope')).toBeNull();
    });

    it('persists feedback: a dismissal hides that action, a snooze hides it for a day, and the tallies change ranking stats', async () => {
      await ingest([testEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(2 * HOUR), data: { direction: 'inbound', text: 'Hello?' } })]);
      const id = await customerId();
      const [reply] = (await domain.actions.list(userActor(agent), id))!;
      expect(reply!.kind).toBe('reply_now');
      await domain.actions.feedback(userActor(agent), reply!.id, { outcome: 'dismissed', reason: 'already answered by phone' });
      expect((await domain.actions.list(userActor(agent), id))!.map((a) => a.id)).not.toContain(reply!.id);
      const rows = await domain.actions.store.forAction(reply!.id);
      expect(rows).toEqual([{ outcome: 'dismissed', reason: 'already answered by phone', userId: agent.id, untilUs: null }]);
      const { stats } = await domain.actions.store.stats();
      expect([...stats.values()]).toEqual([{ accepted: 0, dismissed: 1 }]);
      // A snooze hides the action for a day and teaches the posterior nothing.
      await ingest([testEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(HOUR / 6), data: { storeId: 'SF-UNION' } })]);
      const hold = (await domain.actions.list(userActor(agent), id))!.find((a) => a.kind === 'hold_notifications')!;
      await domain.actions.feedback(userActor(agent), hold.id, { outcome: 'snoozed' });
      expect((await domain.actions.list(userActor(agent), id))!.map((a) => a.id)).not.toContain(hold.id);
      const [snooze] = await domain.actions.store.forAction(hold.id);
      expect(snooze!.untilUs! / 1000 - Date.now()).toBeGreaterThan(23 * HOUR);
      expect((await domain.actions.store.stats()).version).toBe(1);
      await expect(domain.actions.feedback(userActor(agent), 'act.reply_now.new.cus_nope.abc', { outcome: 'accepted' })).rejects.toMatchObject({ path: 'id', code: 'not_found' });
      await expect(domain.actions.feedback(userActor(agent), 'nope', { outcome: 'accepted' })).rejects.toBeInstanceOf(InputError);
    });

    it('feedback measurably changes the served ranking (acceptance posterior per kind × segment)', async () => {
      await ingest([
        testEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(30 * HOUR), data: { direction: 'inbound', text: 'Question' } }),
        testEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(HOUR / 6), data: { storeId: 'SF-UNION' } }),
      ]);
      const id = await customerId();
      const before = (await domain.actions.list(userActor(agent), id))!;
      const scoreOf = (list: typeof before, kind: string) => list.find((a) => a.kind === kind)!.score;
      const top = before[0]!;
      const other = before.find((a) => a.kind !== top.kind)!;
      // Agents dismissed the top kind for other customers of the same segment, and accepted the other kind.
      const seg = top.id.split('.')[2];
      for (let i = 0; i < 40; i++) {
        await domain.actions.store.record({ actionId: `x${i}`, customerId: `cus_y${i}`, kind: top.kind, segment: seg!, outcome: 'dismissed', userId: agent.id, catalogVersion: 1, atUs: Date.now() * 1000 });
        await domain.actions.store.record({ actionId: `y${i}`, customerId: `cus_y${i}`, kind: other.kind, segment: seg!, outcome: 'accepted', userId: agent.id, catalogVersion: 1, atUs: Date.now() * 1000 });
      }
      const after = (await domain.actions.list(userActor(agent), id))!;
      expect(scoreOf(after, top.kind)).toBeLessThan(scoreOf(before, top.kind) * 0.85);
      expect(scoreOf(after, other.kind)).toBeGreaterThan(scoreOf(before, other.kind));
      expect(after[0]!.kind).toBe(other.kind);
      // Stable per request: the same question gets the same answer until feedback changes.
      expect(await domain.actions.list(userActor(agent), id)).toEqual(after);
    });

    it('executes through ingest: a note-channel event from omni-console naming who did it, fanned out live; then capped', async () => {
      await ingest([testEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(HOUR / 4), data: { storeId: 'SF-UNION', storeName: 'Union Square' } })]);
      const id = await customerId();
      const hold = (await domain.actions.list(userActor(associate), id))!.find((a) => a.kind === 'hold_notifications')!;
      expect(hold.execute.creates).toBe('suppression');
      await fanOut.clear();
      const res = await domain.actions.execute(userActor(associate), hold.id);
      expect(res).toMatchObject({ kind: 'hold_notifications', customerId: id, status: 'created' });
      const page = await domain.customers.timeline(systemActor('test'), id, { limit: 10, channel: undefined });
      const note = page!.items.find((i) => i.id === res.eventId)!;
      expect(note).toMatchObject({ channel: 'note', type: 'action.suppression', source: 'omni-console' });
      expect(note.data).toMatchObject({ actionKind: 'hold_notifications', actionId: hold.id, author: 'Sam Store', by: { id: associate.id, role: 'associate' } });
      expect(fanOut.calls.some((c) => c.kind === 'item' && c.item.id === res.eventId)).toBe(true);
      // Frequency cap: the hold was just executed, so it is no longer offered.
      expect((await domain.actions.list(userActor(associate), id))!.map((a) => a.kind)).not.toContain('hold_notifications');
      // A repeat within the minute (double click, retry) is the same execution, not a second one nor a 409...
      expect(await domain.actions.execute(userActor(associate), hold.id)).toEqual({ ...res, status: 'duplicate' });
      // ...while an action that does not rank and was never executed no longer applies.
      await expect(domain.actions.execute(userActor(associate), hold.id.replace(/\.[0-9a-z]+$/, '.zz9'))).rejects.toMatchObject({ code: 'conflict', path: 'id' });
      const rows = await domain.actions.store.forAction(hold.id);
      expect(rows.map((r) => r.outcome)).toEqual(['executed']);
    });

    it('enforces the role guardrail on execute', async () => {
      await ingest([
        testEvent(who, { channel: 'purchase', type: 'return.requested', occurredAt: ago(48 * HOUR), data: { orderNumber: '#1' } }),
        testEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(3 * HOUR), data: { direction: 'inbound', text: 'Still no refund, this is terrible' } }),
        testEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(2 * HOUR), data: { direction: 'inbound', text: 'Awful service' } }),
      ]);
      const id = await customerId();
      const credit = (await domain.actions.list(userActor(agent), id))!.find((a) => a.kind === 'goodwill_credit')!;
      expect(credit).toBeDefined();
      await expect(domain.actions.execute(userActor(associate), credit.id)).rejects.toBeInstanceOf(ActionForbiddenError);
      const res = await domain.actions.execute(userActor(agent), credit.id);
      const item = (await domain.customers.timeline(systemActor('test'), id, { limit: 5, channel: undefined }))!.items.find((i) => i.id === res.eventId)!;
      expect(item.type).toBe('action.credit');
      expect(item.data['amount']).toEqual(expect.any(Number));
    });

    it('recomputes after fan-out for customers someone is looking at, and emits actionsUpdated only when the list changed', async () => {
      // The bus delivers after commit, on its own schedule (on PostgreSQL behind the shared-interest read of the delivery
      // before): the recompute is queued once the bus is idle, then awaited.
      const settled = async () => {
        await domain.events.idle();
        await domain.actions.idle();
      };
      await ingest([testEvent(who, { channel: 'web', type: 'web.session', occurredAt: ago(HOUR), data: {} })]);
      const id = await customerId();
      expect(await domain.actions.list(userActor(agent), id)).toEqual([]);
      // A new inbound SMS arrives: the list changes -> one update, after ingest returned.
      await ingest([testEvent({ email: who.email }, { channel: 'sms', type: 'sms.received', occurredAt: ago(60_000), data: { direction: 'inbound', body: 'Hi, are you open today?' } })]);
      await settled();
      expect(fanOut.actionUpdates.map((u) => [u.customerId, u.actions.map((a) => a.kind)])).toEqual([[id, ['reply_now']]]);
      // Another event that does not change the list: no update.
      await ingest([testEvent({ email: who.email }, { channel: 'web', type: 'web.session', occurredAt: ago(30_000), data: {} })]);
      await settled();
      expect(fanOut.actionUpdates).toHaveLength(1);
      // Customers nobody asked about are not recomputed.
      await ingest([testEvent({ email: 'bob@example.com' }, { channel: 'sms', type: 'sms.received', occurredAt: ago(1000), data: { direction: 'inbound', body: 'hello' } })]);
      await settled();
      expect(fanOut.actionUpdates).toHaveLength(1);
    });
  });
}
