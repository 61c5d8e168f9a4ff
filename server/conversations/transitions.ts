import type { Channel, ConversationStatus } from '../../shared/index.js';
import type { Pause } from '../sla/business-time.js';
import type { ChatTurns, GroupingIntent } from './grouping-rules.js';
import { parsePauses } from './sla-deadlines.js';
import type { ConversationsTable } from './tables.js';

/*
 * How a conversation's facts change (pure): a status change (pauses for pending/snoozed), an item
 * joining (waiting, responses, reopen). The caller recomputes deadlines afterwards (settings.withDeadlines).
 */

type Row = ConversationsTable;
/** Pauses kept per conversation; older ones are folded into one so a long-lived ticket stays small. */
const MAX_PAUSES = 50;

const PAUSING: ReadonlySet<string> = new Set(['pending', 'snoozed']);

/** Sets the status at `atUs`: opens or closes a pause, stamps solved/closed, clears the snooze time. */
export function withStatus(row: Row, status: ConversationStatus, atUs: number, snoozedUntilUs: number | null = null): Row {
  const atMs = Math.floor(atUs / 1000);
  let pauses = parsePauses(row.pauses);
  const open = pauses.find((p) => p.toMs === null);
  if (open && (!PAUSING.has(status) || open.reason !== status)) pauses = pauses.map((p) => (p === open ? { ...p, toMs: Math.max(atMs, p.fromMs) } : p));
  if (PAUSING.has(status) && (!open || open.reason !== status)) pauses = [...pauses, { fromMs: atMs, toMs: null, reason: status as Pause['reason'] }];
  if (pauses.length > MAX_PAUSES) pauses = pauses.slice(pauses.length - MAX_PAUSES);
  return {
    ...row,
    status,
    snoozed_until_us: status === 'snoozed' ? snoozedUntilUs : null,
    solved_at_us: status === 'solved' ? (row.status === 'solved' ? row.solved_at_us : atUs) : status === 'closed' ? row.solved_at_us : null,
    closed_at_us: status === 'closed' ? atUs : null,
    // Solving answers whoever waited: a later message starts a fresh wait (and its own next-response clock).
    waiting_since_us: status === 'solved' || status === 'closed' ? null : row.waiting_since_us,
    pauses: JSON.stringify(pauses),
    updated_at_us: Math.max(row.updated_at_us, atUs),
  };
}

/** An item joins: channels, counts, activity; a customer message waits (and wakes/reopens); our response answers. */
export function withItem(row: Row, intent: GroupingIntent, itemUs: number, nowUs: number): Row {
  const channels = JSON.parse(row.channels) as Channel[];
  let next: Row = {
    ...row,
    channels: JSON.stringify(channels.includes(intent.channel) ? channels : [...channels, intent.channel]),
    item_count: row.item_count + 1,
    last_activity_us: Math.max(row.last_activity_us, itemUs),
    updated_at_us: Math.max(row.updated_at_us, nowUs),
  };
  if (intent.customerMessage) {
    if (next.status !== 'open') next = withStatus(next, 'open', itemUs);
    next = {
      ...next,
      last_customer_message_at_us: Math.max(next.last_customer_message_at_us ?? 0, itemUs),
      waiting_since_us: next.waiting_since_us ?? itemUs,
    };
  }
  if (intent.response && next.waiting_since_us !== null && itemUs >= next.waiting_since_us) {
    next = { ...next, first_response_at_us: next.first_response_at_us ?? itemUs, waiting_since_us: null };
  }
  return next;
}

/** A live chat's turns (recomputed from its messages): who waits since when, our first answer. */
export function withChatTurns(row: Row, turns: ChatTurns, nowUs: number): Row {
  let next: Row = { ...row, updated_at_us: Math.max(row.updated_at_us, nowUs) };
  if (turns.lastCustomerUs !== null) {
    next = { ...next, last_customer_message_at_us: Math.max(next.last_customer_message_at_us ?? 0, turns.lastCustomerUs), last_activity_us: Math.max(next.last_activity_us, turns.lastCustomerUs) };
  }
  if (turns.firstResponseUs !== null && next.first_response_at_us === null) next = { ...next, first_response_at_us: turns.firstResponseUs };
  if (turns.waitingSinceUs === null) return { ...next, waiting_since_us: null };
  if (next.status !== 'open' && next.status !== 'closed') next = withStatus(next, 'open', turns.waitingSinceUs);
  return { ...next, waiting_since_us: turns.waitingSinceUs };
}
