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
  /**
   * The conversation the item names itself (issue 12): our reply (`data.omniConversationId`), or a mail whose
   * In-Reply-To / References carry one of our Message-IDs (`<omni.cnv_….…@domain>`) even when not stored as a key.
   */
  target?: string;
  /** Email: the subject without Re:/Fwd: prefixes; with the customer (the participant) the last fallback for a reply that lost its thread headers. */
  subjectKey?: string;
  /** The subject answers something (Re:, AW:, SV:): only such a mail may continue by subject. */
  isReply?: boolean;
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

const OUR_MESSAGE_ID = /^<omni\.cnv_([0-9a-z]{10,40})\.[0-9a-f]+@/i;
const REPLY_PREFIX = /^\s*((re|aw|sv|fwd?|wg)\s*(\[\d+\])?\s*:\s*)+/i;

/** Our conversation named by one of the mail's ids (newest first: In-Reply-To, then References from the end). */
function ourConversation(data: Record<string, unknown>): string | undefined {
  if (typeof data['omniConversationId'] === 'string' && data['omniConversationId'].startsWith('cnv_')) return data['omniConversationId'];
  const refs = Array.isArray(data['references']) ? (data['references'] as unknown[]) : [];
  for (const id of [data['inReplyTo'], ...[...refs].reverse()]) {
    const m = typeof id === 'string' ? OUR_MESSAGE_ID.exec(id.trim()) : null;
    if (m) return `cnv_${m[1]!.toUpperCase()}`;
  }
  return undefined;
}

function subjectFacts(subject: string | undefined): { subjectKey?: string; isReply?: boolean } {
  if (!subject) return {};
  const bare = subject.replace(REPLY_PREFIX, '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (bare === '' || bare === '(no subject)') return {};
  const key = `email-subject:${bare}`;
  return usableKey(key) ? { subjectKey: key, isReply: /^\s*(re|aw|sv)\s*:/i.test(subject) } : {};
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
      const target = ourConversation(data);
      return {
        channel: 'email',
        direction,
        keys: emailKeys(data),
        byChannel: false,
        opens: inbound,
        customerMessage: inbound,
        response: !inbound,
        subject: clip(str(data['subject']) ?? summary ?? 'Email'),
        ...(target ? { target } : {}),
        ...subjectFacts(str(data['subject'])),
      };
    }
    case 'email_auto':
      return { channel: 'email', direction: 'inbound', keys: emailKeys(data), byChannel: false, opens: false, customerMessage: false, response: false, subject: clip(str(data['subject']) ?? summary ?? 'Email') };
    case 'sms': {
      const direction = directionOf(meaning.direction, data);
      const inbound = direction === 'inbound';
      const target = !inbound && typeof data['omniConversationId'] === 'string' ? data['omniConversationId'] : undefined;
      return { channel: 'sms', direction, keys: [], byChannel: true, opens: inbound, customerMessage: inbound, response: !inbound, subject: clip(`Text: ${str(data['body']) ?? summary ?? 'message'}`, 80), ...(target ? { target } : {}) };
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
      // A call an agent logged on a conversation (call.logged) names it, like our replies.
      const target = typeof data['omniConversationId'] === 'string' ? data['omniConversationId'] : undefined;
      return {
        channel: 'phone',
        direction,
        keys: [],
        byChannel: true,
        opens: missedInbound,
        customerMessage: missedInbound,
        response: answered,
        subject: missedInbound ? outcome : clip(summary ?? 'Call', 80),
        ...(target ? { target } : {}),
      };
    }
    default:
      return null;
  }
}
