import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../shared/index.js';
import { collectMigrations } from '../storage/migrations.js';
import type { Db } from '../storage/schema.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import { GENESIS_HASH, verifyAuditChain } from './audit-chain.js';
import { appendAudit, recordAudit } from './audit-log.js';
import { allowAuditChanges } from './migrations.js';

/*
 * The chain proves the log: rows appended in transactions verify; an UPDATE or DELETE is refused by
 * the database; and once someone with database access removes that guard, any change, deletion or
 * reordering is named by verify (the row where the chain first breaks).
 */
const agent: Actor = { kind: 'user', userId: 'usr_agent', role: 'agent', email: 'agent@x.com', permissions: [] };

async function appendMany(db: Db, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    await recordAudit(db, { atUs: 1_000_000 + i, actor: i % 2 ? agent : systemActor('import'), action: 'customer.view', subject: { type: 'customer', id: `cus_${tag}${i}` }, payload: { i, tag } });
  }
}

async function seqs(db: Db): Promise<{ id: string; seq: number }[]> {
  return (await db.selectFrom('audit_log').select(['id', 'seq']).orderBy('seq').execute()).map((r) => ({ id: r.id, seq: Number(r.seq) }));
}

describe.each(testDialects())('audit chain on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function open(): Promise<Db> {
    database = await openTestDatabase(dialect);
    return database.db;
  }

  it('verifies an empty log and a log of appended rows; each row names the hash of the one before', async () => {
    const db = await open();
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 0, head: null, broken: null });
    await appendMany(db, 5, 'a');
    // Several rows in one transaction chain too.
    await db.transaction().execute(async (tx) => {
      await appendAudit(tx, { atUs: 5, actor: agent, action: 'merge', subject: { type: 'customer', id: 'cus_x' }, relatedId: 'cus_y', payload: { reason: 'same' } });
      await appendAudit(tx, { atUs: 6, actor: { kind: 'anonymous' }, action: 'auth.login.failed', subject: { type: 'login', id: 'acct_1' }, payload: {} });
    });
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(rows[6]!.actor_kind).toBe('anonymous');
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 7, head: rows[6]!.hash, broken: null });
  });

  it('refuses UPDATE and DELETE on audit rows', async () => {
    const db = await open();
    await appendMany(db, 2, 'g');
    await expect(db.updateTable('audit_log').set({ payload: '{}' }).where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('names the changed row when a payload is edited behind the guard', async () => {
    const db = await open();
    await appendMany(db, 6, 'p');
    await allowAuditChanges(db, dialect);
    const third = (await seqs(db))[2]!;
    await db.updateTable('audit_log').set({ payload: JSON.stringify({ i: 2, tag: 'forged' }) }).where('id', '=', third.id).execute();
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(false);
    expect(report.broken).toMatchObject({ seq: 3, id: third.id, reason: expect.stringMatching(/changed/) });
    expect(report.rows).toBe(2);
  });

  it('names the row after a deleted one, and a re-chained forgery still breaks at the next row', async () => {
    const db = await open();
    await appendMany(db, 6, 'd');
    await allowAuditChanges(db, dialect);
    const before = await seqs(db);
    await db.deleteFrom('audit_log').where('id', '=', before[3]!.id).execute();
    const report = await verifyAuditChain(db);
    expect(report.broken).toMatchObject({ seq: 5, id: before[4]!.id, reason: expect.stringMatching(/missing/) });
    // Renumbering to hide the gap: the prev-hash of the row after the gap no longer matches.
    await db.updateTable('audit_log').set((eb) => ({ seq: eb('seq', '-', 1) })).where('seq', '>', 4).execute();
    const renumbered = await verifyAuditChain(db);
    expect(renumbered.broken).toMatchObject({ seq: 4, id: before[4]!.id, reason: expect.stringMatching(/previous-hash/) });
  });

  it('names the first row out of place when two rows swap positions', async () => {
    const db = await open();
    await appendMany(db, 5, 'r');
    await allowAuditChanges(db, dialect);
    const before = await seqs(db);
    // Swap seq 2 and 4 (through a free value: seq is unique).
    await db.updateTable('audit_log').set({ seq: 1000 }).where('id', '=', before[1]!.id).execute();
    await db.updateTable('audit_log').set({ seq: 2 }).where('id', '=', before[3]!.id).execute();
    await db.updateTable('audit_log').set({ seq: 4 }).where('id', '=', before[1]!.id).execute();
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(false);
    expect(report.broken).toMatchObject({ seq: 2, id: before[3]!.id });
  });

  it('0017 chains the rows written before it, in the order they happened', async () => {
    database = await openTestDatabase(dialect);
    const d = database;
    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(d.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: d.db, provider: { getMigrations: async () => collectMigrations(dialect) }, ...(schema ? { migrationTableSchema: schema } : {}) });
    const names = Object.keys(collectMigrations(dialect));
    const previous = names.filter((n) => n < '0017')!.at(-1)!;
    expect((await migrator.migrateTo(previous)).error).toBeUndefined();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const raw = d.db as any;
    const row = (id: string, atUs: number) => ({ id, at_us: atUs, actor_kind: 'system', actor_user_id: null, actor_name: 'gone@x.com', action: 'merge', subject_type: 'customer', subject_id: 'cus_a', related_id: 'cus_b', payload: '{"reason":null}' });
    await raw.insertInto('audit_log').values([row('aud_b', 2_000), row('aud_a', 3_000), row('aud_c', 1_000), row('aud_d', 2_000)]).execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect((await seqs(d.db)).map((r) => r.id)).toEqual(['aud_c', 'aud_b', 'aud_d', 'aud_a']);
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true, rows: 4 });
    // New rows continue the chain.
    await recordAudit(d.db, { atUs: 4_000, actor: agent, action: 'undo', subject: { type: 'customer', id: 'cus_b' }, payload: {} });
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true, rows: 5 });
    // And down again leaves the table as 0013 made it (guard and chain columns gone).
    expect((await migrator.migrateTo(previous)).error).toBeUndefined();
    await raw.deleteFrom('audit_log').where('id', '=', 'aud_a').execute();
  });

  it('parallel appenders on one hub take turns: one chain, no gap, no fork', async () => {
    const db = await open();
    await Promise.all(Array.from({ length: 6 }, (_, w) => appendMany(db, 5, `w${w}-`)));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 30 });
  });

  // PostgreSQL only (skipped on SQLite): two hub processes share a database only there; an SQLite file belongs to one hub.
  it.runIf(dialect === 'postgres')('two hubs appending at once produce one valid chain', async () => {
    const db = await open();
    const other = await database!.openAnother();
    try {
      const writer = (on: Db, tag: string) => Promise.all(Array.from({ length: 4 }, (_, w) => appendMany(on, 10, `${tag}${w}-`)));
      await Promise.all([writer(db, 'h1'), writer(other.db, 'h2')]);
    } finally {
      await other.close();
    }
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, rows: 80 });
    expect((await seqs(db)).map((r) => r.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });
});


