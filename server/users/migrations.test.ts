import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SqlAuthService } from '../auth/auth-service.js';
import { collectMigrations } from '../storage/migrations.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import { hashPassword } from '../auth/passwords.js';

/* 0016 on a database with users from before it: they stay active, keep their password and are not forced to change it. */
describe.each(testDialects())('users migration 0016 on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('existing users stay active and sign in as before; down and up again work', async () => {
    database = await openTestDatabase(dialect);
    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(database.db)).rows[0]!.s : undefined;
    const m = new Migrator({ db: database.db, provider: { getMigrations: async () => collectMigrations(dialect) }, ...(schema ? { migrationTableSchema: schema } : {}) });
    expect((await m.migrateTo('0015_sessions_and_login_throttle')).error).toBeUndefined();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = database.db as any;
    await db.insertInto('users').values({ id: 'usr_old', email: 'old@x.com', name: 'Old Admin', role: 'admin', password_hash: await hashPassword('old-password'), created_at_us: 1 }).execute();
    expect((await m.migrateTo('0016_users_active_and_teams')).error).toBeUndefined();
    const session = await new SqlAuthService(database.db).login('old@x.com', 'old-password');
    expect(session?.passwordChangeRequired).toBe(false);
    expect(await db.selectFrom('users').select(['active', 'deactivated_at_us']).where('id', '=', 'usr_old').executeTakeFirst()).toEqual({ active: 1, deactivated_at_us: null });
    expect((await m.migrateTo('0015_sessions_and_login_throttle')).error).toBeUndefined();
    expect((await m.migrateTo('0016_users_active_and_teams')).error).toBeUndefined();
    expect((await db.selectFrom('teams').selectAll().execute()).length).toBe(0);
  });
});
