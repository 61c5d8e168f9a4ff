import { createHash } from 'node:crypto';
import type { ReplyChannel } from '../../shared/index.js';
import type { OutDb } from './tables.js';

/*
 * What a reply needs from its conversation: the email thread (Message-IDs in order, the mail answered, its
 * subject) and the address or number the customer last wrote from. Read from the conversation's items.
 */

export interface ConversationMail {
  messageIds: string[];
  /** The References of the newest mail that carried any (kept in front, as its sender built them). */
  references: string[];
  lastMessageId: string | null;
  subject: string | null;
  /** Customer side of the newest inbound item per channel (email address / phone number). */
  lastFrom: Partial<Record<ReplyChannel, string>>;
  /** Channel of the newest inbound email or text. */
  lastInboundChannel: ReplyChannel | null;
}

/** Chains longer than this keep their root and the newest ids (what clients thread on). */
const MAX_REFERENCES = 50;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
/** `Ana <ana@x.com>` -> `ana@x.com`. */
export const bareAddress = (v: string): string => (/<([^>]+)>/.exec(v)?.[1] ?? v).trim().toLowerCase();

export async function readConversationMail(db: OutDb, conversationId: string): Promise<ConversationMail> {
  const rows = await db
    .selectFrom('conversation_items as ci')
    .innerJoin('events as e', 'e.id', 'ci.event_id')
    .select(['e.channel', 'e.data', 'e.occurred_at_us', 'e.id'])
    .where('ci.conversation_id', '=', conversationId)
    .where('e.channel', 'in', ['email', 'sms'])
    .orderBy('e.occurred_at_us', 'asc')
    .orderBy('e.id', 'asc')
    .execute();
  const out: ConversationMail = { messageIds: [], references: [], lastMessageId: null, subject: null, lastFrom: {}, lastInboundChannel: null };
  const seen = new Set<string>();
  for (const r of rows) {
    const d = JSON.parse(r.data) as Record<string, unknown>;
    const inbound = d['direction'] !== 'outbound';
    if (r.channel === 'email') {
      const refs = Array.isArray(d['references']) ? (d['references'] as unknown[]).map(str).filter((x): x is string => x !== null) : [];
      if (refs.length > 0) out.references = refs;
      const id = str(d['messageId']);
      if (id) {
        out.lastMessageId = id;
        if (!seen.has(id.toLowerCase())) {
          seen.add(id.toLowerCase());
          out.messageIds.push(id);
        }
      }
      out.subject = str(d['subject']) ?? out.subject;
      const from = str(d['from']);
      if (inbound && from) out.lastFrom.email = bareAddress(from);
    } else {
      const from = str(d['from']);
      if (inbound && from) out.lastFrom.sms = from;
    }
    if (inbound) out.lastInboundChannel = r.channel as ReplyChannel;
  }
  return out;
}

/** The References of our reply: the sender's chain, then every id of the thread not in it yet, in order; root kept when cut. */
export function referencesChain(mail: ConversationMail): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (const id of [...mail.references, ...mail.messageIds]) {
    const k = id.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    chain.push(id);
  }
  return chain.length > MAX_REFERENCES ? [chain[0]!, ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
}

/** `Re: ` once, whatever the client wrote before (Re:, RE:, AW:, SV:). */
export function replySubject(subject: string | null): string {
  const s = (subject ?? '').trim() || '(no subject)';
  return /^(re|aw|sv)\s*:/i.test(s) ? s : `Re: ${s}`;
}

/**
 * Our Message-ID: the conversation id and the compose key inside it, so a resend carries the same id and an
 * inbound reply that lost its thread headers still names the conversation (grouping-rules.ts reads it back).
 */
export function ourMessageId(conversationId: string, idempotencyKey: string, domain: string): string {
  const h = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 20);
  return `<omni.${conversationId.toLowerCase()}.${h}@${domain}>`;
}
