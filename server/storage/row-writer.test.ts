import { afterEach, describe, expect, it } from 'vitest';
import { RowWriter } from './row-writer.js';
import { openTestDatabase, testDialects, type TestDatabase } from './test-database.js';

const US = 1_714_557_600_123_456;

function customer(id: string, name: string, eventCount: number) {
  return { id, display_name: name, name_rank: 3, search_name: name.toLowerCase(), created_at_us: US, merged_into: null, first_seen_us: US, last_activity_us: US, event_count: eventCount };
}

function event(id: string, sid: string) {
  return {
    id,
    customer_id: 'c1',
    origin_customer_id: 'c1',
    source: 's',
    source_event_id: sid,
    channel: 'email',
    type: 't',
    occurred_at_us: US,
    summary: null,
    data: '{"a":1}',
    ingested_at_us: US,
    identity: null,
  };
}

describe.each(testDialects())('RowWriter on %s', (dialect) => {
  let opened: TestDatabase | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  function writerFor(o: TestDatabase): RowWriter {
    return new RowWriter(o.raw.dialect === 'sqlite' ? o.raw.sqlite : null);
  }

  it('inserts, upserts and returns event seqs inside the transaction', async () => {
    opened = await openTestDatabase(dialect);
    const { db } = opened;
    const writer = writerFor(opened);
    const seqs = await db.transaction().execute(async (tx) => {
      await writer.insert(tx, 'customers', [customer('c1', 'Ann', 1), customer('c2', 'Bob', 1)]);
      const update = ['display_name', 'event_count'] as const;
      await writer.insert(tx, 'customers', [customer('c1', 'Ann B', 5), customer('c3', 'Cy', 2)], { onConflict: { key: 'id', update } });
      return writer.insertEvents(tx, [event('e1', 'x1'), event('e2', 'x2')]);
    });
    const customers = await db.selectFrom('customers').select(['id', 'display_name', 'event_count']).orderBy('id').execute();
    expect(customers).toEqual([
      { id: 'c1', display_name: 'Ann B', event_count: 5 },
      { id: 'c2', display_name: 'Bob', event_count: 1 },
      { id: 'c3', display_name: 'Cy', event_count: 2 },
    ]);
    const events = await db.selectFrom('events').select(['id', 'seq', 'data', 'summary']).orderBy('seq').execute();
    expect(events.map((e) => [e.id, e.seq])).toEqual([...seqs.entries()]);
    expect(events[0]!.seq).toBeLessThan(events[1]!.seq);
    expect(events[0]).toMatchObject({ data: '{"a":1}', summary: null });
  });

  it('writes nothing when the transaction fails (all-or-nothing)', async () => {
    opened = await openTestDatabase(dialect);
    const { db } = opened;
    const writer = writerFor(opened);
    await expect(
      db.transaction().execute(async (tx) => {
        await writer.insert(tx, 'customers', [customer('c1', 'Ann', 1)]);
        await writer.insertEvents(tx, [event('e1', 'x1')]);
        // Same (source, source_event_id): a unique violation, as a racing writer would cause.
        await writer.insertEvents(tx, [event('e2', 'x1')]);
      }),
    ).rejects.toThrow();
    expect(await db.selectFrom('customers').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('events').select('id').execute()).toEqual([]);
  });

  // SQLite only (skipped on PostgreSQL): runEach runs on the embedded raw handle, which PostgreSQL does not have.
  it.runIf(dialect === 'sqlite')('runs a fixed statement per parameter list inside the transaction (rolled back with it)', async () => {
    opened = await openTestDatabase(dialect);
    const { db } = opened;
    const writer = writerFor(opened);
    const insert = 'insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value';
    await db.transaction().execute(async () => {
      writer.runEach(insert, [['a', '1'], ['b', '2'], ['a', '3']]);
    });
    await expect(
      db.transaction().execute(async () => {
        writer.runEach(insert, [['c', '4']]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['a', 'b', 'c']).orderBy('key').execute()).toEqual([
      { key: 'a', value: '3' },
      { key: 'b', value: '2' },
    ]);
  });
});
