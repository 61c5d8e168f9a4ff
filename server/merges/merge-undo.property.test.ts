import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../shared/index.js';
import { sql } from 'kysely';
import { movedTables } from '../storage/customer-owned-tables.js';
import { customerKeyColumns, liveColumns, registryProblems } from '../storage/customer-owned-tables-check.js';
import type { Db } from '../storage/schema.js';
import { openTestDomain } from '../storage/test-domain.js';
import { openTestDatabase, testDialects } from '../storage/test-database.js';
import { identityPartition, identitySnapshot, ownedRowsSnapshot } from './snapshot.js';
import { systemActor } from '../../shared/actor.js';
import { activeIds } from '../testing/customer-history-ops.js';

/*
 * The registry of customer-owned tables (storage/customer-owned-tables.ts) declares every table of the live
 * schema that has a customer-key column: a table added without a declaration fails here, on each backend.
 *
 * Property tests on random graphs of customers, events and identifiers (some customers already
 * auto-merged by ingest because an event bridged them):
 * 1. any sequence of manual merges, undone in reverse order, returns the exact prior state (every column
 *    of every registered table, the merge log itself aside);
 * 2. with events arriving between the merges, merging + undoing equals never having merged
 *    (same customers, identifiers, events per customer, names and counters as a second database that never merged).
 */

const NAMES = ['Ann Lee', 'Bob Stone', 'Cy Park', 'Di Moss', 'Ed Kay'];

interface Setup {
  customers: { phone: boolean; name: number | null; extra: number; order: boolean }[];
  bridges: [number, number][];
}

const setupArb: fc.Arbitrary<Setup> = fc
  .integer({ min: 2, max: 5 })
  .chain((n) =>
    fc.record({
      customers: fc.array(
        fc.record({ phone: fc.boolean(), name: fc.option(fc.integer({ min: 0, max: NAMES.length - 1 })), extra: fc.integer({ min: 0, max: 2 }), order: fc.boolean() }),
        { minLength: n, maxLength: n },
      ),
      bridges: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 2 }),
    }),
  );

type Op = { kind: 'merge'; a: number; b: number } | { kind: 'event'; who: number; fresh: boolean; name: number | null; minute: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('merge' as const), a: fc.nat(20), b: fc.nat(20) }),
  fc.record({ kind: fc.constant('event' as const), who: fc.nat(20), fresh: fc.boolean(), name: fc.option(fc.integer({ min: 0, max: NAMES.length - 1 })), minute: fc.nat(500) }),
);

let seq = 0;
function ev(customer: IngestEvent['customer'], minute: number, data: Record<string, unknown> = {}): IngestEvent {
  seq++;
  return {
    source: 'prop',
    sourceEventId: `p${seq}`,
    channel: 'email',
    type: 'email.received',
    occurredAt: new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString(),
    customer,
    data,
  };
}

/** Setup events, plus the setup-time clusters (by customer index) so later events never bridge two of them. */
function setupEvents(s: Setup): { events: IngestEvent[]; clusterOf: number[] } {
  const events: IngestEvent[] = [];
  s.customers.forEach((c, i) => {
    events.push(ev({ email: `p${i}@x.com`, ...(c.phone ? { phone: `415555${String(1000 + i)}` } : {}), ...(c.name !== null ? { name: NAMES[c.name]! } : {}) }, i * 7, c.order ? { orderNumber: `O-${i}` } : {}));
    for (let k = 0; k < c.extra; k++) events.push(ev({ email: `p${i}@x.com` }, i * 7 + k + 1));
  });
  const parent = s.customers.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (const [a, b] of s.bridges) {
    if (a === b) continue;
    events.push(ev({ email: `p${a}@x.com`, loyaltyId: `L-${a}-${b}` }, 300 + a + b));
    events.push(ev({ email: `p${b}@x.com`, loyaltyId: `L-${a}-${b}` }, 301 + a + b));
    parent[find(a)] = find(b);
  }
  return { events, clusterOf: s.customers.map((_, i) => find(i)) };
}

