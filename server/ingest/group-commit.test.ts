import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent, type EventRecorder } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { systemActor } from '../../shared/actor.js';

/* Concurrent ingests share one durable commit, and stay all-or-nothing each. */
describe.each(testDialects())('group commit of ingest on %s', (dialect) => {
  let domain: SqlDomain;
  let fanOut: EventRecorder;
  beforeEach(async () => {
    ({ domain, fanOut } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  const eventCount = async () => Number((await domain.database.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('commits 30 concurrent ingests (as 30 HTTP requests would make them) in one transaction', async () => {
    const before = { ...domain.ingest.commits.stats };
    const calls = Array.from({ length: 30 }, (_, i) => domain.ingest.ingest(systemActor('test'), [testEvent({ email: `g${i}@example.com` }), testEvent({ email: `g${i}@example.com`, phone: `+1415555${String(1000 + i)}` })]));
    const outcomes = await Promise.all(calls);
    expect(domain.ingest.commits.stats.transactions - before.transactions).toBe(1);
    expect(domain.ingest.commits.stats.largestGroup).toBe(30);
    expect(outcomes.every((o) => o.results.length === 2 && o.results.every((r) => r.status === 'created'))).toBe(true);
    expect(new Set(outcomes.map((o) => o.results[0]!.customerId)).size).toBe(30);
    expect(await eventCount()).toBe(60);
    // Every request's items went out, in commit (seq) order.
    await fanOut.settled();
    const seqs = fanOut.calls.flatMap((c) => (c.kind === 'item' ? [c.item.seq] : []));
    expect(seqs).toHaveLength(60);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('a request that fails inside the group leaves no trace and does not fail its neighbours', async () => {
    const stored = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'dup@example.com' }, { sourceEventId: 'dup-1' })]);
    await fanOut.clear();
    const before = domain.ingest.commits.stats.transactions;
    const poison = domain.ingest.ingest(systemActor('test'), 
      [
        // Written first (a new customer, identifier and event)...
        testEvent({ email: 'ghost@example.com' }, { sourceEventId: 'ghost-1' }),
        // ...then the upsert of a re-delivery throws, as a connector's merge might.
        testEvent({ email: 'dup@example.com' }, { sourceEventId: 'dup-1' }),
      ],
      {
        merge: () => {
          throw new Error('merge exploded');
        },
      },
    );
    const good = Array.from({ length: 5 }, (_, i) => domain.ingest.ingest(systemActor('test'), [testEvent({ email: `ok${i}@example.com` })]));
    const settled = await Promise.allSettled([poison, ...good]);
    expect(domain.ingest.commits.stats.transactions - before).toBe(1);
    expect(settled[0]!.status).toBe('rejected');
    expect(settled.slice(1).every((s) => s.status === 'fulfilled')).toBe(true);

    expect(await eventCount()).toBe(6);
    expect(await domain.customers.search(systemActor('test'), 'ghost@example.com', 5)).toEqual([]);
    const ghostIdent = await domain.database.db.selectFrom('identifiers').select('value').where('value', '=', 'ghost@example.com').execute();
    expect(ghostIdent).toEqual([]);
    // Nothing of the failed request was announced.
    await fanOut.settled();
    expect(fanOut.calls.some((c) => c.kind === 'item' && c.item.sourceEventId === 'ghost-1')).toBe(false);
    // The stored event is unchanged and the failed request can be retried on its own.
    const retry = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'ghost@example.com' }, { sourceEventId: 'ghost-1' })]);
    expect(retry.results[0]!.status).toBe('created');
    expect(stored.results[0]!.status).toBe('created');
  });
});
