import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitQueue, type Tx } from './commit-queue.js';
import { Mutex } from './mutex.js';
import { putSetting } from '../testing/setting-writes.js';
import { openTestDatabase, testDialects, type TestDatabase } from './test-database.js';

describe.each(testDialects())('commit queue on %s', (dialect) => {
  let opened: TestDatabase | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  const put = putSetting;
  const keys = async () => (await opened!.db.selectFrom('settings').select('key').where('key', 'like', 'gc-%').orderBy('key').execute()).map((r) => r.key);

  it('puts requests that arrive together into one transaction and answers each after the commit', async () => {
    opened = await openTestDatabase(dialect);
    const queue = new CommitQueue({ db: opened.db, lock: new Mutex() });
    const names = Array.from({ length: 25 }, (_, i) => `gc-${String(i).padStart(2, '0')}`);
    const committed: string[] = [];
    const answers = await Promise.all(
      names.map((k) =>
        queue.submit({
          weight: 1,
          write: put(k),
          // Runs after the commit: a fresh connection must already see this request's row.
          afterCommit: async () => {
            const row = await opened!.db.selectFrom('settings').select('key').where('key', '=', k).executeTakeFirst();
            if (row) committed.push(k);
          },
        }),
      ),
    );
    expect(answers).toEqual(names);
    expect(committed).toEqual(names);
    expect(queue.stats).toMatchObject({ transactions: 1, requests: 25, largestGroup: 25, rolledBackAlone: 0 });
    expect(await keys()).toEqual(names);
  });

  it('rolls back a failing request alone: the rest of its group commits, nothing of it remains', async () => {
    opened = await openTestDatabase(dialect);
    const queue = new CommitQueue({ db: opened.db, lock: new Mutex() });
    const failing = async (tx: Tx) => {
      // Writes first, then a statement the database rejects (on PostgreSQL this aborts the transaction).
      await tx.insertInto('settings').values({ key: 'gc-bad-1', value: 'v' }).execute();
      await sql`select * from no_such_table`.execute(tx);
      return 'never';
    };
    const throwing = async (tx: Tx) => {
      await tx.insertInto('settings').values({ key: 'gc-bad-2', value: 'v' }).execute();
      throw new Error('connector mapping failed');
    };
    const settled = await Promise.allSettled([
      queue.submit({ weight: 1, write: put('gc-a') }),
      queue.submit({ weight: 1, write: failing }),
      queue.submit({ weight: 1, write: put('gc-b') }),
      queue.submit({ weight: 1, write: throwing }),
      queue.submit({ weight: 1, write: put('gc-c') }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[3] as PromiseRejectedResult).reason)).toMatch(/connector mapping failed/);
    expect(queue.stats).toMatchObject({ transactions: 1, requests: 5, rolledBackAlone: 2 });
    expect(await keys()).toEqual(['gc-a', 'gc-b', 'gc-c']);
  });

  it('retries a request that hit a unique key, as a racing writer would cause, without touching its neighbours', async () => {
    opened = await openTestDatabase(dialect);
    await opened.db.insertInto('settings').values({ key: 'gc-taken', value: 'v' }).execute();
    const queue = new CommitQueue({ db: opened.db, lock: new Mutex() });
    let attempts = 0;
    const racing = async (tx: Tx) => {
      attempts++;
      // First attempt collides; the retry (a fresh savepoint) finds the key taken and writes another.
      const key = attempts === 1 ? 'gc-taken' : 'gc-retried';
      await tx.insertInto('settings').values({ key, value: 'v' }).execute();
      return key;
    };
    const out = await Promise.all([queue.submit({ weight: 1, write: put('gc-x') }), queue.submit({ weight: 1, write: racing })]);
    expect(out).toEqual(['gc-x', 'gc-retried']);
    expect(attempts).toBe(2);
    expect(await keys()).toEqual(['gc-retried', 'gc-taken', 'gc-x']);
  });

  it('caps a group by weight and commits the rest right after, in arrival order', async () => {
    opened = await openTestDatabase(dialect);
    const order: string[] = [];
    const queue = new CommitQueue({ db: opened.db, lock: new Mutex(), maxGroupWeight: 10 });
    const job = (k: string, weight: number) => queue.submit({ weight, write: put(k), afterCommit: async () => void order.push(k) });
    await Promise.all([job('gc-1', 4), job('gc-2', 4), job('gc-3', 4), job('gc-4', 25), job('gc-5', 1)]);
    // [1,2] fill 8 of 10; 3 would overflow; 4 alone exceeds the cap and goes alone; 5 follows.
    expect(queue.stats.transactions).toBe(4);
    expect(order).toEqual(['gc-1', 'gc-2', 'gc-3', 'gc-4', 'gc-5']);
  });

  it('fails every request of a group whose commit fails, and stores none of them', async () => {
    opened = await openTestDatabase(dialect);
    const queue = new CommitQueue({ db: opened.db, lock: new Mutex() });
    // Ends the transaction under the queue's feet: its savepoint release then fails, as a failed COMMIT would.
    const breaker = async (tx: Tx) => {
      await sql`rollback`.execute(tx);
      return 'x';
    };
    const settled = await Promise.allSettled([queue.submit({ weight: 1, write: put('gc-p') }), queue.submit({ weight: 1, write: breaker }), queue.submit({ weight: 1, write: put('gc-q') })]);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect(await keys()).toEqual([]);
    // The queue is still usable afterwards.
    await queue.submit({ weight: 1, write: put('gc-after') });
    expect(await keys()).toEqual(['gc-after']);
  });
});
