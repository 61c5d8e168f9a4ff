import { createHash } from 'node:crypto';
import { MAX_REPLY_ATTACHMENTS_BYTES, MAX_REPLY_ATTACHMENT_BYTES, type Actor, type CreateReply, type OutboundMessage, type ReplyChannel, type ReplyResult } from '../../shared/index.js';
import type { IngestOutcome, IngestService } from '../domain.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { normalizeEmail, normalizePhone } from '../identity/normalize.js';
import type { ConsentPort } from '../privacy/port.js';
import { nowMicros } from '../storage/batch.js';
import type { Tx } from '../storage/commit-queue.js';
import { ulid } from '../storage/ids.js';
import { toMessage } from './outbox-store.js';
import type { OutboxPayload } from './sender.js';
import type { OutboundSettings } from './settings.js';
import { assertMayText } from './sms-rules.js';
import { outTx, type OutboxTable, type OutDb } from './tables.js';
import { bareAddress, ourMessageId, readConversationMail, referencesChain, replySubject } from './thread.js';

/** The source of reply items: the ingest dedupe on (source, sourceEventId) makes one compose one item. */
export const OUTBOUND_SOURCE = 'omni-outbound';
/** Agent replies in the shared vocabulary (shared/event-types.ts): outbound email / text. */
const EVENT_TYPE_SENT: Record<ReplyChannel, string> = { email: 'email.sent', sms: 'sms.sent' };

export interface ReplyServiceOptions {
  db: OutDb;
  ingest: IngestService;
  consent: () => ConsentPort;
  settings: OutboundSettings;
  defaultRegion: string;
  /** Channels a sender exists for on this hub. */
  canSend: (channel: ReplyChannel) => boolean;
  /** A row was committed: the local worker looks now. */
  onQueued?: () => void;
}

/** What the write hook inserts for a reply item, prepared before the ingest call. */
type PendingRow = Omit<OutboxTable, 'event_id' | 'customer_id'>;

/**
 * Public replies: one compose writes its timeline item (through ingest, so grouping counts it as the first or
 * next response and the timeline hears it) and its outbox row in the SAME transaction (the write hook below).
 * A compose key seen before answers the first result and writes nothing.
 */
export class ReplyService {
  private readonly pending = new Map<string, PendingRow>();

  constructor(private readonly o: ReplyServiceOptions) {}

  /** Ingest write hook: the outbox row of each reply item created in this batch (duplicates get none). */
  readonly writeOutbox = async (tx: Tx, outcome: IngestOutcome): Promise<void> => {
    for (const item of outcome.created) {
      if (item.source !== OUTBOUND_SOURCE) continue;
      const row = this.pending.get(item.sourceEventId);
      if (!row) continue;
      const t = outTx(tx);
      // The item must have joined the conversation replied to (grouping-rules: data.omniConversationId).
      const link = await t.selectFrom('conversation_items').select('conversation_id').where('event_id', '=', item.id).executeTakeFirst();
      if (link?.conversation_id !== row.conversation_id) throw new ConflictError('id', 'the recipient no longer belongs to this conversation’s customer (merged or split meanwhile): reload and reply again');
      await t.insertInto('outbox_messages').values({ ...row, event_id: item.id, customer_id: item.customerId }).execute();
    }
  };

