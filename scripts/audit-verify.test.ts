import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../shared/index.js';
import { recordAudit } from '../server/audit/audit-log.js';
import { allowAuditChanges } from '../server/audit/migrations.js';
import { openDatabase } from '../server/storage/open-database.js';
import { freshPostgresSchema, testDialects } from '../server/storage/test-database.js';
import { tempDataDir } from '../server/testing/fixtures.js';
import { parseVerifyArgs, runAuditVerify, type VerifyArgs } from './audit-verify.js';

/*
 * `npm run audit:verify` on the hub's own database: 0 on an intact trail, 1 naming the first broken row
 * after someone edits, deletes or reorders rows behind the append-only guard.
 */
describe.each(testDialects())('audit:verify on %s', (dialect) => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function target(): Promise<VerifyArgs> {
    if (dialect === 'postgres') {
      const s = await freshPostgresSchema('audit');
      cleanups.push(() => s.drop());
      return { dataDir: '/nonexistent', databaseUrl: s.url };
    }
    const d = tempDataDir('audit');
    cleanups.push(() => d.remove());
    return { dataDir: d.dir };
  }

  /** Writes `n` rows, then runs `tamper` with the guard removed; returns the ids in chain order. */
  async function seed(args: VerifyArgs, n: number, tamper?: (ids: string[], db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<void>): Promise<string[]> {
    const database = await openDatabase(args);
    try {
      for (let i = 0; i < n; i++) await recordAudit(database.db, { atUs: 1_000 + i, actor: systemActor('test'), action: 'customer.view', subject: { type: 'customer', id: `cus_${i}` }, payload: { i } });
      const ids = (await database.db.selectFrom('audit_log').select('id').orderBy('seq').execute()).map((r) => r.id);
      if (tamper) {
        await allowAuditChanges(database.db, dialect);
        await tamper(ids, database.db);
      }
      return ids;
    } finally {
      await database.close();
    }
  }

  async function verify(args: VerifyArgs): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await runAuditVerify(args, (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  }

  it('exits 0 on an intact trail', async () => {
    const args = await target();
    await seed(args, 4);
    const r = await verify(args);
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/intact.*4 rows/) });
  });

  it('exits 1 naming the edited row', async () => {
    const args = await target();
    const ids = await seed(args, 4, (ids, db) => db.updateTable('audit_log').set({ payload: '{"i":99}' }).where('id', '=', ids[1]!).execute().then(() => undefined));
    const r = await verify(args);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`at row ${ids[1]} (sequence 2)`);
  });

  it('exits 1 naming the row after a deleted one', async () => {
    const args = await target();
    const ids = await seed(args, 4, (ids, db) => db.deleteFrom('audit_log').where('id', '=', ids[1]!).execute().then(() => undefined));
    const r = await verify(args);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`at row ${ids[2]} (sequence 3)`);
  });

  it('exits 1 when two rows swap places', async () => {
    const args = await target();
    const ids = await seed(args, 4, async (ids, db) => {
      await db.updateTable('audit_log').set({ seq: 100 }).where('id', '=', ids[0]!).execute();
      await db.updateTable('audit_log').set({ seq: 1 }).where('id', '=', ids[1]!).execute();
      await db.updateTable('audit_log').set({ seq: 2 }).where('id', '=', ids[0]!).execute();
    });
    const r = await verify(args);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`at row ${ids[1]} (sequence 1)`);
  });

  it('exits 1 when the newest rows were cut off and an earlier head is given', async () => {
    const args = await target();
    await seed(args, 3);
    const first = await verify(args);
    const head = /head ([0-9a-f]{64})/.exec(first.out)![1]!;
    expect(await verify({ ...args, head })).toMatchObject({ code: 0 });
    await seed(args, 1, (ids, db) => db.deleteFrom('audit_log').where('id', 'in', ids.slice(-2)).execute().then(() => undefined));
    // Without the head the shorter chain still verifies; with it the cut shows.
    expect((await verify(args)).code).toBe(0);
    const cut = await verify({ ...args, head });
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(/at the end: the head noted earlier .* is no longer in the chain/);
  });

  it.runIf(dialect === 'sqlite')('runs as `npm run audit:verify` with the exit code', async () => {
    const args = await target();
    await seed(args, 2, (ids, db) => db.updateTable('audit_log').set({ action: 'undo' }).where('id', '=', ids[0]!).execute().then(() => undefined));
    const run = promisify(execFile);
    const failed = await run('npm', ['run', '--silent', 'audit:verify', '--', '--data-dir', args.dataDir], { env: { ...process.env, DATABASE_URL: '' } }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
    expect(failed.code, `${failed.stdout}\n${failed.stderr}`).toBe(1);
    expect(failed.stdout).toMatch(/BROKEN .*\(sequence 1\)/);
  }, 60_000);
});

describe('audit:verify arguments', () => {
  it('reads --data-dir and --database-url, falling back to the environment', () => {
    expect(parseVerifyArgs(['--data-dir', '/tmp/x'], {})).toEqual({ dataDir: '/tmp/x' });
    expect(parseVerifyArgs([], { DATABASE_URL: 'postgres://h/db', OMNI_DATA_DIR: '/d' })).toEqual({ dataDir: '/d', databaseUrl: 'postgres://h/db' });
    expect(() => parseVerifyArgs(['--nope'], {})).toThrow(/unknown argument/);
    expect(parseVerifyArgs(['--head', 'a'.repeat(64)], { OMNI_DATA_DIR: '/d' })).toEqual({ dataDir: '/d', head: 'a'.repeat(64) });
    expect(() => parseVerifyArgs(['--head', 'xyz'], {})).toThrow(/64-character/);
  });
});
