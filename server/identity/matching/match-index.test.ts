import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KyselyPlugin } from 'kysely';
import { DuplicatesResponseSchema, identifierScopes, systemActor } from '../../../shared/index.js';
import { domainOn, type SqlDomain } from '../../create-domain.js';
import { testEvent } from '../../storage/test-domain.js';
import { openTestDatabase, testDialects } from '../../storage/test-database.js';
import { blockingKeys } from './blocking.js';
import { MatchIndex } from './match-index.js';
import { SqlDuplicateFinder } from './duplicate-finder.js';
import { BACKFILL_SETTING, MARK_SETTING, matchDb, readSetting } from './match-store.js';
import { loadMatchRecords } from './profile-attributes.js';
import { scoreDedup } from './matcher.js';
import { generateHouseholds } from './synthetic/households.js';
import { pgSeqScansOver } from '../../testing/query-plans.js';

const actor = systemActor('test');
/** Tables a duplicates request must reach by index only; a PostgreSQL Seq Scan may read at most PG_READ_BOUND rows of them. */
const MATCH_BIG_TABLES = ['customers', 'events', 'identifiers', 'identity_links', 'match_keys', 'match_profiles'];
const PG_READ_BOUND = 1000;

/* The stored match index (migration 0011) against a recomputation from scratch, and what a request sees. */

