import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../shared/index.js';
import { InputError } from '../domain.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent, type EventRecorder } from '../storage/test-domain.js';
import { testDialects, type TestDatabase } from '../storage/test-database.js';
import { systemActor } from '../../shared/actor.js';

describe.each(testDialects())('ingest on %s', (dialect) => {
  let domain: SqlDomain;
  let fanOut: EventRecorder;
  let database: TestDatabase;
  beforeEach(async () => {
    ({ domain, fanOut, database } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  const count = async (table: 'events' | 'customers' | 'identifiers' | 'merges' | 'event_refs') =>
    Number((await domain.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('puts events sharing any identifier on one customer, whatever the phone/email spelling', async () => {
    const out = await domain.ingest.ingest(systemActor('test'), [
      testEvent({ email: 'Ann@Example.com', name: 'Ann Lee' }),
      testEvent({ email: ' ann@example.COM ', phone: '(415) 555-0142' }),
      testEvent({ phone: '+1 415-555-0142' }),
      testEvent({ phone: '4155550142', loyaltyId: 'lc-1' }),
    ]);
    expect(out.results.every((r) => r.status === 'created')).toBe(true);
    expect(new Set(out.results.map((r) => r.customerId)).size).toBe(1);
    const later = await domain.ingest.ingest(systemActor('test'), [testEvent({ loyaltyId: ' LC-1 ' })]);
    expect(later.results[0]!.customerId).toBe(out.results[0]!.customerId);
    const s = await domain.customers.summary(systemActor('test'), out.results[0]!.customerId);
    expect(s).toMatchObject({ displayName: 'Ann Lee', emails: ['ann@example.com'], phones: ['+14155550142'], loyaltyIds: ['LC-1'], eventCount: 5 });
    expect(await count('customers')).toBe(1);
  });

  it('merges two customers an event bridges: survivor is the oldest, merged-away id resolves, merge recorded', async () => {
    const [a] = (await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'ann@x.com', name: 'Ann' })])).results;
    const [b] = (await domain.ingest.ingest(systemActor('test'), [testEvent({ phone: '(415) 555-0142' }, { channel: 'phone', type: 'call.inbound' })])).results;
    expect(a!.customerId).not.toBe(b!.customerId);
    await domain.events.idle();
    await fanOut.clear();

    const out = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'ANN@x.com', phone: '+14155550142' })]);
    expect(out.results[0]!.customerId).toBe(a!.customerId);
    expect(out.merges).toHaveLength(1);
    expect(out.merges[0]).toMatchObject({
      fromId: b!.customerId,
      intoId: a!.customerId,
      reason: 'shared identifier',
      bridgingIdentifier: 'phone:+14155550142',
      actor: 'system',
      undoneAt: null,
    });

    expect(await domain.customers.resolveId(systemActor('test'), b!.customerId)).toBe(a!.customerId);
    expect(await domain.customers.resolveId(systemActor('test'), 'cus_unknown')).toBeNull();
    const profile = await domain.customers.profile(systemActor('test'), b!.customerId);
    expect(profile).toMatchObject({ id: a!.customerId, requestedId: b!.customerId, displayName: 'Ann', phones: ['+14155550142'], eventCount: 3 });
    expect(profile!.merges.map((m) => m.id)).toEqual([out.merges[0]!.id]);
    const page = await domain.customers.timeline(systemActor('test'), b!.customerId, { limit: 10, channel: undefined });
    expect(page!.items).toHaveLength(3);
    expect(page!.items.every((i) => i.customerId === a!.customerId)).toBe(true);
    // Never listed any more, and what moved is recorded for an exact undo later.
    expect((await domain.customers.search(systemActor('test'), '', 10)).map((c) => c.id)).toEqual([a!.customerId]);
    const row = await domain.database.db.selectFrom('merges').selectAll().executeTakeFirstOrThrow();
    const moved = JSON.parse(row.moved);
    expect(moved.identifiers).toEqual([{ kind: 'phone', value: '+14155550142' }]);
    expect(moved.eventIds).toEqual([b!.eventId]);
    expect(moved.from).toMatchObject({ eventCount: 1 });

    // Fan-out: the merge, the new item on the survivor, the survivor's fresh summary.
    await domain.events.idle(); // summaries are read on demand, after ingest answered
    await fanOut.settled();
    expect(fanOut.calls.map((c) => c.kind)).toEqual(['merged', 'item', 'updated']);
    expect(fanOut.calls[1]).toMatchObject({ customerId: a!.customerId, item: { customerId: a!.customerId, id: out.results[0]!.eventId } });
    expect(fanOut.calls[2]).toMatchObject({ customer: { id: a!.customerId, eventCount: 3, phones: ['+14155550142'] } });
  });

  it('follows merge chains (c -> b -> a)', async () => {
    const id = async (e: IngestEvent) => (await domain.ingest.ingest(systemActor('test'), [e])).results[0]!.customerId;
    const a = await id(testEvent({ email: 'a@x.com' }));
    const b = await id(testEvent({ email: 'b@x.com' }));
    const c = await id(testEvent({ email: 'c@x.com' }));
    expect(await id(testEvent({ email: 'b@x.com', loyaltyId: 'C1', externalIds: { crm: '9' } }))).toBe(b);
    await id(testEvent({ email: 'c@x.com', loyaltyId: 'c1' })); // c -> b
    await id(testEvent({ email: 'a@x.com', externalIds: { CRM: '9' } })); // b -> a
    expect(await domain.customers.resolveId(systemActor('test'), c)).toBe(a);
    expect((await domain.customers.summary(systemActor('test'), c))!.emails.sort()).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
    const profile = await domain.customers.profile(systemActor('test'), a);
    expect(profile!.merges.map((m) => [m.fromId, m.intoId]).sort()).toEqual([
      [b, a],
      [c, b],
    ].sort());
    expect(profile!.stats.eventCount).toBe(6);
  });

  it('is idempotent on (source, sourceEventId): within a batch and across batches', async () => {
    const e = testEvent({ email: 'dup@x.com' }, { source: 'twilio', sourceEventId: 'CA1' });
    const first = await domain.ingest.ingest(systemActor('test'), [e, { ...e, summary: 'again' }, testEvent({ email: 'dup@x.com' }, { source: 'zendesk', sourceEventId: 'CA1' })]);
    expect(first.results.map((r) => r.status)).toEqual(['created', 'duplicate', 'created']);
    expect(first.results[1]!.eventId).toBe(first.results[0]!.eventId);
    expect(first.created).toHaveLength(2);

    const again = await domain.ingest.ingest(systemActor('test'), [{ ...e, customer: { email: 'someone-else@x.com' } }]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', eventId: first.results[0]!.eventId, customerId: first.results[0]!.customerId });
    expect(again.created).toHaveLength(0);
    expect(await count('events')).toBe(2);
    expect(await count('customers')).toBe(1);
  });

  it('a resent stored event beside new ones changes no identity, even one that would bridge two customers', async () => {
    const [a] = (await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'a@x.com' })])).results;
    const e = testEvent({ phone: '4155550142' }, { source: 'twilio', sourceEventId: 'CA9' });
    const [b] = (await domain.ingest.ingest(systemActor('test'), [e])).results;
    // Resent with an email that would bridge it to a@x.com: a duplicate must neither merge nor add the identifier.
    const out = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'new@x.com' }), { ...e, customer: { email: 'a@x.com', phone: '4155550142' } }, testEvent({ email: 'a@x.com' })]);
    expect(out.results.map((r) => r.status)).toEqual(['created', 'duplicate', 'created']);
    expect(out.results[1]).toMatchObject({ eventId: b!.eventId, customerId: b!.customerId });
    expect(out.results[2]!.customerId).toBe(a!.customerId);
    expect(out.merges).toHaveLength(0);
    expect(out.created).toHaveLength(2);
    expect([await count('events'), await count('customers'), await count('identifiers'), await count('merges')]).toEqual([4, 3, 3, 0]);
    expect((await domain.customers.profile(systemActor('test'), a!.customerId))!.stats.eventCount).toBe(2);
  });

  it('answers a duplicate with the current survivor after a merge', async () => {
    const e = testEvent({ phone: '4155550142' });
    const [orig] = (await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'old@x.com' }), e])).results.slice(1);
    await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'old@x.com', phone: '4155550142' })]);
    const survivor = await domain.customers.resolveId(systemActor('test'), orig!.customerId);
    const dup = await domain.ingest.ingest(systemActor('test'), [e]);
    expect(dup.results[0]).toMatchObject({ status: 'duplicate', eventId: orig!.eventId, customerId: survivor });
  });

  it('writes nothing when any event of the batch is invalid, and names the field', async () => {
    const batch = [0, 1, 2, 3, 4].map((i) => testEvent({ email: `b${i}@x.com`, phone: i === 3 ? '555-CALL-ME-NOT' : '4155550142' }));
    const err = await domain.ingest.ingest(systemActor('test'), batch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).path).toBe('events[3].customer.phone');
    // The caller may choose the prefix (e.g. a connector's own field name).
    const err2 = await domain.ingest.ingest(systemActor('test'), batch, { pathPrefix: 'body.items' }).catch((e: unknown) => e);
    expect((err2 as InputError).path).toBe('body.items[3].customer.phone');
    const err3 = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'x@x.com' }, { occurredAt: 'yesterday' })]).catch((e: unknown) => e);
    expect((err3 as InputError).path).toBe('events[0].occurredAt');
    for (const t of ['events', 'customers', 'identifiers', 'merges', 'event_refs'] as const) expect(await count(t)).toBe(0);
    await fanOut.settled();
    expect(fanOut.calls).toEqual([]);
  });

  it('fans out only after commit, and a failing fan-out does not undo the ingest', async () => {
    const committedChecks: Promise<boolean>[] = [];
    const raw = domain.database.raw;
    fanOut.onCall = () => {
      if (raw.dialect === 'sqlite') committedChecks.push(Promise.resolve(!raw.sqlite.inTransaction));
      // Another pooled connection only sees committed rows.
      else committedChecks.push(raw.pool.query('select count(*)::int as n from events').then((r) => r.rows[0].n === 1));
    };
    await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'fan@x.com' })]);
    await domain.events.idle(); // summaries are read on demand, after ingest answered
    await fanOut.settled();
    expect(fanOut.calls.map((c) => c.kind)).toEqual(['item', 'updated']);
    expect(await Promise.all(committedChecks)).toEqual([true, true]);

    fanOut.onCall = () => {
      throw new Error('socket layer down');
    };
    const out = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'fan@x.com' })]);
    expect(out.results[0]!.status).toBe('created');
    expect(await count('events')).toBe(2);
    await domain.events.idle();
    expect(fanOut.errors).toHaveLength(2);
  });

  it('keeps data consistent under concurrent ingest calls', async () => {
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 40 }, (_, i) =>
        testEvent({ email: `p${i % 10}@x.com`, ...(i % 10 === 0 ? { phone: '4155550142' } : {}) }, { source: 'race', sourceEventId: `r${(b % 3) * 40 + i}` }),
      ),
    );
    const outs = await Promise.all(batches.map((b) => domain.ingest.ingest(systemActor('test'), b)));
    expect(await count('events')).toBe(120);
    const created = outs.flatMap((o) => o.results).filter((r) => r.status === 'created');
    expect(created).toHaveLength(120);
    // Customers 0..9 share nothing except p0 (phone) -> 10 customers, each with 12 events.
    const list = await domain.customers.search(systemActor('test'), '', 100);
    expect(list).toHaveLength(10);
    expect(list.reduce((n, c) => n + c.eventCount, 0)).toBe(120);
  });

  // PostgreSQL only: several hub processes share a database only there (an SQLite file belongs to one hub process).
  it.runIf(dialect === 'postgres')('serializes two hub processes writing the same identities (advisory lock + retry)', async () => {
    const other = await domainOn(await database.openAnother(), { defaultRegion: 'US' });
    try {
      const mk = (b: number) =>
        Array.from({ length: 30 }, (_, i) => testEvent({ email: `x${i % 5}@x.com`, phone: i % 5 === 0 ? '4155550142' : undefined }, { source: 'two', sourceEventId: `t${b * 30 + i}` }));
      // Existing customers: concurrent counter updates must not be lost.
      await domain.ingest.ingest(systemActor('test'), [0, 1, 2, 3, 4].map((i) => testEvent({ email: `x${i}@x.com` })));
      await Promise.all([0, 1, 2, 3, 4, 5].map((b) => (b % 2 ? other : domain).ingest.ingest(systemActor('test'), mk(b))));
      expect(await count('events')).toBe(185);
      const list = await domain.customers.search(systemActor('test'), '', 50);
      expect(list).toHaveLength(5);
      expect(list.reduce((n, c) => n + c.eventCount, 0)).toBe(185);
    } finally {
      await other.close();
    }
  });

  it('records order numbers of any event as searchable refs', async () => {
    const out = await domain.ingest.ingest(systemActor('test'), [
      testEvent({ email: 'o@x.com' }, { channel: 'purchase', type: 'order.placed', data: { orderNumber: '#A-1001', total: 10 } }),
      testEvent({ email: 'o@x.com' }, { channel: 'email', type: 'email.received', data: { orderNumber: 'a-1002' } }),
    ]);
    expect(await count('event_refs')).toBe(2);
    expect((await domain.customers.search(systemActor('test'), '#a-1002', 5)).map((c) => c.id)).toEqual([out.results[0]!.customerId]);
  });

  it('ingests a 1000-event batch with multi-row writes', async () => {
    const batch = Array.from({ length: 1000 }, (_, i) => testEvent({ email: `bulk${i % 300}@x.com`, name: `Bulk ${i % 300}` }));
    const out = await domain.ingest.ingest(systemActor('test'), batch);
    expect(out.created).toHaveLength(1000);
    expect(new Set(out.created.map((c) => c.seq)).size).toBe(1000);
    expect(out.touchedCustomerIds).toHaveLength(300);
    expect(await count('customers')).toBe(300);
    await domain.events.idle(); // summaries are read on demand, after ingest answered
    await fanOut.settled();
    expect(fanOut.calls.filter((c) => c.kind === 'updated')).toHaveLength(300);
  });
});
