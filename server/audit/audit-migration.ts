import { sql, type Kysely } from 'kysely';

/*
 * 0013: audit_log becomes a general shape (actor kind + user id, action, subject, payload) instead of
 * merge columns and an email string. Existing rows are converted: an actor string that is a user's
 * email becomes that user's id (the reader joins users again for the console); any other string
 * ('system', a deleted user's email) is kept as a system actor's name. Merge rows keep mergeId,
 * otherId and reason in the payload; their undo data lives in `merges.moved` and is untouched.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

interface OldRow {
  id: string;
  at_us: number | string;
  actor: string;
  action: string;
  merge_id: string | null;
  customer_id: string | null;
  other_id: string | null;
  reason: string | null;
}

async function createAuditTable(db: AnyDb, name: string): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at_us', 'bigint', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('related_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
}

export async function upGeneralAudit(db: AnyDb): Promise<void> {
  await createAuditTable(db, 'audit_log_v2');
  const users = new Map((await db.selectFrom('users').select(['id', 'email']).execute()).map((u: { id: string; email: string }) => [u.email.toLowerCase(), u.id]));
  const old = (await db.selectFrom('audit_log').selectAll().execute()) as OldRow[];
  const rows = old.map((r) => {
    const userId = users.get(r.actor.toLowerCase()) ?? null;
    return {
      id: r.id,
      at_us: Number(r.at_us),
      actor_kind: userId ? 'user' : 'system',
      actor_user_id: userId,
      actor_name: userId ? null : r.actor,
      action: r.action,
      subject_type: 'customer',
      subject_id: r.customer_id ?? '',
      related_id: r.other_id,
      payload: JSON.stringify({ mergeId: r.merge_id, otherId: r.other_id, reason: r.reason }),
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('audit_log_v2').values(rows.slice(i, i + 500)).execute();
  await db.schema.dropTable('audit_log').execute();
  await db.schema.alterTable('audit_log_v2').renameTo('audit_log').execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject_type', 'subject_id']).execute();
  await db.schema.createIndex('audit_log_related').on('audit_log').column('related_id').where(sql.ref('related_id'), 'is not', null).execute();
  await db.schema.createIndex('audit_log_actor_user').on('audit_log').column('actor_user_id').where(sql.ref('actor_user_id'), 'is not', null).execute();
}

export async function downGeneralAudit(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('audit_log_v1')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at_us', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('merge_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('other_id', 'text')
    .addColumn('reason', 'text')
    .execute();
  const emails = new Map((await db.selectFrom('users').select(['id', 'email']).execute()).map((u: { id: string; email: string }) => [u.id, u.email]));
  const rows = (await db.selectFrom('audit_log').selectAll().execute()) as { id: string; at_us: number | string; actor_user_id: string | null; actor_name: string | null; action: string; subject_id: string; related_id: string | null; payload: string }[];
  const v1 = rows.map((r) => {
    const p = JSON.parse(r.payload) as { mergeId?: string | null; reason?: string | null };
    return {
      id: r.id,
      at_us: Number(r.at_us),
      actor: (r.actor_user_id ? emails.get(r.actor_user_id) : null) ?? r.actor_name ?? 'system',
      action: r.action,
      merge_id: p.mergeId ?? null,
      customer_id: r.subject_id,
      other_id: r.related_id,
      reason: p.reason ?? null,
    };
  });
  for (let i = 0; i < v1.length; i += 500) await db.insertInto('audit_log_v1').values(v1.slice(i, i + 500)).execute();
  await db.schema.dropTable('audit_log').execute();
  await db.schema.alterTable('audit_log_v1').renameTo('audit_log').execute();
  await db.schema.createIndex('audit_log_merge').on('audit_log').column('merge_id').execute();
  await db.schema.createIndex('audit_log_customer').on('audit_log').column('customer_id').execute();
}
