import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitQueue } from './commit-queue.js';
import { Mutex } from './mutex.js';
import { putSetting } from '../testing/setting-writes.js';
import { sqliteOffLoopSync } from './off-loop-sync.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

/*
 * Off-loop fsync (embedded SQLite only): a group of requests that allow it commits without SQLite's own fsync,
 * and nobody is answered (nor any after-commit run) before the WAL's fsync finished; a failed fsync fails them all.
 * Other groups commit as before, and the connection is back at its durable setting after every group.
 */
describe('off-loop sync on sqlite', () => {
  let opened: TestDatabase | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  const put = putSetting;
  const raw = () => (opened!.raw as { sqlite: BetterSqlite3.Database }).sqlite;

  async function setup(fail = false): Promise<{ queue: CommitQueue; log: string[] }> {
    opened = await openTestDatabase('sqlite');
    const real = sqliteOffLoopSync(opened.db, raw())!;
    expect(real).toBeDefined();
    const log: string[] = [];
    const queue = new CommitQueue({
      db: opened.db,
      lock: new Mutex(),
      offLoopSync: {
        run: (body) =>
          real.run(async (db) => {
            log.push(`relaxed:${String(raw().pragma('synchronous', { simple: true }))}`);
            return body(db);
          }),
        sync: async () => {
          log.push('sync');
          await real.sync();
          if (fail) throw new Error('disk gone');
        },
      },
    });
    return { queue, log };
  }

  it('answers a request that allows it only after the fsync, and restores the durable setting', async () => {
    const { queue, log } = await setup();
    const key = await queue.submit({ weight: 1, offLoopSync: true, write: put('ol-1'), afterCommit: async () => void log.push('after') });
    log.push(`answered:${key}`);
    expect(log).toEqual(['relaxed:1', 'sync', 'after', 'answered:ol-1']);
    expect(Number(raw().pragma('synchronous', { simple: true }))).toBe(2);
  });

  it('commits on the loop, as before, when a request of the group does not allow it', async () => {
    const { queue, log } = await setup();
    await Promise.all([queue.submit({ weight: 1, offLoopSync: true, write: put('ol-2') }), queue.submit({ weight: 1, write: put('ol-3') })]);
    expect(log).toEqual([]);
    expect((await opened!.db.selectFrom('settings').select('key').where('key', 'like', 'ol-%').orderBy('key').execute()).map((r) => r.key)).toEqual(['ol-2', 'ol-3']);
  });

  it('fails the request (never answered as stored) when the fsync fails', async () => {
    const { queue, log } = await setup(true);
    await expect(queue.submit({ weight: 1, offLoopSync: true, write: put('ol-4'), afterCommit: async () => void log.push('after') })).rejects.toThrow('disk gone');
    expect(log).toEqual(['relaxed:1', 'sync']);
    expect(Number(raw().pragma('synchronous', { simple: true }))).toBe(2);
  });

  it('is not offered for a database that does not fsync each commit', async () => {
    opened = await openTestDatabase('sqlite');
    raw().pragma('synchronous = NORMAL');
    expect(sqliteOffLoopSync(opened.db, raw())).toBeUndefined();
  });
});
