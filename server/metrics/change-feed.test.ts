import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../storage/migrations.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import type { Contact } from './figures.js';
import { LiveState } from './live-state.js';
import { MetricsStore } from './metrics-store.js';

/*
 * The change feed other hubs' legs arrive through: every leg written since a moment, page by page in
 * (changed_us, id) order, none lost however many share one microsecond, and as (id, version) only, so a hub
 * fetches just the legs it does not already hold at that version.
 */
const leg = (k: number, version = 1): Contact => ({
  id: `mc_${String(k).padStart(4, '0')}`,
  conversationId: `cv_${k}`,
  callSid: null,
  customerId: null,
  queueId: 'q1',
  channel: 'chat',
  arrivedUs: 1_000_000 + k,
  answeredUs: null,
  endedUs: null,
  outcome: 'waiting',
  agentId: null,
  handleSec: null,
  version,
});

describe.each(testDialects())('metrics change feed on %s', (dialect) => {
  let database: TestDatabase;
  let store: MetricsStore;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(database.db)).rows[0]!.s : undefined;
    await migrateToLatest(database.db, dialect, schema);
    store = new MetricsStore(database.db);
    // 7 legs written in one microsecond, 3 later, 2 before the feed's start.
    await store.save([leg(1), leg(2)], 100);
    await store.save([7, 3, 9, 4, 8, 5, 6].map((k) => leg(k)), 200);
    await store.save([leg(12), leg(10), leg(11)], 300);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it('pages through every leg written since the moment, ties included, each once and in order', async () => {
    const seen: string[] = [];
    for await (const page of store.changedSince(200, 2)) {
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((r) => r.id));
    }
    expect(seen).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((k) => leg(k).id));
  });

  it('a hub fetches only what it does not hold at that version', async () => {
    const state = new LiveState(() => ({ thresholdSec: 60, shortAbandonSec: 5, calendar: null }), 0);
    for (const k of [3, 4, 5]) state.apply(leg(k), 2_000_000);
    await store.save([leg(4, 2)], 400); // a newer version of 4 from another hub
    const missing: string[] = [];
    for await (const page of store.changedSince(200)) missing.push(...page.filter((r) => !state.holds(r.id, r.version, 2_000_000)).map((r) => r.id));
    expect(missing).toEqual([6, 7, 8, 9, 10, 11, 12, 4].map((k) => leg(k).id));
    const fetched = await store.byIds(missing);
    expect(fetched.find((c) => c.id === leg(4).id)?.version).toBe(2);
  });
});
