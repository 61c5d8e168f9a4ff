import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../shared/index.js';
import type { Schema } from '../storage/schema.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import { pgSeqScansOver } from '../testing/query-plans.js';
import { appendAudit } from './audit-log.js';
import { customerViewers, listAudit } from './audit-reader.js';

/*
 * The audit log only grows: its reads must reach rows by index, never scan and sort the whole log.
 * SQLite's EXPLAIN QUERY PLAN for every statement the readers send (captured through a logging Kysely on
 * the same connection); a full scan of audit_log or a sort of it fails the test. PostgreSQL: EXPLAIN ANALYZE
 * of the same statements, judged by the rows a Seq Scan of audit_log actually read.
 */

async function seed(database: TestDatabase): Promise<void> {
  await database.db.insertInto('users').values({ id: 'usr_audit_plan', email: 'plan@x.com', name: 'Plan', role: 'lead', password_hash: 'x', created_at_us: 1 }).execute();
  const user = { kind: 'user' as const, userId: 'usr_audit_plan', role: 'lead' as const, email: 'plan@x.com', permissions: [] };
  await database.db.transaction().execute(async (tx) => {
    for (let i = 0; i < 3000; i++) {
      await appendAudit(tx, { atUs: i, actor: i % 7 ? systemActor('test') : user, action: i % 3 ? 'customer.view' : 'merge', subject: { type: 'customer', id: `cus_${i % 500}` }, relatedId: i % 3 ? null : `cus_${(i + 1) % 500}`, payload: {} });
    }
  });
}

const FILTERS = [
  ['the newest page', {}],
  ['a page further back', { before: '1500' }],
  ['one action', { action: 'merge' }],
  ['one user', { actor: 'usr_audit_plan' }],
  ['one system actor', { actor: 'test' }],
  ['one customer', { customerId: 'cus_7' }],
] as const;
describe('audit reads use indexes (SQLite)', () => {
  let database: TestDatabase;
  let logged: CompiledQuery[] = [];
  let db: Kysely<Schema>;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    await seed(database);
    if (database.raw.dialect !== 'sqlite') throw new Error('sqlite expected');
    database.raw.sqlite.exec('analyze');
    db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: database.raw.sqlite }), log: (e) => void logged.push(e.query) });
  });
  afterAll(async () => {
    await database?.close();
  });

  function plansOfLogged(): string[] {
    if (database.raw.dialect !== 'sqlite') return [];
    const sqlite = database.raw.sqlite;
    const plans = logged
      .filter((q) => q.sql.includes('"audit_log"'))
      .map((q) => (sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join(' | '));
    logged = [];
    return plans;
  }

  it.each(FILTERS.filter(([name]) => name !== 'one customer'))('%s: walks an index in page order', async (_name, filters) => {
    await listAudit(db, { limit: 50, ...filters });
    const plans = plansOfLogged();
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) {
      expect(p).toMatch(/SEARCH a USING INDEX audit_log_(seq|action_seq|actor_user_seq|actor_name_seq) /);
      expect(p).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });

  it("one customer: by the subject and related indexes (sorting only that customer's rows)", async () => {
    await listAudit(db, { limit: 50, customerId: 'cus_7' });
    for (const p of plansOfLogged()) {
      expect(p).toMatch(/audit_log_subject/);
      expect(p).not.toMatch(/SCAN a(?! USING)|SCAN audit_log(?! USING)/);
    }
  });

  it('who viewed a customer', async () => {
    await customerViewers(db, 'cus_7');
    for (const p of plansOfLogged()) expect(p).not.toMatch(/SCAN a(?! USING)|SCAN audit_log(?! USING)/);
  });
});

// Skipped without DATABASE_URL (no PostgreSQL to explain against); runs in the PostgreSQL pass of .ci/run.
describe.runIf(testDialects().includes('postgres'))('audit reads use indexes (PostgreSQL)', () => {
  let database: TestDatabase;
  let logged: CompiledQuery[] = [];
  let db: Kysely<Schema>;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await seed(database);
    if (database.raw.dialect !== 'postgres') throw new Error('postgres expected');
    await database.raw.pool.query('analyze audit_log');
    db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: database.raw.pool }), log: (e) => void logged.push(e.query) });
  });
  afterAll(async () => {
    // The logging Kysely shares the pool: closing the test database ends it.
    await database?.close();
  });

  it.each([...FILTERS, ['who viewed a customer', null] as const])('%s: no scan of the whole log', async (_name, filters) => {
    if (filters) await listAudit(db, { limit: 50, ...filters });
    else await customerViewers(db, 'cus_7');
    if (database.raw.dialect !== 'postgres') return;
    const statements = logged.filter((q) => q.sql.includes('"audit_log"'));
    logged = [];
    expect(statements.length).toBeGreaterThan(0);
    for (const q of statements) expect(await pgSeqScansOver(database.raw.pool, q.sql, q.parameters, ['audit_log'], 200)).toEqual([]);
  });
});
