import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { collectMigrations } from '../storage/migrations.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import { readAudit } from '../merges/audit.js';

/*
 * 0013 converts the merge-only audit rows (actor = an email string) into the general shape
 * (actor user id, subject, payload). The console must still show who did it: the reader joins users.
 */
describe.each(testDialects())('audit_log migration 0013 on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function migrator(d: TestDatabase): Promise<Migrator> {
    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(d.db)).rows[0]!.s : undefined;
    return new Migrator({ db: d.db, provider: { getMigrations: async () => collectMigrations(dialect) }, ...(schema ? { migrationTableSchema: schema } : {}) });
  }

  it('converts existing rows: a user by id (joined back to the email), anything else as a named system actor', async () => {
    database = await openTestDatabase(dialect);
    const m = await migrator(database);
    const down = await m.migrateTo('0012_customer_stats');
    expect(down.error).toBeUndefined();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = database.db as any;
    await db.insertInto('users').values({ id: 'usr_1', email: 'agent@x.com', name: 'Agent', role: 'agent', password_hash: 'x', created_at_us: 1 }).execute();
    await db
      .insertInto('audit_log')
      .values([
        { id: 'aud_1', at_us: 1_000_000, actor: 'agent@x.com', action: 'merge', merge_id: 'mrg_1', customer_id: 'cus_a', other_id: 'cus_b', reason: 'same person' },
        { id: 'aud_2', at_us: 2_000_000, actor: 'gone@x.com', action: 'undo', merge_id: 'mrg_1', customer_id: 'cus_b', other_id: 'cus_a', reason: null },
      ])
      .execute();

    const up = await m.migrateToLatest();
    expect(up.error).toBeUndefined();
    const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.actor_kind, r.actor_user_id, r.actor_name, r.action, r.subject_type, r.subject_id, r.related_id, JSON.parse(r.payload)])).toEqual([
      ['aud_1', 'user', 'usr_1', null, 'merge', 'customer', 'cus_a', 'cus_b', { mergeId: 'mrg_1', otherId: 'cus_b', reason: 'same person' }],
      ['aud_2', 'system', null, 'gone@x.com', 'undo', 'customer', 'cus_b', 'cus_a', { mergeId: 'mrg_1', otherId: 'cus_a', reason: null }],
    ]);
    // Both sides of the merge still find both rows, newest first, naming the actor as before.
    for (const id of ['cus_a', 'cus_b']) {
      expect((await readAudit(database.db, id, 10)).map((e) => [e.id, e.actor, e.action, e.mergeId, e.customerId, e.otherId, e.reason])).toEqual([
        ['aud_2', 'gone@x.com', 'undo', 'mrg_1', 'cus_b', 'cus_a', null],
        ['aud_1', 'agent@x.com', 'merge', 'mrg_1', 'cus_a', 'cus_b', 'same person'],
      ]);
    }

    // And back: down restores the old columns with the same content.
    expect((await m.migrateTo('0012_customer_stats')).error).toBeUndefined();
    const old = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(old.map((r: Record<string, unknown>) => [r['id'], r['actor'], r['merge_id'], r['customer_id'], r['other_id'], r['reason']])).toEqual([
      ['aud_1', 'agent@x.com', 'mrg_1', 'cus_a', 'cus_b', 'same person'],
      ['aud_2', 'gone@x.com', 'mrg_1', 'cus_b', 'cus_a', null],
    ]);
  });
});