  async reply(actor: Actor, conversationId: string, body: CreateReply): Promise<ReplyResult> {
    const key = `${actor.kind === 'user' ? actor.userId : actor.kind}:${body.idempotencyKey}`;
    const first = await this.byKey(key);
    if (first) return { message: first, duplicate: true };

    const conv = await this.o.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst();
    if (!conv) throw new NotFoundError('id', `no conversation with id "${conversationId}"`);
    if (conv.status === 'closed') throw new ConflictError('id', 'a closed conversation takes no replies: open a new one');
    const mail = await readConversationMail(this.o.db, conversationId);
    const channel = body.channel ?? mail.lastInboundChannel ?? (JSON.parse(conv.channels) as string[]).find((c): c is ReplyChannel => c === 'email' || c === 'sms');
    if (!channel) throw new InputError('channel', 'this conversation has no email or text to answer on: choose a channel (email or sms)');
    if (!this.o.canSend(channel)) throw new ConflictError('channel', channel === 'email' ? 'email replies are not set up on this hub (OMNI_SMTP_URL)' : 'text replies are not set up on this hub (OMNI_TWILIO_ACCOUNT_SID, OMNI_TWILIO_AUTH_TOKEN, OMNI_TWILIO_FROM)');
    const to = await this.recipient(conv.customer_id, channel, body.to, mail.lastFrom[channel]);
    if (channel === 'sms') {
      if (body.html !== undefined) throw new InputError('html', 'a text message has no HTML part');
      if (body.attachments?.length) throw new InputError('attachments', 'text replies carry no attachments');
    }
    const attachments = checkAttachments(body);
    if (channel === 'sms') await assertMayText(this.o.db, this.o.consent(), this.o.settings, conv.customer_id, Date.now());

    const s = this.o.settings;
    const nowUs = nowMicros();
    const id = `obx_${ulid()}`;
    const subject = channel === 'email' ? replySubject(mail.subject ?? conv.subject) : null;
    const messageId = channel === 'email' ? ourMessageId(conversationId, key, s.messageIdDomain) : null;
    const from = channel === 'email' ? (conv.queue_id && s.emailFromByQueue[conv.queue_id]) || s.emailFrom : (conv.queue_id && s.smsFromByQueue[conv.queue_id]) || s.smsFrom!;
    const references = channel === 'email' ? referencesChain(mail) : [];
    const payload: OutboxPayload = {
      text: body.text,
      ...(body.html ? { html: body.html } : {}),
      ...(mail.lastMessageId && channel === 'email' ? { inReplyTo: mail.lastMessageId } : {}),
      ...(references.length ? { references } : {}),
      ...(attachments.length ? { attachments } : {}),
    };
    const sourceEventId = `reply:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
    const row: PendingRow = {
      id,
      idempotency_key: key,
      conversation_id: conversationId,
      channel,
      status: 'queued',
      provider_status: null,
      recipient: to,
      sender: from,
      subject,
      message_id: messageId,
      provider_id: null,
      payload: JSON.stringify(payload),
      attempts: 0,
      max_attempts: s.worker.maxAttempts,
      next_attempt_us: nowUs,
      lease_owner: null,
      lease_until_us: null,
      error_code: null,
      error_text: null,
      created_by: actor.kind === 'user' ? actor.userId : null,
      created_at_us: nowUs,
      updated_at_us: nowUs,
    };
    this.pending.set(sourceEventId, row);
    try {
      await this.o.ingest.ingest(actor, [
        {
          source: OUTBOUND_SOURCE,
          sourceEventId,
          channel,
          type: EVENT_TYPE_SENT[channel],
          occurredAt: new Date(nowUs / 1000).toISOString(),
          customer: channel === 'email' ? { email: to } : { phone: to },
          summary: (subject ? `${subject}: ` : '') + body.text.slice(0, 300),
          data: {
            direction: 'outbound',
            omniConversationId: conversationId,
            outboxId: id,
            status: 'queued',
            from,
            to: channel === 'email' ? [to] : to,
            ...(channel === 'email' ? { subject, text: body.text, messageId, ...(payload.inReplyTo ? { inReplyTo: payload.inReplyTo } : {}), ...(references.length ? { references } : {}) } : { body: body.text }),
            ...(body.html ? { html: body.html } : {}),
            ...(attachments.length ? { attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: Buffer.byteLength(a.contentBase64, 'base64') })) } : {}),
            ...(actor.kind === 'user' ? { agentId: actor.userId } : {}),
          },
        },
      ]);
    } finally {
      if (this.pending.get(sourceEventId) === row) this.pending.delete(sourceEventId);
    }
    const stored = await this.byKey(key);
    if (!stored) throw new ConflictError('idempotencyKey', 'this compose key was used for another reply that is gone: compose again');
    if (stored.id === id) this.o.onQueued?.();
    return { message: stored, duplicate: stored.id !== id };
  }

  private async byKey(key: string): Promise<OutboundMessage | null> {
    const r = await this.o.db.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    return r ? toMessage(r) : null;
  }

  /** `to` must be one of the customer's own addresses / numbers; default: the one they last wrote from, else their first. */
  private async recipient(customerId: string, channel: ReplyChannel, asked: string | undefined, lastFrom: string | undefined): Promise<string> {
    const kind = channel === 'email' ? 'email' : 'phone';
    const norm = (v: string) => (channel === 'email' ? normalizeEmail(bareAddress(v)) : normalizePhone(v, this.o.defaultRegion));
    const own = (await this.o.db.selectFrom('identifiers').select('value').where('customer_id', '=', customerId).where('kind', '=', kind).orderBy('created_at_us').execute()).map((r) => r.value);
    if (asked !== undefined) {
      const n = norm(asked);
      if (!n) throw new InputError('to', channel === 'email' ? 'not an email address' : 'not a phone number');
      if (!own.includes(n)) throw new InputError('to', `not one of this customer’s ${channel === 'email' ? 'email addresses' : 'phone numbers'}`);
      return n;
    }
    const last = lastFrom ? norm(lastFrom) : null;
    if (last && own.includes(last)) return last;
    if (own[0]) return own[0];
    throw new InputError('to', `the customer has no ${channel === 'email' ? 'email address' : 'phone number'} to reply to`);
  }
}

/** Each attachment within its cap and all of them within the total; decoded sizes, 413 naming the attachment. */
function checkAttachments(body: CreateReply): NonNullable<OutboxPayload['attachments']> {
  const list = body.attachments ?? [];
  let total = 0;
  list.forEach((a, i) => {
    const size = Buffer.byteLength(a.contentBase64, 'base64');
    if (size > MAX_REPLY_ATTACHMENT_BYTES) throw new InputError(`attachments[${i}].contentBase64`, `attachment "${a.filename}" is ${size} bytes; at most ${MAX_REPLY_ATTACHMENT_BYTES}`);
    total += size;
  });
  if (total > MAX_REPLY_ATTACHMENTS_BYTES) throw new InputError('attachments', `attachments add up to ${total} bytes; at most ${MAX_REPLY_ATTACHMENTS_BYTES}`);
  return list.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: a.contentBase64 }));
}
