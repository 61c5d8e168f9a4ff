import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../shared/actor.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { RECENT_PAGE } from './search.js';
import { collectMigrations } from '../storage/migrations.js';
import { sql } from 'kysely';

/*
 * The empty query's "recently active" list: ranked by last activity, not by when the hub received it (an old
 * import received last must not push out customers active today), merged-away ones left out.
 */

describe.each(testDialects())('recently active customers on %s', (dialect) => {
  let domain: SqlDomain;
  const id: Record<string, string> = {};
  const at = (h: number) => new Date(Date.UTC(2024, 4, 1, h)).toISOString();
  const recent = async (limit: number) => (await domain.customers.search(systemActor('test'), '', limit)).map((c) => c.id);

  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
    const one = async (email: string, h: number) => (await domain.ingest.ingest(systemActor('test'), [testEvent({ email }, { occurredAt: at(h) })])).results[0]!.customerId;
    id['late'] = await one('late@x.com', 20); // received first, happened last
    id['early'] = await one('early@x.com', 1);
    id['mid'] = await one('mid@x.com', 10);
    id['gone'] = await one('gone@x.com', 15);
    // Hundreds of events from one customer, received last.
    const burst = Array.from({ length: RECENT_PAGE + 50 }, (_, i) => testEvent({ email: 'chatty@x.com' }, { occurredAt: at(5), sourceEventId: `burst-${i}` }));
    id['chatty'] = (await domain.ingest.ingest(systemActor('test'), burst)).results[0]!.customerId;
    // gone@ is merged into mid@ (the older customer survives).
    await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'gone@x.com', phone: '4155550199' }, { occurredAt: at(2) }), testEvent({ email: 'mid@x.com', phone: '4155550199' }, { occurredAt: at(3) })]);
  }, 60_000);
  afterAll(async () => {
    await domain.close();
  });

  it('ranks the customers of the newest events by their last activity, merged-away ones excluded', async () => {
    expect(await recent(10)).toEqual([id['late'], id['mid'], id['chatty'], id['early']]);
  });

  it('keeps the ranking when the limit is smaller than the customers walked', async () => {
    expect(await recent(2)).toEqual([id['late'], id['mid']]);
  });

  it('migration 0049 trades the index on last activity for the index on when events happened, and back', async () => {
    const db = domain.database.db;
    const migration = collectMigrations(dialect)['0049_recent_by_events']!;
    const indexes = async () => {
      const q =
        dialect === 'postgres'
          ? sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and indexname in ('events_occurred', 'customers_active_recent')`
          : sql<{ name: string }>`select name from sqlite_master where name in ('events_occurred', 'customers_active_recent')`;
      return (await q.execute(db)).rows.map((r) => r.name);
    };
    expect(await indexes()).toEqual(['events_occurred']);
    await migration.down!(db);
    expect(await indexes()).toEqual(['customers_active_recent']);
    await migration.up(db);
    expect(await indexes()).toEqual(['events_occurred']);
    expect(await recent(2)).toEqual([id['late'], id['mid']]);
  });
});
