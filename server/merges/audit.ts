import type { Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import { microsToIso, type AuditEntry } from '../../shared/index.js';
import type { Db, Schema } from '../storage/schema.js';

export type AuditAction = 'merge' | 'undo';

export interface NewAuditEntry {
  atUs: number;
  actor: string;
  action: AuditAction;
  mergeId: string;
  /** The survivor (merge) / the restored customer (undo). */
  customerId: string;
  otherId: string;
  reason: string | null;
}

/** One audit row, written in the same transaction as the change it describes (so neither exists without the other). */
export async function writeAudit(tx: Transaction<Schema>, e: NewAuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      id: `aud_${randomUUID()}`,
      at_us: e.atUs,
      actor: e.actor,
      action: e.action,
      merge_id: e.mergeId,
      customer_id: e.customerId,
      other_id: e.otherId,
      reason: e.reason,
    })
    .execute();
}

/** Rows naming the customer on either side, newest first. */
export async function readAudit(db: Db, customerId: string, limit: number): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('other_id', '=', customerId)]))
    .orderBy('at_us', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: microsToIso(r.at_us),
    actor: r.actor,
    action: r.action === 'undo' ? 'undo' : 'merge',
    mergeId: r.merge_id,
    customerId: r.customer_id,
    otherId: r.other_id,
    reason: r.reason,
  }));
}
