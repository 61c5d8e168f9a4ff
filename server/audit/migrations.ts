import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { GENESIS_HASH, rowHash, type ChainedFields } from './audit-chain.js';

/*
 * 0017: the audit log becomes a hash chain (seq, prev_hash, hash; server/audit/audit-chain.ts) and
 * append-only. Rows written before (merges and undos, converted by 0013) are chained in the order they
 * happened (at_us, then id). Nothing updates or deletes audit rows (merge undo data lives in
 * `merges.moved`), so UPDATE, DELETE (and TRUNCATE on PostgreSQL) raise an error from here on.
 * Names are the database's record of what ran: never rename one.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

async function backfillChain(db: AnyDb): Promise<void> {
  const rows = (await db.selectFrom('audit_log').selectAll().orderBy('at_us').orderBy('id').execute()) as Omit<ChainedFields, 'seq'>[];
  let prevHash = GENESIS_HASH;
  let seq = 0;
  for (const r of rows) {
    seq++;
    const hash = rowHash({ ...r, seq }, prevHash);
    await db.updateTable('audit_log').set({ seq, prev_hash: prevHash, hash }).where('id', '=', r.id).execute();
    prevHash = hash;
  }
}

const APPEND_ONLY = 'audit_log is append-only';

async function blockChanges(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql.raw(`create trigger audit_log_no_update before update on audit_log begin select raise(abort, '${APPEND_ONLY}'); end`).execute(db);
    await sql.raw(`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, '${APPEND_ONLY}'); end`).execute(db);
    return;
  }
  await sql
    .raw(
      `create or replace function audit_log_append_only() returns trigger language plpgsql as $$
       begin raise exception '${APPEND_ONLY} (% refused)', tg_op using errcode = 'restrict_violation'; end $$`,
    )
    .execute(db);
  await sql.raw('create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()').execute(db);
  await sql.raw('create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()').execute(db);
}

/** Removes the append-only guard (the 0017 down; tests use it to play someone with database access). */
export async function allowAuditChanges(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql.raw('drop trigger if exists audit_log_no_update').execute(db);
    await sql.raw('drop trigger if exists audit_log_no_delete').execute(db);
    return;
  }
  await sql.raw('drop trigger if exists audit_log_no_change on audit_log').execute(db);
  await sql.raw('drop trigger if exists audit_log_no_truncate on audit_log').execute(db);
  await sql.raw('drop function if exists audit_log_append_only()').execute(db);
}

export function auditMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0017_audit_chain': {
      async up(db: AnyDb) {
        await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute();
        await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
        await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
        await backfillChain(db);
        // One row per position: a second hub that skipped the lock would fail here rather than fork the chain.
        await db.schema.createIndex('audit_log_seq').unique().on('audit_log').column('seq').execute();
        // GET /api/v1/audit?action=… pages by seq.
        await db.schema.createIndex('audit_log_action_seq').on('audit_log').columns(['action', 'seq']).execute();
        // …?actor= pages by seq too: a user's rows, or a system actor's.
        await db.schema.createIndex('audit_log_actor_user_seq').on('audit_log').columns(['actor_user_id', 'seq']).execute();
        await db.schema.createIndex('audit_log_actor_name_seq').on('audit_log').columns(['actor_name', 'seq']).execute();
        await blockChanges(db, dialect);
      },
      async down(db: AnyDb) {
        await allowAuditChanges(db, dialect);
        await db.schema.dropIndex('audit_log_actor_name_seq').ifExists().execute();
        await db.schema.dropIndex('audit_log_actor_user_seq').ifExists().execute();
        await db.schema.dropIndex('audit_log_action_seq').ifExists().execute();
        await db.schema.dropIndex('audit_log_seq').ifExists().execute();
        await db.schema.alterTable('audit_log').dropColumn('hash').execute();
        await db.schema.alterTable('audit_log').dropColumn('prev_hash').execute();
        await db.schema.alterTable('audit_log').dropColumn('seq').execute();
      },
    },
  };
}
