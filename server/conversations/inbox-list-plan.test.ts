import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userActor, type ConversationListQuery } from '../../shared/index.js';
import type { CustomerQueries } from '../domain.js';
import { seedRoutingLoad } from '../routing/seed-load.js';
import type { Schema } from '../storage/schema.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import { pgSeqScansOver } from '../testing/query-plans.js';
import { listConversations } from './inbox-list.js';
import { convDb, type ConvDb } from './tables.js';

/*
 * Inbox pages are read on every console open and scroll, over the whole open work (100k at the issue's scale): each
 * page must walk an inbox index in page order per status arm, cut at the page size, never scan conversations (or
 * events). SQLite: EXPLAIN QUERY PLAN of each statement the page sends (captured through a logging Kysely on the same
 * connection). The only sort allowed is the merge of the arms' cut rows (at most the page size plus one per arm:
 * SQLite cannot know a subquery's rows come out ordered). PostgreSQL: EXPLAIN ANALYZE, judged by rows a Seq Scan read.
 */

const VIEWS = ['mine', 'unassigned', 'queue', 'all'] as const;
const noCustomers = { resolveId: (_actor: unknown, id: string) => Promise.resolve(id) } as unknown as CustomerQueries;

async function seed(database: TestDatabase) {
  const load = await seedRoutingLoad(database.db, { agents: 6, queues: 4, conversations: 3000, customers: 400 });
  const db = convDb(database.db);
  // Spread the work: some pending, a third assigned (the first agent holds several pages), deadlines that differ.
  await db.updateTable('conversations').set({ status: 'pending' }).where('id', 'like', '%5').execute();
  await db.updateTable('conversations').set({ assignee_id: load.agentIds[0]! }).where('id', 'like', '%0').execute();
  await db.updateTable('conversations').set({ assignee_id: load.agentIds[1]! }).where('id', 'like', '%3').execute();
  await db.updateTable('conversations').set({ status: 'solved' }).where('id', 'like', '%7').execute();
  return load;
}

/** Every view's first page and the page after it, as the agent: returns the SQL each sent. */
async function pageStatements(db: ConvDb, logged: CompiledQuery[], agentId: string, queueId: string): Promise<[string, CompiledQuery][]> {
  const actor = userActor({ id: agentId, email: 'plan@x.com', name: 'Plan', role: 'agent' } as Parameters<typeof userActor>[0]);
  const out: [string, CompiledQuery][] = [];
  for (const view of VIEWS) {
    const query = { view, limit: 50, ...(view === 'queue' ? { queue: queueId } : {}) } as ConversationListQuery;
    logged.length = 0;
    const first = await listConversations(db, actor, query, noCustomers);
    out.push(...logged.map((q) => [`${view} first`, q] as [string, CompiledQuery]));
    expect(first.nextCursor, `${view} has a next page`).not.toBeNull();
    logged.length = 0;
    await listConversations(db, actor, { ...query, before: first.nextCursor! }, noCustomers);
    out.push(...logged.map((q) => [`${view} next`, q] as [string, CompiledQuery]));
  }
  return out;
}

// Skipped when DATABASE_URL is set (that pass tests PostgreSQL only, below); runs in the default SQLite pass.
describe.runIf(testDialects().includes('sqlite'))('inbox pages walk an index (SQLite plan)', () => {
  let database: TestDatabase;
  const logged: CompiledQuery[] = [];
  let db: ConvDb;
  let load: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    load = await seed(database);
    if (database.raw.dialect !== 'sqlite') throw new Error('sqlite expected');
    database.raw.sqlite.exec('analyze');
    db = convDb(new Kysely<Schema>({ dialect: new SqliteDialect({ database: database.raw.sqlite }), log: (e) => void logged.push(e.query) }) as never);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('mine, unassigned, a queue and all, first and next pages: index searches, no scan, no sort before the cut', async () => {
    if (database.raw.dialect !== 'sqlite') return;
    const sqlite = database.raw.sqlite;
    const statements = await pageStatements(db, logged, load.agentIds[0]!, load.queueIds[0]!);
    expect(statements.map(([what]) => what)).toEqual(VIEWS.flatMap((v) => [`${v} first`, `${v} next`]));
    for (const [what, q] of statements) {
      const steps = sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
      const plan = steps.map((s) => s.detail).join(' | ');
      const arms = steps.filter((s) => /^SEARCH c USING INDEX conversations_(inbox|assignee|queue) \(/.test(s.detail));
      expect(arms.length, `${what}: one index walk per status arm: ${plan}`).toBe(2);
      if (what.endsWith('next')) for (const a of arms) expect(a.detail, `${what}: the cursor is a range of the walk`).toMatch(/\(sla_due_us,priority_rank,created_at_us,id\)>/);
      expect(plan, what).not.toMatch(/SCAN (c|conversations|events)(?! USING)/);
      expect(plan, what).not.toMatch(/SEARCH (c|conversations) USING INDEX conversations_counts/);
      // Sorts: only the merge of the arms' cut rows (one per arm), never one feeding an arm's walk.
      expect(steps.filter((s) => s.detail.includes('TEMP B-TREE')).length, `${what}: ${plan}`).toBeLessThanOrEqual(arms.length);
    }
  });
});

// Skipped without DATABASE_URL (no PostgreSQL to explain against); runs in the PostgreSQL pass of .ci/run.
describe.runIf(testDialects().includes('postgres'))('inbox pages walk an index (PostgreSQL)', () => {
  let database: TestDatabase;
  const logged: CompiledQuery[] = [];
  let db: ConvDb;
  let load: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    load = await seed(database);
    if (database.raw.dialect !== 'postgres') throw new Error('postgres expected');
    await database.raw.pool.query('analyze conversations');
    db = convDb(new Kysely<Schema>({ dialect: new PostgresDialect({ pool: database.raw.pool }), log: (e) => void logged.push(e.query) }) as never);
  });
  afterAll(async () => {
    // The logging Kysely shares the pool: closing the test database ends it.
    await database?.close();
  });

  it('mine, unassigned, a queue and all, first and next pages: no scan of the open work', async () => {
    if (database.raw.dialect !== 'postgres') return;
    const statements = await pageStatements(db, logged, load.agentIds[0]!, load.queueIds[0]!);
    expect(statements.length).toBe(VIEWS.length * 2);
    for (const [what, q] of statements) expect(await pgSeqScansOver(database.raw.pool, q.sql, q.parameters, ['conversations', 'events'], 300), what).toEqual([]);
  });
});
