import type { Transaction } from 'kysely';
import { microsToIso, type Actor, type AuditEntry } from '../../shared/index.js';
import { appendAudit, auditRowsFor } from '../audit/audit-log.js';
import type { Db, Schema } from '../storage/schema.js';

export type AuditAction = 'merge' | 'undo';

export interface NewAuditEntry {
  atUs: number;
  actor: Actor;
  action: AuditAction;
  mergeId: string;
  /** The survivor (merge) / the restored customer (undo). */
  customerId: string;
  otherId: string;
  reason: string | null;
}

/** A merge or undo in the general audit log: subject = the customer, related = the other side, payload = the merge. */
export async function writeAudit(tx: Transaction<Schema>, e: NewAuditEntry): Promise<void> {
  await appendAudit(tx, {
    atUs: e.atUs,
    actor: e.actor,
    action: e.action,
    subject: { type: 'customer', id: e.customerId },
    relatedId: e.otherId,
    payload: { mergeId: e.mergeId, otherId: e.otherId, reason: e.reason },
  });
}

/** Rows naming the customer on either side, newest first; the actor as the console shows it (a user's email). */
export async function readAudit(db: Db, customerId: string, limit: number): Promise<AuditEntry[]> {
  // Other features audit customers too (views, reveals, exports): this list is the merge log only.
  const rows = await auditRowsFor(db, 'customer', customerId, limit, ['merge', 'undo']);
  return rows.map((r) => {
    const p = r.payload as { mergeId?: string | null; otherId?: string | null; reason?: string | null };
    return {
      id: r.id,
      at: microsToIso(r.atUs),
      actor: r.actorLabel,
      action: r.action === 'undo' ? 'undo' : 'merge',
      mergeId: p.mergeId ?? null,
      customerId: r.subjectId,
      otherId: p.otherId ?? r.relatedId,
      reason: p.reason ?? null,
    };
  });
}
