import { Kysely } from 'kysely';
import { StatementCapture } from '../testing/query-plans.js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../shared/index.js';
import { BenchDataset } from '../../bench/dataset.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import { attrsFromEvents, matchDb, readFacts, readProfiles } from '../identity/matching/match-store.js';
import { migrateToLatest } from './migrations.js';
import { createPgPool } from './open-database.js';
import { OmniPostgresDialect } from './pg-dialect.js';
import { analyzeStaleTables, PlannerStatsKeeper } from './pg-planner-stats.js';
import type { Schema } from './schema.js';
import { freshPostgresSchema } from './test-database.js';

/*
 * Ingest's reads at a realistic size on PostgreSQL, with and without planner statistics. The database is
 * opened without the hub's keeper (openPostgres starts one), so the test decides when ANALYZE runs: first
 * the premise (no statistics: batch reads by `customer_id in (…)` scan whole tables), then
 * analyzeStaleTables, after which every statement an ingest batch ran probes an index on the big tables.
 */

const url = process.env['DATABASE_URL'];
/** Tables that grow with the customer base: none may be scanned by an ingest batch's statements. */
const BIG = ['events', 'customers', 'identifiers', 'customer_order_money', 'match_keys', 'match_profiles'];
/**
 * Copies of the ingested seed, each under new ids: 200,000 events and their customers' rows, and 100,000
 * customers in all. Fewer customers would make a scan the right plan for a batch's 100-odd of them.
 */
const COPIES = 50;
const CUSTOMER_COPIES = 250;

/** Each seed row again per copy g, every id suffixed `~g` (so foreign keys and keys stay consistent). */
const CLONE = [
  `insert into customers (id, display_name, name_rank, search_name, created_at_us, merged_into, first_seen_us, last_activity_us, event_count, channel_counts, spend, order_count)
   select id || '~' || g, display_name, name_rank, search_name, created_at_us, merged_into || '~' || g, first_seen_us, last_activity_us, event_count, channel_counts, spend, order_count
   from customers, generate_series(1, ${CUSTOMER_COPIES}) g`,
  `insert into identifiers (kind, value, customer_id, origin_customer_id, rev, created_at_us, origin_event_id)
   select kind, value || '~' || g, customer_id || '~' || g, origin_customer_id || '~' || g, rev, created_at_us, origin_event_id || '~' || g
   from identifiers, generate_series(1, ${COPIES}) g`,
  `insert into events (id, customer_id, origin_customer_id, source, source_event_id, channel, type, occurred_at_us, summary, data, ingested_at_us, identity)
   select id || '~' || g, customer_id || '~' || g, origin_customer_id || '~' || g, source, source_event_id || '~' || g, channel, type, occurred_at_us, summary, data, ingested_at_us, identity
   from events, generate_series(1, ${COPIES}) g`,
  `insert into customer_order_money (customer_id, order_key, currency, amount_micros, events, bought, cancelled, first_us, buy_us, buy_channel, buy_source)
   select customer_id || '~' || g, order_key, currency, amount_micros, events, bought, cancelled, first_us, buy_us, buy_channel, buy_source
   from customer_order_money, generate_series(1, ${COPIES}) g`,
  `insert into match_profiles (customer_id, record, attrs, updated_at_us) select customer_id || '~' || g, record, attrs, updated_at_us from match_profiles, generate_series(1, ${COPIES}) g`,
  `insert into match_keys (key, customer_id) select key || '~' || g, customer_id || '~' || g from match_keys, generate_series(1, ${COPIES}) g`,
];

