import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrations.js';
import { newId } from './ids.js';
import { Mutex } from './mutex.js';
import { openTestDatabase, testDialects, type TestDatabase } from './test-database.js';

describe.each(testDialects())('storage on %s', (dialect) => {
  let opened: TestDatabase | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  it('migrates a fresh database and is idempotent', async () => {
    opened = await openTestDatabase(dialect);
    await migrateToLatest(opened.db, dialect, dialect === 'postgres' ? await currentSchema(opened) : undefined);
    const tables = (await opened.db.introspection.getTables()).map((t) => t.name);
    for (const t of ['customers', 'identifiers', 'events', 'event_refs', 'merges', 'users', 'sessions', 'settings']) expect(tables).toContain(t);
  });

  it('returns bigints as JS numbers (µs timestamps) and autoincrements seq', async () => {
    opened = await openTestDatabase(dialect);
    const { db } = opened;
    const us = 1_714_557_600_123_456;
    await db
      .insertInto('customers')
      .values({ id: 'c1', display_name: 'C', name_rank: 3, search_name: 'c', created_at_us: us, merged_into: null, first_seen_us: us, last_activity_us: us, event_count: 0 })
      .execute();
    const ev = (id: string, sid: string) => ({
      id,
      customer_id: 'c1',
      origin_customer_id: 'c1',
      source: 's',
      source_event_id: sid,
      channel: 'email',
      type: 't',
      occurred_at_us: us,
      summary: null,
      data: '{}',
      ingested_at_us: us,
    });
    const rows = await db.insertInto('events').values([ev('e1', '1'), ev('e2', '2')]).returning(['seq', 'occurred_at_us']).execute();
    expect(rows.map((r) => typeof r.seq)).toEqual(['number', 'number']);
    expect(rows[1]!.seq).toBeGreaterThan(rows[0]!.seq);
    expect(rows[0]!.occurred_at_us).toBe(us);
    const n = await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(n.n).toBe(2);
    // (source, source_event_id) is unique.
    await expect(db.insertInto('events').values(ev('e3', '1')).execute()).rejects.toThrow();
  });

  // PostgreSQL only: SQLite test databases are separate files, there is no shared server to isolate on.
  it.runIf(dialect === 'postgres')('isolates each test database in its own schema', async () => {
    opened = await openTestDatabase(dialect);
    const other = await openTestDatabase(dialect);
    try {
      expect(await currentSchema(opened)).not.toBe(await currentSchema(other));
      await other.db.insertInto('settings').values({ key: 'k', value: 'v' }).execute();
      expect(await opened.db.selectFrom('settings').selectAll().execute()).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

async function currentSchema(o: TestDatabase): Promise<string> {
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(o.db);
  return rows[0]!.s;
}

describe('ids and mutex', () => {
  it('mints prefixed ids that sort in creation order', () => {
    const ids = Array.from({ length: 1000 }, () => newId('evt'));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('runs critical sections one at a time, in order, even when one throws', async () => {
    const m = new Mutex();
    const log: string[] = [];
    const task = (name: string, fail = false) =>
      m.run(async () => {
        log.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`${name}:end`);
        if (fail) throw new Error(name);
      });
    const results = await Promise.allSettled([task('a'), task('b', true), task('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });
});
