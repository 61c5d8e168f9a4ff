import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../shared/actor.js';
import { createDomain } from '../server/create-domain.js';
import type { SqlDomain } from '../server/create-domain.js';
import { BenchDataset } from './dataset.js';
import { BatchRowReader, IngestFloor } from './ingest-floor.js';
import { loadThroughIngest } from './load.js';
import { SIZES } from './sizes.js';

/* The raw floor must store what ingest stored, or the ratio compares ingest with less work than it did. */

/** Rows only ever inserted (merges move them in place): the floor holds exactly as many. */
const INSERTED = ['customers', 'identifiers', 'events', 'event_refs', 'merges', 'identity_links', 'consent_signals'];
/**
 * Derived rows, by key. A merge rebuilds both sides' rows in the hub, which the floor does not copy (it does less
 * there); for every customer no merge touched, the floor holds every key the hub holds.
 */
const KEYED: Record<string, string> = {
  customer_order_money: 'customer_id, order_key, currency',
  match_profiles: 'customer_id',
  match_keys: 'key, customer_id',
  customer_values: 'customer_id',
};

describe('ingest floor', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the rows ingest stored, those its pipeline derived after the commit included', async () => {
    dir = mkdtempSync(join(tmpdir(), 'omni-floor-'));
    const domain = (await createDomain({ dataDir: join(dir, 'hub'), defaultRegion: 'US' })) as SqlDomain;
    const floor = await IngestFloor.open(join(dir, 'floor.sqlite'));
    try {
      const raw = domain.database.raw;
      if (raw.dialect !== 'sqlite') throw new Error('the floor compares against embedded SQLite');
      const reader = new BatchRowReader(raw.sqlite);
      const s = SIZES.tiny;
      const data = new BenchDataset({ customers: s.customers, events: s.events, heavyCustomers: s.heavyCustomers, heavyShare: s.heavyShare, fragmentEvery: s.fragmentEvery, seed: 3, endMs: Date.UTC(2025, 5, 1) });
      await loadThroughIngest(domain.ingest, data, { afterBatch: async () => void (await floor.write(reader.next())) });
      // A consent (a carrier STOP keyword) is stored in ingest's own transaction.
      await domain.ingest.ingest(systemActor('test'), [
        { source: 'twilio', sourceEventId: 'stop-1', channel: 'sms', type: 'sms.received', occurredAt: '2025-05-01T10:00:00Z', customer: { phone: '+14155550142' }, data: { body: 'STOP' } },
      ]);
      // The duplicates index and customer value write after the commit: let them finish, then copy once more.
      await domain.events.idle();
      await domain.duplicates.index.settled();
      await (domain.value as unknown as { idle(): Promise<void> }).idle();
      await floor.write(reader.next());

      const floorDb = (floor as unknown as { opened: { raw: { sqlite: BetterSqlite3.Database } } }).opened.raw.sqlite;
      const count = (db: BetterSqlite3.Database, table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      for (const table of INSERTED) expect({ table, n: count(floorDb, table) }).toEqual({ table, n: count(raw.sqlite, table) });
      const merged = new Set((raw.sqlite.prepare('select from_id, into_id from merges').raw().all() as string[][]).flat());
      expect(merged.size).toBeGreaterThan(0);
      const keys = (db: BetterSqlite3.Database, table: string) =>
        new Set((db.prepare(`select customer_id as c, ${KEYED[table]} from ${table}`).raw().all() as string[][]).filter((r) => !merged.has(r[0]!)).map((r) => JSON.stringify(r)));
      for (const table of Object.keys(KEYED)) {
        const hub = keys(raw.sqlite, table);
        expect(hub.size, table).toBeGreaterThan(0);
        const floorKeys = keys(floorDb, table);
        expect({ table, missing: [...hub].filter((k) => !floorKeys.has(k)) }).toEqual({ table, missing: [] });
      }
      expect(count(raw.sqlite, 'consent_signals')).toBe(1);
    } finally {
      await floor.close();
      await domain.close();
    }
  }, 60_000);
});
