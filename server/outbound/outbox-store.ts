import { sql } from 'kysely';
import { microsToIso, type OutboundMessage, type OutboxStatus, type ReplyChannel } from '../../shared/index.js';
import type { Dialect } from '../storage/schema.js';
import type { OutboxPayload, SendJob } from './sender.js';
import type { OutDb, OutboxTable } from './tables.js';

/** The API shape of one outbox row. */
export function toMessage(r: OutboxTable): OutboundMessage {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    customerId: r.customer_id,
    eventId: r.event_id,
    channel: r.channel as ReplyChannel,
    status: r.status as OutboxStatus,
    providerStatus: r.provider_status,
    to: r.recipient,
    from: r.sender,
    subject: r.subject,
    messageId: r.message_id,
    providerId: r.provider_id,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'queued' ? microsToIso(r.next_attempt_us) : null,
    errorCode: r.error_code,
    errorText: r.error_text,
    createdBy: r.created_by,
    createdAt: microsToIso(r.created_at_us),
    updatedAt: microsToIso(r.updated_at_us),
  };
}

export function toJob(r: OutboxTable): SendJob {
  return {
    outboxId: r.id,
    channel: r.channel as ReplyChannel,
    idempotencyKey: r.idempotency_key,
    to: r.recipient,
    from: r.sender,
    subject: r.subject,
    messageId: r.message_id,
    payload: JSON.parse(r.payload) as OutboxPayload,
  };
}

/**
 * Claims due rows for this hub in one statement: queued rows whose time has come, and `sending` rows whose
 * lease ran out (their hub died mid-send). PostgreSQL: FOR UPDATE SKIP LOCKED, so two hubs never claim the
 * same row; SQLite has one writer at a time, so the UPDATE … RETURNING is atomic on its own.
 */
export async function claimDue(db: OutDb, dialect: Dialect, owner: string, nowUs: number, leaseUs: number, limit: number): Promise<OutboxTable[]> {
  const due = db
    .selectFrom('outbox_messages')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_us', '<=', nowUs)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until_us', '<', nowUs)]),
      ]),
    )
    .orderBy('next_attempt_us')
    .limit(limit);
  const ids = dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
  return db
    .updateTable('outbox_messages')
    .set({ status: 'sending', lease_owner: owner, lease_until_us: nowUs + leaseUs, attempts: sql<number>`attempts + 1`, updated_at_us: nowUs })
    .where('id', 'in', ids)
    // Re-checked on the row itself: a row another hub finished meanwhile is not taken.
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'sending'), eb('lease_until_us', '<', nowUs)])]))
    .returningAll()
    .execute();
}

/** Only the lease holder may finish a row: a hub that lost its lease (too slow) writes nothing. */
export async function finishLeased(db: OutDb, id: string, owner: string, set: Partial<OutboxTable>): Promise<boolean> {
  const r = await db.updateTable('outbox_messages').set(set).where('id', '=', id).where('status', '=', 'sending').where('lease_owner', '=', owner).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Many finished rows in ONE transaction (one commit, so one fsync on SQLite FULL instead of one per mail);
 * each row keeps its own lease check. Answers, per row in order, whether this hub still held it.
 */
export async function finishLeasedMany(db: OutDb, owner: string, rows: readonly { id: string; set: Partial<OutboxTable> }[]): Promise<boolean[]> {
  if (rows.length === 0) return [];
  if (rows.length === 1) return [await finishLeased(db, rows[0]!.id, owner, rows[0]!.set)];
  return db.transaction().execute(async (tx) => {
    const out: boolean[] = [];
    for (const r of rows) {
      const u = await tx.updateTable('outbox_messages').set(r.set).where('id', '=', r.id).where('status', '=', 'sending').where('lease_owner', '=', owner).executeTakeFirst();
      out.push(Number(u.numUpdatedRows) > 0);
    }
    return out;
  });
}
