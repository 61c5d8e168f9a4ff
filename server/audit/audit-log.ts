import type { Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/index.js';
import type { Db, Schema } from '../storage/schema.js';

/*
 * The audit log: who (an actor: a user by id, or a system actor by name) did what (action) to which
 * subject (type + id, plus an optional related id), with what (payload JSON). Merges and undos write
 * here today; later features (permissions, replies, routing) write their own actions.
 */

export interface NewAuditRow {
  atUs: number;
  actor: Actor;
  action: string;
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

/** One row, written in the caller's transaction (so neither the change nor its record exists without the other). */
export async function appendAudit(tx: Transaction<Schema>, row: NewAuditRow): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      id: `aud_${randomUUID()}`,
      at_us: row.atUs,
      actor_kind: row.actor.kind,
      actor_user_id: row.actor.kind === 'user' ? row.actor.userId : null,
      actor_name: row.actor.kind === 'system' ? row.actor.name : null,
      action: row.action,
      subject_type: row.subject.type,
      subject_id: row.subject.id,
      related_id: row.relatedId ?? null,
      payload: JSON.stringify(row.payload),
    })
    .execute();
}

/** Rows naming `id` (as subject or related) of subject type `type`, newest first. */
export async function auditRowsFor(db: Db, type: string, id: string, limit: number): Promise<AuditRow[]> {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.at_us', 'a.actor_kind', 'a.actor_user_id', 'a.actor_name', 'a.action', 'a.subject_type', 'a.subject_id', 'a.related_id', 'a.payload', 'u.email'])
    .where('a.subject_type', '=', type)
    .where((eb) => eb.or([eb('a.subject_id', '=', id), eb('a.related_id', '=', id)]))
    .orderBy('a.at_us', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
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