// PostgreSQL only: the hub never runs ANALYZE on SQLite, whose planner prefers these indexes without statistics
// (the SQLite plans are checked in search-query-plan.test.ts and beside each feature's hot reads).
describe.skipIf(!url)('planner statistics on PostgreSQL', () => {
  let fresh: Awaited<ReturnType<typeof freshPostgresSchema>>;
  let pool: pg.Pool;
  let db: Kysely<Schema>;
  let domain: SqlDomain;
  let capture: StatementCapture;

  /** Big tables some captured statement would read with a sequential scan, as planned now, each with the first such statement. */
  const scannedBigTables = async (): Promise<Map<string, string>> => {
    const scanned = new Map<string, string>();
    for (const s of capture.sql) {
      const plan = (await pool.query<{ 'QUERY PLAN': string }>(`explain ${s.sql}`, s.parameters as unknown[])).rows.map((r) => r['QUERY PLAN']).join('\n');
      for (const t of BIG) if (!scanned.has(t) && new RegExp(`Seq Scan on ${t}\\b`).test(plan)) scanned.set(t, `${s.sql.slice(0, 200)}\n${plan}`);
    }
    return scanned;
  };

  beforeAll(async () => {
    fresh = await freshPostgresSchema('stats');
    pool = await createPgPool(fresh.url, { max: 4 });
    capture = new StatementCapture((node) => db.getExecutor().compileQuery(node, { queryId: 'capture' }));
    db = new Kysely<Schema>({ dialect: new OmniPostgresDialect({ pool }) });
    await migrateToLatest(db, 'postgres', fresh.schema);
    domain = await domainOn({ db: db.withPlugin(capture), dialect: 'postgres', raw: { dialect: 'postgres', pool }, close: () => db.destroy() }, { defaultRegion: 'US' });
    const data = new BenchDataset({ customers: 400, events: 4_200, heavyCustomers: 4, heavyShare: 0.2, fragmentEvery: 25, seed: 7, endMs: Date.UTC(2025, 5, 1) });
    const batches = [...data.batches(1000)].flat();
    for (let i = 0; i < 4_000; i += 1000) await domain.ingest.ingest(systemActor('test'), batches.slice(i, i + 1000));
    await domain.events.idle();
    await domain.value.idle();
    await domain.duplicates.index.settled();
    for (const q of CLONE) await pool.query(q);
    // One more batch, as ingest runs it at this size: every statement it and its background work run is kept.
    capture.on = true;
    await domain.ingest.ingest(systemActor('test'), batches.slice(4_000, 4_200));
    await domain.events.idle();
    await domain.value.idle();
    await domain.duplicates.index.settled();
    // The match index's batch reads, as its drain runs them after a bulk batch with merges: 100 customers of
    // 20,000 with events here (a drain reads up to 500 of a million in a 10M-event build).
    const some = (await pool.query<{ id: string }>(`select id from customers where id like '%~7' or id like '%~33' limit 100`)).rows.map((r) => r.id);
    const match = matchDb(domain.database.db);
    await readProfiles(match, some);
    await readFacts(match, some);
    await attrsFromEvents(match, some);
    capture.on = false;
  }, 120_000);

  afterAll(async () => {
    await domain?.close();
    await fresh?.drop();
  });

  it('without statistics, the batch reads by customer scan whole tables (why the keeper exists)', async () => {
    expect(capture.sql.length).toBeGreaterThan(20);
    expect([...(await scannedBigTables()).keys()]).toEqual(expect.arrayContaining(['customer_order_money', 'events', 'identifiers']));
  });

  it('after analyzeStaleTables, no statement of an ingest batch scans a big table', async () => {
    const analyzed = await analyzeStaleTables(pool);
    expect(analyzed).toEqual(expect.arrayContaining(BIG));
    const scanned = await scannedBigTables();
    expect([...scanned.keys()], [...scanned.values()].join('\n\n')).toEqual([]);
    // The counters were reset: nothing is stale until the tables change again by autovacuum's share.
    expect(await analyzeStaleTables(pool)).toEqual([]);
  });

  it('one hub at a time per schema: a round finds the turn taken and skips; the keeper takes it next', async () => {
    await pool.query(`insert into customers (id, display_name, name_rank, search_name, created_at_us, first_seen_us, last_activity_us)
      select 'x' || g, 'X', 0, 'x', 0, 0, 0 from generate_series(1, 100000) g`);
    const stat = async () =>
      (await pool.query<{ mods: number; analyzed: number }>(`select n_mod_since_analyze::int as mods, analyze_count::int as analyzed from pg_stat_user_tables where schemaname = current_schema() and relname = 'customers'`)).rows[0]!;
    // A backend reports its row counts to pg_stat a moment after its transaction (at most every second when idle).
    for (let i = 0; i < 150 && (await stat()).mods < 100_000; i++) await new Promise((r) => setTimeout(r, 100));
    const before = await stat();
    expect(before.mods).toBeGreaterThanOrEqual(100_000);
    const other = await pool.connect();
    try {
      await other.query(`select pg_advisory_lock(hashtext('omni.planner-stats.' || current_schema()))`);
      expect(await analyzeStaleTables(pool)).toEqual([]);
      await other.query(`select pg_advisory_unlock(hashtext('omni.planner-stats.' || current_schema()))`);
    } finally {
      other.release();
    }
    expect((await stat()).analyzed).toBe(before.analyzed);
    // The keeper's first round runs as it is built.
    const keeper = new PlannerStatsKeeper(pool, { intervalMs: 60_000 });
    await keeper.idle();
    await keeper.close();
    expect((await stat()).analyzed).toBe(before.analyzed + 1);
  });
});
