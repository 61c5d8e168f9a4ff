import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convDb } from './tables.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import { seedRoutingLoad } from '../routing/seed-load.js';
import { countRowsQuery, InboxCountsAfterChange, readInboxCounts } from './inbox-counts.js';

/*
 * The live counts pushed after a change: one grouped read shared by every user it is summed for and by the
 * changes announced before it started; a change announced afterwards reads again (never a stale count after a
 * change), at most once per minimum gap.
 */
for (const dialect of testDialects()) {
  describe(`inbox counts after a change (${dialect})`, () => {
    let database: TestDatabase;
    let agent: string;
    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      const seeded = await seedRoutingLoad(database.db, { agents: 2, queues: 2, conversations: 30, customers: 10 });
      agent = seeded.agentIds[0]!;
    });
    afterAll(() => database?.close());

    it('reads once per change for every user, and again after the next change', async () => {
      const db = convDb(database.db);
      let reads = 0;
      const counting = new Proxy(db, { get: (t, k, r) => (k === 'selectFrom' ? (...a: unknown[]) => (reads++, (t.selectFrom as (...x: unknown[]) => unknown)(...a)) : Reflect.get(t, k, r)) });
      const live = new InboxCountsAfterChange(counting as typeof db);
      live.changed();
      const [mine, shared] = await Promise.all([live.counts(agent), live.counts(null)]);
      expect(reads).toBe(1);
      expect(shared).toEqual(await readInboxCounts(db, null));
      expect(mine.mine).toBe(0);
      expect(shared.unassigned).toBe(30);

      const one = await db.selectFrom('conversations').select('id').limit(1).executeTakeFirstOrThrow();
      await db.updateTable('conversations').set({ assignee_id: agent }).where('id', '=', one.id).execute();
      expect((await live.counts(agent)).mine).toBe(0); // not announced yet: the shared read stands
      live.changed();
      const after = await live.counts(agent);
      expect(reads).toBe(2);
      expect(after.mine).toBe(1);
      expect(after.unassigned).toBe(29);
    });

    it('a stream of changes (routing claims) costs a few recounts, not one per change, and the last count follows the last change', async () => {
      const db = convDb(database.db);
      let reads = 0;
      const counting = new Proxy(db, { get: (t, k, r) => (k === 'selectFrom' ? (...a: unknown[]) => (reads++, (t.selectFrom as (...x: unknown[]) => unknown)(...a)) : Reflect.get(t, k, r)) });
      const live = new InboxCountsAfterChange(counting as typeof db, 200);
      const ids = (await db.selectFrom('conversations').select('id').where('assignee_id', 'is', null).orderBy('id').limit(20).execute()).map((r) => r.id);
      const mineBefore = (await readInboxCounts(db, agent)).mine;
      const pushed: Promise<number>[] = [];
      // 20 claims 5 ms apart, each announced and followed by its push's count read (not awaited before the next).
      for (const id of ids) {
        await db.updateTable('conversations').set({ assignee_id: agent }).where('id', '=', id).execute();
        live.changed();
        pushed.push(live.counts(agent).then((c) => c.mine));
        await new Promise((r) => setTimeout(r, 5));
      }
      const seen = await Promise.all(pushed);
      expect(reads).toBeLessThanOrEqual(4);
      expect(seen[seen.length - 1]).toBe(mineBefore + ids.length);
      // Every count was read after the change it follows.
      seen.forEach((mine, i) => expect(mine).toBeGreaterThanOrEqual(mineBefore + i + 1));
    });

    // Run after every change: it must be answered from an index alone, never by visiting conversation rows.
    // SQLite only (skipped on PostgreSQL): it reads SQLite's EXPLAIN QUERY PLAN; PostgreSQL's planner may rightly
    // choose a sequential scan on a 30-row test table, so its plan proves nothing at this size.
    it.runIf(dialect === 'sqlite')('reads the counts from a covering index (SQLite plan)', async () => {
      if (database.raw.dialect !== 'sqlite') return;
      const compiled = countRowsQuery(convDb(database.db)).compile();
      const plan = (database.raw.sqlite.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toMatch(/COVERING INDEX conversations_counts/);
    });
  });
}