describe.each(testDialects())('the customer-owned table registry on %s', (dialect) => {
  it('declares every table with a customer-key column in the live schema, with exactly those columns', async () => {
    const database = await openTestDatabase(dialect);
    try {
      const live = await liveColumns(database.db, dialect);
      expect(customerKeyColumns(live).get('events')).toEqual(['customer_id', 'origin_customer_id']);
      expect(registryProblems(live, dialect)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('fails for a new table keyed by customer, or a new customer-key column, left off the registry', async () => {
    const database = await openTestDatabase(dialect);
    try {
      await sql`create table consents (id text primary key, customer_id text not null, topic text not null)`.execute(database.db);
      await sql`alter table action_feedback add column assigned_customer_id text`.execute(database.db);
      const problems = registryProblems(await liveColumns(database.db, dialect), dialect);
      expect(problems).toEqual([
        'table action_feedback: customer-key columns are assigned_customer_id, customer_id, the registry declares customer_id',
        'table consents has customer-key column(s) customer_id but is not in CUSTOMER_OWNED_TABLES (server/storage/customer-owned-tables.ts)',
      ]);
    } finally {
      await database.close();
    }
  });
});

/** Rows a merge must leave alone (kept and resolved-at-read tables), so "restored exactly" checks them too. */
async function addUnmovedRows(db: Db, ids: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await db
      .insertInto('action_feedback')
      .values({ id: `fb${i}`, action_id: `act.call_back.regular.${id}.1`, customer_id: id, kind: 'call_back', segment: 'regular', outcome: 'dismissed', reason: null, user_id: 'u1', catalog_version: 1, at_us: 1, until_us: null })
      .execute();
    const other = ids[(i + 1) % ids.length]!;
    if (other !== id) {
      await db.insertInto('identity_links').values({ identifier_key: `loyalty:H-${i}`, customer_id: id, other_id: other, event_id: `evt${i}`, evidence: '[]', created_at_us: 1 }).execute();
    }
  }
}

/** `table.column` of every moving table still naming a merged-away customer (a merge must leave none). */
async function rowsLeftOnMergedAway(db: Db): Promise<string[]> {
  const { byRecord, withEvent } = movedTables();
  const left: string[] = [];
  for (const t of [...byRecord, ...withEvent]) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t.table)} where ${sql.ref(t.customerColumn)} in (select id from customers where merged_into is not null)`.execute(db);
    if (Number(rows[0]!.n) > 0) left.push(`${t.table}.${t.customerColumn}`);
  }
  return left;
}

// Each run opens fresh databases (two in the second property), and a fresh PostgreSQL schema costs ~1 s of
// DDL: the PG pass runs fewer cases of the same generators; the SQLite pass explores 25.
const RUNS = (dialect: string) => (dialect === 'postgres' ? 10 : 25);

describe.each(testDialects())('merge then undo is the identity on %s', (dialect) => {
  it('reverse-order undo of any merge sequence restores every row exactly', async () => {
    await fc.assert(
      fc.asyncProperty(setupArb, fc.array(fc.tuple(fc.nat(20), fc.nat(20)), { minLength: 1, maxLength: 5 }), async (setup, merges) => {
        const { domain } = await openTestDomain(dialect);
        try {
          const { events } = setupEvents(setup);
          await domain.ingest.ingest(systemActor('test'), events);
          await addUnmovedRows(domain.database.db, await activeIds(domain));
          const before = await identitySnapshot(domain.database.db);
          const beforeOwned = await ownedRowsSnapshot(domain.database.db, dialect);
          const done: string[] = [];
          for (const [x, y] of merges) {
            const ids = await activeIds(domain);
            if (ids.length < 2) break;
            const a = ids[x % ids.length]!;
            const b = ids[(x + 1 + (y % (ids.length - 1))) % ids.length]!;
            done.push((await domain.merges.merge(systemActor('test'), a, b)).id);
          }
          expect(await rowsLeftOnMergedAway(domain.database.db)).toEqual([]);
          for (const id of done.reverse()) await domain.merges.undo(systemActor('test'), id);
          expect(await identitySnapshot(domain.database.db)).toEqual(before);
          expect(await ownedRowsSnapshot(domain.database.db, dialect)).toEqual(beforeOwned);
        } finally {
          await domain.close();
        }
      }),
      { numRuns: RUNS(dialect) },
    );
  }, 120_000);

  it('with events between merges, merge + undo equals a database that never merged', async () => {
    await fc.assert(
      fc.asyncProperty(setupArb, fc.array(opArb, { minLength: 1, maxLength: 8 }), async (setup, ops) => {
        const world = await openTestDomain(dialect);
        const never = await openTestDomain(dialect);
        try {
          const { events, clusterOf } = setupEvents(setup);
          await world.domain.ingest.ingest(systemActor('test'), events);
          await never.domain.ingest.ingest(systemActor('test'), events);
          const done: string[] = [];
          let fresh = 0;
          for (const op of ops) {
            if (op.kind === 'merge') {
              const ids = await activeIds(world.domain);
              if (ids.length < 2) continue;
              const a = ids[op.a % ids.length]!;
              const b = ids[(op.a + 1 + (op.b % (ids.length - 1))) % ids.length]!;
              done.push((await world.domain.merges.merge(systemActor('test'), a, b)).id);
            } else {
              // Identifiers of ONE setup cluster (any member), maybe a brand-new one: never a bridge in the world without merges.
              const members = clusterOf.map((c, i) => [c, i] as const).filter(([c]) => c === clusterOf[op.who % clusterOf.length]);
              const member = members[op.who % members.length]![1];
              const e = ev(
                { email: `p${member}@x.com`, ...(op.fresh ? { loyaltyId: `NEW-${++fresh}` } : {}), ...(op.name !== null ? { name: NAMES[op.name]! } : {}) },
                op.minute,
              );
              await world.domain.ingest.ingest(systemActor('test'), [e]);
              await never.domain.ingest.ingest(systemActor('test'), [e]);
            }
          }
          for (const id of done.reverse()) await world.domain.merges.undo(systemActor('test'), id);
          expect(await identityPartition(world.domain.database.db)).toEqual(await identityPartition(never.domain.database.db));
        } finally {
          await world.domain.close();
          await never.domain.close();
        }
      }),
      { numRuns: RUNS(dialect) },
    );
  }, 120_000);
});
