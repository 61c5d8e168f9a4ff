import { classifyEventType, isAnsweredCall, storableCopy, unstorableTextReason, type Channel, type TimelineItem } from '../../shared/index.js';

/*
 * Which timeline items belong to a conversation, and how (pure). Reads the one vocabulary of
 * shared/event-types.ts (categories, directions, call outcomes), never type strings of its own;
 * grouping-rules.contract.test.ts runs the real email and Twilio connectors' output through it.
 *
 * - email: continues by thread: any of its Message-ID, In-Reply-To, References or thread id matching a
 *   message of a conversation (Outlook replies that drop References still carry In-Reply-To: Chatwoot #10028).
 * - sms, chat, social: continue the customer's latest conversation on that channel (chat also by its id).
 * - calls: a missed call or a voicemail opens one; an answered call is a response and joins an open one.
 * - auto-submitted mail (bounces, out-of-office) joins its thread but never opens, reopens or waits.
 * Everything else (orders, visits, notes, web) stays outside conversations.
 */

export interface GroupingIntent {
  channel: Channel;
  direction: 'inbound' | 'outbound';
  /** Keys naming the exchange: an existing conversation holding one of them is continued. */
  keys: string[];
  /** Continue the customer's latest conversation on this channel when no key matches. */
  byChannel: boolean;
  /** Opens a conversation when none continues (inbound contact). */
  opens: boolean;
  /** The customer wrote or called: waiting starts, a solved conversation reopens. */
  customerMessage: boolean;
  /** We answered (outbound message, answered call): first / next response. */
  response: boolean;
  subject: string;
  /** Live chats grow as ONE item (upserts): who spoke when, read from its messages on every update. */
  chat?: ChatTurns;
}

/** A live chat's state from its messages (µs); recomputed whole on each update, so re-delivery is harmless. */
export interface ChatTurns {
  lastCustomerUs: number | null;
  firstResponseUs: number | null;
  /** First customer message after our last answer; null = answered (or the customer never wrote). */
  waitingSinceUs: number | null;
}

export function chatTurns(data: Record<string, unknown>): ChatTurns | undefined {
  const raw = Array.isArray(data['messages']) ? (data['messages'] as unknown[]) : [];
  const turns = raw
    .map((m) => (m && typeof m === 'object' ? (m as Record<string, unknown>) : {}))
    .map((m) => ({ role: m['role'], us: typeof m['at'] === 'string' ? Date.parse(m['at']) * 1000 : Number.NaN }))
    .filter((m) => (m.role === 'customer' || m.role === 'agent') && Number.isFinite(m.us))
    .sort((a, b) => a.us - b.us);
  if (turns.length === 0) return undefined;
  const firstCustomer = turns.find((m) => m.role === 'customer');
  const firstResponse = firstCustomer ? turns.find((m) => m.role === 'agent' && m.us >= firstCustomer.us) : undefined;
  const lastAgent = [...turns].reverse().find((m) => m.role === 'agent');
  const waiting = turns.find((m) => m.role === 'customer' && (!lastAgent || m.us > lastAgent.us));
  const lastCustomer = [...turns].reverse().find((m) => m.role === 'customer');
  return { lastCustomerUs: lastCustomer?.us ?? null, firstResponseUs: firstResponse?.us ?? null, waitingSinceUs: waiting?.us ?? null };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
/** Subjects land in a text column: cut, and NUL / lone surrogates (also from the cut) replaced. */
const clip = (s: string, n = 120) => storableCopy(s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** Keys are indexed text: anything unstorable or longer than an id can be is not a key (events-API data is free). */
const MAX_KEY = 500;
const MAX_REFERENCES = 50;
const usableKey = (k: string) => k.length <= MAX_KEY && unstorableTextReason(k) === null;

function emailKeys(data: Record<string, unknown>): string[] {
  const refs = Array.isArray(data['references']) ? (data['references'] as unknown[]) : [];
  // A long References chain: its root and the newest messages are what a reply can share with us.
  const kept = refs.length > MAX_REFERENCES ? [refs[0], ...refs.slice(-(MAX_REFERENCES - 1))] : refs;
  const ids = [data['messageId'], data['inReplyTo'], data['threadId'], ...kept];
  return [...new Set(ids.map(str).filter((x): x is string => x !== undefined).map((id) => `email:${id.toLowerCase()}`))].filter(usableKey);
}

function directionOf(entry: 'inbound' | 'outbound' | undefined, data: Record<string, unknown>): 'inbound' | 'outbound' {
  if (entry) return entry;
  return data['direction'] === 'outbound' ? 'outbound' : 'inbound';
}

/** How one item groups; null = it is not part of any conversation. */
export function groupingIntent(item: Pick<TimelineItem, 'channel' | 'type' | 'summary' | 'data'>): GroupingIntent | null {
  const meaning = classifyEventType(item.type);
  const data = item.data ?? {};
  const summary = str(item.summary);
  switch (meaning.category) {
    case 'email': {
      const direction = directionOf(meaning.direction, data);
      const inbound = direction === 'inbound';
      return { channel: 'email', direction, keys: emailKeys(data), byChannel: false, opens: inbound, customerMessage: inbound, response: !inbound, subject: clip(str(data['subject']) ?? summary ?? 'Email') };
    }
    case 'email_auto':
      return { channel: 'email', direction: 'inbound', keys: emailKeys(data), byChannel: false, opens: false, customerMessage: false, response: false, subject: clip(str(data['subject']) ?? summary ?? 'Email') };
    case 'sms': {
      const direction = directionOf(meaning.direction, data);
      const inbound = direction === 'inbound';
      return { channel: 'sms', direction, keys: [], byChannel: true, opens: inbound, customerMessage: inbound, response: !inbound, subject: clip(`Text: ${str(data['body']) ?? summary ?? 'message'}`, 80) };
    }
    case 'chat':
    case 'social': {
      const channel: Channel = meaning.category === 'chat' ? 'chat' : 'social';
      const id = str(data['conversationId']) ?? str(data['threadId']);
      const direction = directionOf(meaning.direction, data);
      const inbound = direction === 'inbound';
      const chat = chatTurns(data);
      return {
        channel,
        direction,
        keys: id ? [`${channel}:${id}`].filter(usableKey) : [],
        byChannel: true,
        opens: inbound,
        // A chat with messages says itself who is waiting (ChatTurns); without them, the item is one inbound message.
        customerMessage: inbound && !chat,
        response: !inbound && !chat,
        subject: clip(summary ?? (channel === 'chat' ? 'Chat' : 'Social message'), 80),
        ...(chat ? { chat } : {}),
      };
    }
    case 'call': {
      const direction = directionOf(meaning.direction, data);
      const answered = isAnsweredCall(item.type, str(data['outcome']));
      const missedInbound = direction === 'inbound' && !answered;
      const outcome = str(data['outcome']) === 'voicemail' || item.type.endsWith('voicemail') ? 'Voicemail' : 'Missed call';
      return {
        channel: 'phone',
        direction,
        keys: [],
        byChannel: true,
        opens: missedInbound,
        customerMessage: missedInbound,
        response: answered,
        subject: missedInbound ? outcome : clip(summary ?? 'Call', 80),
      };
    }
    default:
      return null;
  }
}
