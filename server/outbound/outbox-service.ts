import { systemActor, type Actor, type OutboundMessage } from '../../shared/index.js';
import type { IngestService, MergeItem } from '../domain.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { nowMicros } from '../storage/batch.js';
import { toMessage } from './outbox-store.js';
import type { OutboundStatusPort, ProviderStatus } from './port.js';
import { OUTBOUND_SOURCE } from './reply-service.js';
import type { OutboxTable, OutDb } from './tables.js';

/** Twilio's message states in ours; unknown words keep the row where it is (the provider's word is still stored). */
const TWILIO_STATE: Record<string, OutboxTable['status']> = {
  accepted: 'sent',
  scheduled: 'sent',
  queued: 'sent',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
};
const TERMINAL = new Set(['delivered', 'undelivered', 'failed']);
/** Twilio's words for its common delivery errors, when the callback carries only the code. */
const TWILIO_ERRORS: Record<string, string> = {
  '21610': 'the recipient replied STOP (unsubscribed)',
  '30003': 'unreachable destination handset',
  '30004': 'message blocked',
  '30005': 'unknown destination handset',
  '30006': 'landline or unreachable carrier',
  '30007': 'filtered by the carrier',
  '30008': 'unknown error',
};

/** The item's data follows its message: status and the provider's error on the bubble. */
const withStatus: MergeItem = (stored, incoming) => {
  const n = incoming.data ?? {};
  const changed = ['status', 'errorCode', 'errorText', 'providerId'].some((k) => stored.data[k] !== n[k]);
  return changed ? { data: { ...stored.data, status: n['status'], errorCode: n['errorCode'] ?? null, errorText: n['errorText'] ?? null, providerId: n['providerId'] ?? null } } : null;
};

/** The outbox as people and providers see it: listing, retry by hand, delivery reports. */
export class OutboxService implements OutboundStatusPort {
  constructor(private readonly o: { db: OutDb; ingest: IngestService; onQueued?: () => void; onError?: (err: unknown) => void }) {}

  async list(conversationId: string): Promise<OutboundMessage[]> {
    const c = await this.o.db.selectFrom('conversations').select('id').where('id', '=', conversationId).executeTakeFirst();
    if (!c) throw new NotFoundError('id', `no conversation with id "${conversationId}"`);
    const rows = await this.o.db.selectFrom('outbox_messages').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at_us').orderBy('id').limit(500).execute();
    return rows.map(toMessage);
  }

  async get(id: string): Promise<OutboundMessage> {
    const r = await this.o.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError('id', `no outbound message with id "${id}"`);
    return toMessage(r);
  }

  /** A failed (or undelivered) message goes back to the queue with fresh attempts; anything else is refused. */
  async retry(_actor: Actor, id: string): Promise<OutboundMessage> {
    const now = nowMicros();
    const r = await this.o.db
      .updateTable('outbox_messages')
      .set({ status: 'queued', attempts: 0, next_attempt_us: now, error_code: null, error_text: null, provider_status: null, updated_at_us: now })
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'undelivered'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const m = await this.get(id);
      throw new ConflictError('id', `only a failed or undelivered message can be sent again (this one is ${m.status})`);
    }
    this.o.onQueued?.();
    await this.syncItem(id);
    return this.get(id);
  }

  async applyProviderStatus(outboxId: string, report: ProviderStatus): Promise<boolean> {
    const row = await this.o.db.selectFrom('outbox_messages').selectAll().where('id', '=', outboxId).executeTakeFirst();
    if (!row) return false;
    const next = TWILIO_STATE[report.status.toLowerCase()];
    const now = nowMicros();
    // Terminal states stay (a late `sent` after `delivered` changes nothing); a row still `sending` takes the report (the callback beat our own write).
    if (next && !TERMINAL.has(row.status) && row.status !== 'queued') {
      await this.o.db
        .updateTable('outbox_messages')
        .set({
          status: next,
          provider_status: report.status,
          ...(report.providerId ? { provider_id: report.providerId } : {}),
          ...(next === 'failed' || next === 'undelivered' ? { error_code: report.errorCode, error_text: report.errorText ?? (report.errorCode ? (TWILIO_ERRORS[report.errorCode] ?? null) : null) } : {}),
          lease_owner: null,
          lease_until_us: null,
          updated_at_us: now,
        })
        .where('id', '=', outboxId)
        .where('status', 'not in', [...TERMINAL])
        .execute();
      await this.syncItem(outboxId);
    }
    return true;
  }

  /** Re-states the reply's timeline item from its row (an upsert: the timeline and the open bubble hear it). */
  async syncItem(outboxId: string): Promise<void> {
    await this.syncItems([outboxId]);
  }

  /** Many rows in one upsert batch (the worker's claim): one commit, not one per message. */
  async syncItems(outboxIds: readonly string[]): Promise<void> {
    if (outboxIds.length === 0) return;
    try {
      const rows = await this.o.db
        .selectFrom('outbox_messages as o')
        .innerJoin('events as e', 'e.id', 'o.event_id')
        .select(['o.status', 'o.error_code', 'o.error_text', 'o.provider_id', 'o.channel', 'o.recipient', 'e.source_event_id', 'e.type', 'e.occurred_at_us'])
        .where('o.id', 'in', [...outboxIds])
        .execute();
      if (rows.length === 0) return;
      await this.o.ingest.ingest(
        systemActor('sweep'),
        rows.map((r) => ({
            source: OUTBOUND_SOURCE,
            sourceEventId: r.source_event_id,
            channel: r.channel === 'email' ? 'email' : 'sms',
            type: r.type,
            occurredAt: new Date(r.occurred_at_us / 1000).toISOString(),
            customer: r.channel === 'email' ? { email: r.recipient } : { phone: r.recipient },
            data: { status: r.status, errorCode: r.error_code, errorText: r.error_text, providerId: r.provider_id },
        })),
        { merge: withStatus },
      );
    } catch (err) {
      // The row is the truth; a timeline that lags one status is repaired by the next report.
      this.o.onError?.(err);
    }
  }
}