describe.each(testDialects())('match index on %s', (dialect) => {
  let domain: SqlDomain | null = null;
  afterEach(async () => {
    await domain?.close();
    domain = null;
  });
  const open = async () => {
    domain = await domainOn(await openTestDatabase(dialect), { defaultRegion: 'US' });
    return domain;
  };

  /** Every active customer's stored record and keys equal what a full rebuild from the timeline gives; nothing else is stored. */
  async function expectConsistent(d: SqlDomain): Promise<void> {
    await d.events.idle();
    await d.duplicates.index.settled();
    const mdb = matchDb(d.database.db);
    const expected = new Map((await loadMatchRecords(d.database.db, identifierScopes())).map((r) => [r.id, r]));
    const rows = await mdb.selectFrom('match_profiles').select(['customer_id', 'record']).execute();
    const stored = new Map(rows.map((r) => [r.customer_id, JSON.parse(r.record) as unknown]));
    expect(new Set(stored.keys())).toEqual(new Set(expected.keys()));
    for (const [id, rec] of expected) {
      const got = stored.get(id) as typeof rec;
      // Identifier order is the store's (kind, value); compare sets for list fields.
      expect({ ...got, emails: [...got.emails].sort(), phones: [...got.phones].sort(), sharedIds: [...got.sharedIds].sort() }, id).toEqual({
        ...rec,
        emails: [...rec.emails].sort(),
        phones: [...rec.phones].sort(),
        sharedIds: [...rec.sharedIds].sort(),
      });
    }
    const keys = await mdb.selectFrom('match_keys').select(['key', 'customer_id']).execute();
    const want = [...expected.values()].flatMap((r) => [...new Set(blockingKeys(r))].map((k) => `${r.id} ${k}`)).sort();
    expect(keys.map((k) => `${k.customer_id} ${k.key}`).sort()).toEqual(want);
  }

  it('suggests a pair as soon as the second customer is acknowledged, and follows merges and undo', async () => {
    const d = await open();
    const rob = (await d.ingest.ingest(actor, [testEvent({ email: 'rob@x.example', name: 'Robert Okafor' }, { data: { dateOfBirth: '1970-02-03', postcode: '94110' } })])).results[0]!.customerId;
    expect(await d.duplicates.duplicates(actor, rob, 10)).toEqual([]);
    const bob = (await d.ingest.ingest(actor, [testEvent({ phone: '(415) 555-0142', name: 'Bob Okafor' }, { data: { dob: '1970-02-03', address: { line1: '1 Oak St', postcode: '94111' } } })])).results[0]!.customerId;
    // No wait: the request itself waits for index updates queued before it.
    const s = DuplicatesResponseSchema.parse({ suggestions: await d.duplicates.duplicates(actor, rob, 10) }).suggestions;
    expect(s.map((x) => x.customerId)).toEqual([bob]);
    expect(s[0]!.score).toBeGreaterThan(0.9);
    const merge = await d.merges.merge(actor, rob, bob);
    expect(await d.duplicates.duplicates(actor, rob, 10)).toEqual([]);
    // Joined without reading the timeline: per field the newer event's value (Bob's address postcode over Rob's postcode).
    const survivor = await matchDb(d.database.db).selectFrom('match_profiles').select('record').where('customer_id', '=', rob).executeTakeFirstOrThrow();
    expect(JSON.parse(survivor.record)).toMatchObject({ postcode: '94111', address: '1 oak st', dob: '19700203', phones: ['14155550142'] });
    await expectConsistent(d);
    await d.merges.undo(actor, merge.id);
    expect((await d.duplicates.duplicates(actor, bob, 10))!.map((x) => x.customerId)).toEqual([rob]);
    await expectConsistent(d);
  });

  it('stays equal to a rebuild from the timeline through random ingest, upserts, merges and undos', async () => {
    const names = ['Ann Lee', 'Bob Lee', 'Robert Lee', 'Ann Smith', 'Cy Quinn'];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('event' as const),
        who: fc.integer({ min: 0, max: 5 }),
        via: fc.constantFrom('email', 'phone', 'loyalty', 'both'),
        name: fc.option(fc.constantFrom(...names), { nil: undefined }),
        dob: fc.option(fc.constantFrom('1980-04-02', '1978-11-30', '2001-06-01'), { nil: undefined }),
        postcode: fc.option(fc.constantFrom('94110', '10001'), { nil: undefined }),
        upsert: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('merge' as const), a: fc.nat(20), b: fc.nat(20) }),
      fc.record({ kind: fc.constant('undo' as const), n: fc.nat(5) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 14 }), async (ops) => {
        const d = await open();
        try {
          const merges: string[] = [];
          let n = 0;
          for (const o of ops) {
            if (o.kind === 'event') {
              const customer = {
                ...(o.via === 'email' || o.via === 'both' ? { email: `p${o.who}@x.example` } : {}),
                ...(o.via === 'phone' || o.via === 'both' ? { phone: `+1415555${String(1000 + o.who)}` } : {}),
                ...(o.via === 'loyalty' ? { loyaltyId: `LC-${o.who % 2}` } : {}),
                ...(o.name ? { name: o.name } : {}),
              };
              const data = { ...(o.dob ? { dateOfBirth: o.dob } : {}), ...(o.postcode ? { postcode: o.postcode } : {}) };
              // An upsert re-delivers the previous event id with other data (merged into the stored item, new seq).
              const ev = testEvent(customer, { data, ...(o.upsert && n > 0 ? { sourceEventId: `up-${n - 1}` } : { sourceEventId: `up-${n}` }) });
              n++;
              await d.ingest.ingest(actor, [ev], { merge: (_stored, incoming) => ({ data: { ...incoming.data } }) });
            } else if (o.kind === 'merge') {
              const active = (await d.database.db.selectFrom('customers').select('id').where('merged_into', 'is', null).orderBy('id').execute()).map((r) => r.id);
              if (active.length < 2) continue;
              const a = active[o.a % active.length]!;
              const b = active[o.b % active.length]!;
              if (a === b) continue;
              merges.push((await d.merges.merge(actor, a, b)).id);
            } else if (merges.length > 0) {
              const id = merges.pop()!;
              await d.merges.undo(actor, id).catch(() => merges.push(id));
            }
          }
          await expectConsistent(d);
        } finally {
          await d.close();
          domain = null;
        }
      }),
      { numRuns: dialect === 'postgres' ? 6 : 20, seed: 15 },
    );
  }, 180_000);

  it('builds the keys of an existing database in the background, resumably, without blocking start', async () => {
    const d = await open();
    for (let i = 0; i < 30; i++) await d.ingest.ingest(actor, [testEvent({ email: `c${i}@x.example`, name: `Ann Lee${i % 3 ? '' : 'x'}` }, { data: { dob: '1980-04-02' } })]);
    await d.events.idle();
    await d.duplicates.index.settled();
    // As if the database came from before migration 0011: no profiles, no keys, no marker.
    const mdb = matchDb(d.database.db);
    await mdb.deleteFrom('match_keys').execute();
    await mdb.deleteFrom('match_profiles').execute();
    await mdb.deleteFrom('settings').where('key', '=', BACKFILL_SETTING).execute();
    const index = new MatchIndex({ db: d.database.db, fitEveryMs: 3_600_000 });
    try {
      await index.backfilled();
      expect((await mdb.selectFrom('settings').select('value').where('key', '=', BACKFILL_SETTING).executeTakeFirst())?.value).toBe('done');
    } finally {
      await index.close();
    }
    await expectConsistent(d);
  });

  it('after a crash, rebuilds the customers changed since the last applied mark', async () => {
    const d = await open();
    await d.duplicates.index.backfilled();
    for (let i = 0; i < 6; i++) await d.ingest.ingest(actor, [testEvent({ email: `c${i}@x.example`, name: 'Ann Lee' }, { data: { dateOfBirth: '1980-04-02' } })]);
    await d.events.idle();
    await d.duplicates.index.settled();
    // The index stops listening, as if the process died with changes committed but not applied.
    await d.duplicates.close();
    const first = (await d.ingest.ingest(actor, [testEvent({ email: 'c0@x.example', phone: '+14155550100', name: 'Ann Leigh' }, { data: { postcode: '10001' } })])).results[0]!.customerId;
    const other = (await d.ingest.ingest(actor, [testEvent({ email: 'new@x.example', name: 'Ann Lee' }, { data: { dateOfBirth: '1980-04-02' } })])).results[0]!.customerId;
    await d.merges.merge(actor, first, other);
    const index = new MatchIndex({ db: d.database.db, fitEveryMs: 3_600_000 });
    try {
      await index.backfilled();
    } finally {
      await index.close();
    }
    await expectConsistent(d);
  });

  it('a restart keeps its mark: work before any new event (a merge) does not send the next start back to the first event', async () => {
    const d = await open();
    await d.duplicates.index.backfilled();
    const ids: string[] = [];
    // A pass per event: each stores the mark of the pass before it.
    for (let i = 0; i < 4; i++) {
      ids.push((await d.ingest.ingest(actor, [testEvent({ email: `r${i}@x.example`, name: `Rae Moss${i}` })])).results[0]!.customerId);
      await d.events.idle();
      await d.duplicates.index.settled();
    }
    const mdb = matchDb(d.database.db);
    const markSeq = async () => (JSON.parse((await readSetting(mdb, MARK_SETTING))!) as { seq: number }).seq;
    const stored = await markSeq();
    expect(stored).toBeGreaterThan(0);
    // The hub restarts: a new index on the same database, fed by the same bus.
    await d.duplicates.close();
    const index = new MatchIndex({ db: d.database.db, fitEveryMs: 3_600_000 });
    try {
      await index.backfilled();
      // Two passes with no new event (each stores the mark it started from).
      for (const [a, b] of [[ids[0]!, ids[1]!], [ids[2]!, ids[3]!]] as const) {
        const m = await d.merges.merge(actor, a, b);
        index.merged(m);
        await index.settled();
      }
    } finally {
      await index.close();
    }
    expect(await markSeq()).toBeGreaterThanOrEqual(stored);
  });

  it('reads no profile for new events that set no match attribute, and still moves its restart mark past them', async () => {
    const d = await open();
    await d.duplicates.index.backfilled();
    for (let i = 0; i < 3; i++) await d.ingest.ingest(actor, [testEvent({ email: `o${i}@x.example`, name: `Olga Berg${i}` }, { data: { dateOfBirth: '1979-01-0' + (i + 1) } })]);
    await d.events.idle();
    await d.duplicates.index.settled();
    const mdb = matchDb(d.database.db);
    const stamps = async () => new Map((await mdb.selectFrom('match_profiles').select(['customer_id', 'updated_at_us']).execute()).map((r) => [r.customer_id, Number(r.updated_at_us)]));
    const before = await stamps();
    // Orders of known customers: no name, identifier or match attribute changes.
    const orders = Array.from({ length: 20 }, (_, k) => testEvent({ email: `o${k % 3}@x.example` }, { channel: 'purchase', type: 'order.created', data: { orderNumber: `A-${k}`, total: 10 } }));
    await d.ingest.ingest(actor, orders);
    await d.events.idle();
    await d.duplicates.index.settled();
    expect(await stamps()).toEqual(before);
    // Statement by statement: an index fed only such items reads nothing; one that sets an attribute is applied.
    const seen: string[] = [];
    const db = d.database.db;
    const capture: KyselyPlugin = { transformQuery: (args) => (seen.push(db.getExecutor().compileQuery(args.node, args.queryId).sql), args.node), transformResult: async (args) => args.result };
    const probe = new MatchIndex({ db: db.withPlugin(capture), background: false, coalesceMs: 0 });
    try {
      const owner = [...before.keys()][0]!;
      const item = (k: number, data: Record<string, unknown>) => ({ id: `evt_probe${k}`, customerId: owner, channel: 'purchase' as const, type: 'order.created', occurredAt: '2024-05-01T10:00:00.000000Z', summary: null, source: 'test', sourceEventId: `p${k}`, data, seq: 1_000_000 + k });
      probe.itemsAdded([item(1, { orderNumber: 'A-1' }), item(2, { total: 5 })]);
      await probe.settled();
      expect(seen.filter((q) => /match_profiles/.test(q))).toEqual([]);
      probe.itemsAdded([item(3, { dateOfBirth: '1979-01-01' })]);
      await probe.settled();
      expect(seen.some((q) => /from "match_profiles"/.test(q))).toBe(true);
    } finally {
      await probe.close();
    }
    // The next pass (a new customer) moves the mark past those orders; the pass after it stores that mark (a mark is
    // stored with the next batch's profiles): a restart does not re-check the orders' customers.
    for (const email of ['new@x.example', 'next@x.example']) {
      await d.ingest.ingest(actor, [testEvent({ email, name: 'Nia Holm' })]);
      await d.events.idle();
      await d.duplicates.index.settled();
    }
    const top = Number((await d.database.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow()).s);
    const mark = JSON.parse((await readSetting(mdb, MARK_SETTING))!) as { seq: number };
    expect(mark.seq).toBeGreaterThanOrEqual(top - 1);
    await expectConsistent(d);
  });

  it('suggests what in-memory blocking and scoring of the same customers suggest (household data)', async () => {
    const d = await open();
    // Household-heavy records sent as events: names, a birth date and an address in data, the card as loyalty id.
    const raw = generateHouseholds({ seed: 4, people: 90 }).raw;
    const events = raw.map((r, i) =>
      testEvent(
        { email: `r${i}@x.example`, ...(r.givenName || r.surname ? { name: `${r.givenName ?? ''} ${r.surname ?? ''}`.trim() } : {}), ...(r.sharedIds?.[0] ? { loyaltyId: r.sharedIds[0] } : {}) },
        { data: { ...(r.dob ? { dateOfBirth: r.dob } : {}), address: { line1: `${r.streetNumber ?? ''} ${r.address ?? ''}`.trim(), city: r.locality ?? '', postcode: r.postcode ?? '', state: r.state ?? '' } } },
      ),
    );
    for (let i = 0; i < events.length; i += 25) await d.ingest.ingest(actor, events.slice(i, i + 25));
    await d.events.idle();
    const records = await loadMatchRecords(d.database.db, identifierScopes());
    const { pairs, scores } = scoreDedup(records);
    expect(pairs.length / 2).toBeLessThan(2000); // both sides score with the prior model
    const expected = new Map<string, Set<string>>();
    for (let p = 0; p < scores.length; p++) {
      if (scores[p]! < 0.5) continue;
      const [a, b] = [records[pairs[2 * p]!]!.id, records[pairs[2 * p + 1]!]!.id];
      expected.set(a, (expected.get(a) ?? new Set()).add(b));
      expected.set(b, (expected.get(b) ?? new Set()).add(a));
    }
    expect(expected.size).toBeGreaterThan(5);
    for (const r of records) {
      const got = (await d.duplicates.duplicates(actor, r.id, 1000))!.filter((x) => x.reason === 'similar' || x.score >= 0.5).map((x) => x.customerId);
      expect(new Set(got), r.id).toEqual(expected.get(r.id) ?? new Set());
    }
  }, 120_000);

  it('refits the model from the stored profiles and scores with the stored model', async () => {
    const d = await open();
    for (let i = 0; i < 12; i++) await d.ingest.ingest(actor, [testEvent({ email: `c${i}@x.example`, name: ['Ann Lee', 'Anne Lee', 'Bob Lee'][i % 3] }, { data: { dob: '1980-04-02' } })]);
    const fit = await d.duplicates.index.fit();
    // Few pairs: the prior model (a small hub's suggestions do not hinge on unrelated customers).
    expect(fit!.pairs).toBe(66);
    expect(fit!.sampled).toBe(false);
    const stored = await matchDb(d.database.db).selectFrom('match_models').select(['pairs', 'profiles']).execute();
    expect(stored).toEqual([{ pairs: 66, profiles: 12 }]);
  });

  /*
   * Both backends: SQLite by EXPLAIN QUERY PLAN (no SCAN of a big table); PostgreSQL by EXPLAIN ANALYZE at a size
   * where its planner prefers indexes (a few thousand customers, ANALYZEd), allowing no Seq Scan that reads more
   * than PG_READ_BOUND rows (a tiny table is cheaper to scan, whatever the indexes).
   */
  it('answers from indexes: no scan of customers, events or the match tables on a request', async () => {
    const d = await open();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await d.ingest.ingest(actor, [testEvent({ email: `c${i}@x.example`, name: 'Ann Lee' }, { data: { dateOfBirth: '1980-04-02' } })])).results[0]!.customerId);
    // A household card shared with someone else: a link (the linked customer is read too).
    await d.ingest.ingest(actor, [testEvent({ email: 'c2@x.example', loyaltyId: 'LC-1' })]);
    await d.ingest.ingest(actor, [testEvent({ email: 'bob@x.example', name: 'Bob Lee', loyaltyId: 'LC-1' }, { data: { dateOfBirth: '1950-01-01' } })]);
    const raw = d.database.raw;
    if (raw.dialect === 'postgres') {
      for (let b = 0; b < 4; b++) {
        await d.ingest.ingest(actor, Array.from({ length: 1000 }, (_, k) => testEvent({ email: `bulk${b}-${k}@x.example`, name: `Person${b}x${k} Surname${k % 97}` }, { data: { dateOfBirth: `19${50 + (k % 40)}-0${1 + (k % 9)}-1${k % 10}` } })));
      }
      await d.duplicates.index.settled();
      // This schema's tables only: a bare ANALYZE reads every schema of the database (other tests', big benches').
      await raw.pool.query(`analyze ${MATCH_BIG_TABLES.join(', ')}`);
    }
    await d.duplicates.duplicates(actor, ids[0]!, 10);
    await d.merges.merge(actor, ids[0]!, ids[1]!);
    // Every statement the finder issues, compiled as the driver runs it.
    const seen: { sql: string; parameters: readonly unknown[] }[] = [];
    const db = d.database.db;
    const capture: KyselyPlugin = {
      transformQuery: (args) => (seen.push(db.getExecutor().compileQuery(args.node, args.queryId)), args.node),
      transformResult: async (args) => args.result,
    };
    const finder = new SqlDuplicateFinder(db.withPlugin(capture), d.duplicates.index);
    const s = (await finder.duplicates(actor, ids[2]!, 10))!;
    expect(s.some((x) => x.reason === 'shared-identifier')).toBe(true);
    expect(s.some((x) => x.reason === 'similar')).toBe(true);
    expect(seen.length).toBeGreaterThan(3);
    for (const q of seen) {
      if (raw.dialect === 'sqlite') {
        const plan = (raw.sqlite.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as { detail: string }[]).map((r) => r.detail);
        expect(plan.filter((p) => /^SCAN (customers|events|match_keys|match_profiles|identity_links|identifiers)\b/.test(p)), q.sql).toEqual([]);
        continue;
      }
      const scans = await pgSeqScansOver(raw.pool, q.sql, q.parameters, MATCH_BIG_TABLES, PG_READ_BOUND);
      expect(scans, `${q.sql}\n${JSON.stringify(q.parameters)}`).toEqual([]);
    }
  });
});
