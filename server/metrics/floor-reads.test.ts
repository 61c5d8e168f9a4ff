import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import { seedRoutingLoad } from '../routing/seed-load.js';
import { backlogQuery, heldQuery, readAgents, readBacklog } from './floor-reads.js';
import type { MetricsDb } from './tables.js';

/* The floor's backlog: waiting conversations counted by SLA state per queue and channel, from an index alone. */
for (const dialect of testDialects()) {
  describe(`floor backlog (${dialect})`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      const seeded = await seedRoutingLoad(database.db, { agents: 2, queues: 2, conversations: 40, customers: 10 });
      // Some work held: five open conversations with the first agent, three with the second.
      const db = database.db as unknown as MetricsDb;
      const open = await db.selectFrom('conversations').select('id').where('status', '=', 'open').orderBy('id').limit(8).execute();
      for (const [i, c] of open.entries()) await db.updateTable('conversations').set({ assignee_id: seeded.agentIds[i < 5 ? 0 : 1]! }).where('id', '=', c.id).execute();
    });
    afterAll(() => database?.close());

    it('counts every waiting open conversation once, split by its nearest deadline', async () => {
      const db = database.db as unknown as MetricsDb;
      const waiting = await db.selectFrom('conversations').select(['sla_due_us']).where('status', '=', 'open').where('waiting_since_us', 'is not', null).execute();
      expect(waiting.length).toBeGreaterThan(0);
      const nowUs = Math.max(...waiting.map((w) => Number(w.sla_due_us ?? 0)));
      const backlog = await readBacklog(db, nowUs);
      const totals = [...backlog.values()].reduce((t, b) => ({ n: t.n + b.onTrack + b.atRisk + b.breached, breached: t.breached + b.breached }), { n: 0, breached: 0 });
      const withDeadline = waiting.filter((w) => w.sla_due_us !== null);
      expect(totals.n).toBe(withDeadline.length);
      expect(totals.breached).toBe(withDeadline.length);
    });

    // Read every few seconds by every hub: never by visiting conversation rows. Skipped on PostgreSQL (the
    // DATABASE_URL pass): its planner may rightly choose a sequential scan on a 40-row test table, so its plan proves
    // nothing here; runs on SQLite in the default pass.
    it.runIf(dialect === 'sqlite')('backlog and held work are answered from the covering backlog index (SQLite plan)', async () => {
      if (database.raw.dialect !== 'sqlite') return;
      for (const query of [backlogQuery(database.db as unknown as MetricsDb, Date.now() * 1000), heldQuery(database.db as unknown as MetricsDb)]) {
        const compiled = query.compile();
        const plan = (database.raw.sqlite.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join(' | ');
        expect(plan).toMatch(/COVERING INDEX conversations_backlog/);
        expect(plan).not.toMatch(/TEMP B-TREE/);
      }
    });

    it('counts the open work each agent holds, as one by one would', async () => {
      const db = database.db as unknown as MetricsDb;
      const open = await db.selectFrom('conversations').select(['assignee_id']).where('status', '=', 'open').where('assignee_id', 'is not', null).execute();
      expect(open.length).toBeGreaterThan(0);
      const byAgent = new Map<string, number>();
      for (const c of open) byAgent.set(c.assignee_id!, (byAgent.get(c.assignee_id!) ?? 0) + 1);
      const agents = await readAgents(db);
      expect([...byAgent.values()].sort()).toEqual([3, 5]);
      for (const [userId, n] of byAgent) expect(agents.find((a) => a.userId === userId)?.held).toBe(n);
    });
  });
}
