import { PostgresAdapter, sql, type Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Actor, KnownAuditAction } from '../../shared/index.js';
import type { Db, Schema } from '../storage/schema.js';
import { GENESIS_HASH, rowHash, type ChainedFields } from './audit-chain.js';

/*
 * The audit log: who (an actor: a user by id, or a system actor by name) did what (action) to which
 * subject (type + id, plus an optional related id), with what (payload JSON). Append-only and
 * hash-chained (audit-chain.ts, migration 0017); the actions written are listed in docs/audit.md.
 */

/** Someone not signed in (a failed sign-in): no user id, nothing to name but the attempt. */
export interface AnonymousActor {
  kind: 'anonymous';
}

export interface NewAuditRow {
  atUs: number;
  actor: Actor | AnonymousActor;
  action: KnownAuditAction;
  subject: { type: string; id: string };
  /** A second subject the row names, e.g. the other customer of a merge (indexed like the subject). */
  relatedId?: string | null;
  payload: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  atUs: number;
  /** The user's email (joined by id), or the system actor's name. */
  actorLabel: string;
  actorKind: 'user' | 'system';
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  relatedId: string | null;
  payload: Record<string, unknown>;
}

/**
 * One row, written in the caller's transaction (so neither the change nor its record exists without the
 * other), chained to the newest row: seq + 1 and that row's hash. PostgreSQL: a transaction-scoped
 * advisory lock (one per schema) makes appends from every hub take turns until commit, so the chain never
 * forks; call this as the transaction's last write so the lock is held briefly (and in a READ COMMITTED
 * transaction, the default: a repeatable-read snapshot taken before the lock could miss the newest row,
 * and the insert would then fail). SQLite: the one connection and its write lock already serialize
 * transactions. The unique seq index backs both: a lost race is an error, never a fork.
 */
export async function appendAudit(tx: Transaction<Schema>, row: NewAuditRow): Promise<void> {
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))`.execute(tx);
  }
  const last = await tx.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const fields: ChainedFields = {
    seq: last ? Number(last.seq) + 1 : 1,
    id: `aud_${randomUUID()}`,
    at_us: Math.round(row.atUs),
    actor_kind: row.actor.kind,
    actor_user_id: row.actor.kind === 'user' ? row.actor.userId : null,
    actor_name: row.actor.kind === 'system' ? row.actor.name : null,
    action: row.action,
    subject_type: row.subject.type,
    subject_id: row.subject.id,
    related_id: row.relatedId ?? null,
    payload: JSON.stringify(row.payload),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx
    .insertInto('audit_log')
    .values({ ...fields, at_us: Number(fields.at_us), prev_hash: prevHash, hash: rowHash(fields, prevHash) })
    .execute();
}

/** appendAudit in a transaction of its own, for a record that accompanies no other write (a sign-in, a profile view). */
export async function recordAudit(db: Db, row: NewAuditRow): Promise<void> {
  await db.transaction().execute((tx) => appendAudit(tx, row));
}

/** Rows naming `id` (as subject or related) of subject type `type`, newest first; only `actions` when given. */
export async function auditRowsFor(db: Db, type: string, id: string, limit: number, actions?: readonly string[]): Promise<AuditRow[]> {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.at_us', 'a.actor_kind', 'a.actor_user_id', 'a.actor_name', 'a.action', 'a.subject_type', 'a.subject_id', 'a.related_id', 'a.payload', 'u.email'])
    .where('a.subject_type', '=', type)
    .where((eb) => eb.or([eb('a.subject_id', '=', id), eb('a.related_id', '=', id)]));
  if (actions) q = q.where('a.action', 'in', actions.length > 0 ? [...actions] : ['']);
  const rows = await q.orderBy('a.at_us', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    atUs: Number(r.at_us),
    actorLabel: r.email ?? r.actor_name ?? r.actor_user_id ?? 'unknown',
    actorKind: r.actor_kind === 'user' ? 'user' : 'system',
    actorUserId: r.actor_user_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    relatedId: r.related_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
}
