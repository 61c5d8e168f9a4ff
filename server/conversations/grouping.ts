import { isoToMicros, type TimelineItem } from '../../shared/index.js';
import { ulid } from '../storage/ids.js';
import type { Dialect } from '../storage/schema.js';
import { groupingIntent, type ChatTurns, type GroupingIntent } from './grouping-rules.js';
import { channelKey, PRIORITY_RANK } from './rows.js';
import { isEffectivelyClosed, withDeadlines, type ConversationSettings } from './settings.js';
import type { ConversationsTable, ConvTx } from './tables.js';
import { withChatTurns, withItem, withStatus } from './transitions.js';

/*
 * Grouping, inside the ingest transaction (ingest-service write hook): every item of a committed batch
 * is linked to its conversation in the same commit, so no item is ever stored ungrouped, not even
 * across a crash. Idempotent: an item already linked is left alone (upserts re-deliver items), so it
 * can also be re-run over stored items (`groupItems` over any list).
 */

export interface GroupingResult {
  /** Conversations created or changed, final state. */
  changed: Map<string, ConversationsTable>;
  /** Their state before this batch (null = created by it): who to tell (old queue / assignee). */
  before: Map<string, ConversationsTable | null>;
}

const MAX_SUBJECT = 200;

export async function groupItems(tx: ConvTx, items: readonly TimelineItem[], settings: ConversationSettings, nowUs: number, dialect: Dialect): Promise<GroupingResult> {
  const result: GroupingResult = { changed: new Map(), before: new Map() };
  // History (an import: older than the open window when ingested) is not work: it opens or joins nothing.
  const recent = (item: TimelineItem) => nowUs - (isoToMicros(item.occurredAt) ?? nowUs) <= settings.openWindowMs * 1000;
  const candidates = items
    .filter(recent)
    .map((item) => ({ item, intent: groupingIntent(item) }))
    .filter((c): c is { item: TimelineItem; intent: GroupingIntent } => c.intent !== null);
  if (candidates.length === 0) return result;
  const linked = new Set(
    (await tx.selectFrom('conversation_items').select('event_id').where('event_id', 'in', candidates.map((c) => c.item.id)).execute()).map((r) => r.event_id),
  );
  for (const { item, intent } of candidates) {
    if (linked.has(item.id)) {
      // A live chat grew (upsert): its messages say again who is waiting.
      if (intent.chat) await updateChat(tx, dialect, item.id, intent.chat, settings, nowUs, result);
      continue;
    }
    const itemUs = isoToMicros(item.occurredAt) ?? nowUs;
    const found = await lockRow(tx, dialect, await findContinued(tx, item.customerId, intent));
    let row: ConversationsTable | null = null;
    if (found && !isEffectivelyClosed(found, nowUs, settings)) {
      const quiet = found.status === 'solved' && intent.keys.length === 0 && itemUs - found.last_activity_us > settings.quietPeriodMs * 1000;
      // A solved exchange: the customer writing again reopens it (withItem), unless it went quiet for longer than the quiet period.
      if (!quiet && (found.status !== 'solved' || intent.customerMessage || intent.response)) row = found;
    }
    if (!row && !intent.opens) continue;
    const beforeRow = row ? (result.before.has(row.id) ? result.before.get(row.id)! : row) : null;
    if (!row) row = newConversation(item, intent, itemUs, nowUs, settings);
    const joined = withItem(row, intent, itemUs, nowUs);
    const next = withDeadlines(intent.chat ? withChatTurns(joined, intent.chat, nowUs) : joined, settings);
    await save(tx, next, beforeRow === null && !result.changed.has(next.id));
    await tx.insertInto('conversation_items').values({ event_id: item.id, conversation_id: next.id, linked_at_us: nowUs }).execute();
    await addKeys(tx, next.id, [...intent.keys, channelKey(intent.channel), ...(intent.subjectKey ? [intent.subjectKey] : [])]);
    linked.add(item.id);
    if (!result.before.has(next.id)) result.before.set(next.id, beforeRow);
    result.changed.set(next.id, next);
  }
  return result;
}

async function updateChat(tx: ConvTx, dialect: Dialect, eventId: string, turns: ChatTurns, settings: ConversationSettings, nowUs: number, result: GroupingResult): Promise<void> {
  const link = await tx.selectFrom('conversation_items').select('conversation_id').where('event_id', '=', eventId).executeTakeFirst();
  if (!link) return;
  const stored = await tx.selectFrom('conversations').selectAll().where('id', '=', link.conversation_id).executeTakeFirst();
  const row = await lockRow(tx, dialect, stored ?? null);
  if (!row || row.status === 'closed') return;
  const next = withDeadlines(withChatTurns(row, turns, nowUs), settings);
  await save(tx, next, false);
  if (!result.before.has(next.id)) result.before.set(next.id, row);
  result.changed.set(next.id, next);
}

/** PostgreSQL: re-read the row FOR UPDATE, so a PATCH on another hub and this batch never overwrite each other. */
async function lockRow(tx: ConvTx, dialect: Dialect, row: ConversationsTable | null): Promise<ConversationsTable | null> {
  if (!row || dialect !== 'postgres') return row;
  return (await tx.selectFrom('conversations').selectAll().where('id', '=', row.id).forUpdate().executeTakeFirst()) ?? null;
}

/** The conversation this item continues: one holding any of its keys, else (chat, text, calls) the latest on its channel. */
async function findContinued(tx: ConvTx, customerId: string, intent: GroupingIntent): Promise<ConversationsTable | null> {
  // A reply of ours, or a mail naming our Message-ID: that conversation, when it is this customer's.
  if (intent.target) {
    const named = await tx.selectFrom('conversations').selectAll().where('id', '=', intent.target).where('customer_id', '=', customerId).executeTakeFirst();
    if (named) return named;
  }
  const keys = [...intent.keys, ...(intent.byChannel ? [channelKey(intent.channel)] : [])];
  if (keys.length === 0 && !(intent.isReply && intent.subjectKey)) return null;
  const byKey = async (list: string[]) =>
    (await tx
      .selectFrom('conversations as c')
      .innerJoin('conversation_keys as k', 'k.conversation_id', 'c.id')
      .selectAll('c')
      .where('c.customer_id', '=', customerId)
      .where('k.key', 'in', list)
      .orderBy('c.last_activity_us', 'desc')
      .orderBy('c.id', 'desc')
      .limit(1)
      .executeTakeFirst()) ?? null;
  // Thread keys first: a reply belongs to its thread even when a newer conversation exists on the channel.
  if (intent.keys.length > 0) {
    const thread = await byKey(intent.keys);
    if (thread) return thread;
  }
  if (intent.byChannel) return byKey([channelKey(intent.channel)]);
  // Last resort for a mail client that dropped In-Reply-To and References: "Re:" + the same subject from the same customer.
  return intent.isReply && intent.subjectKey ? byKey([intent.subjectKey]) : null;
}

function newConversation(item: TimelineItem, intent: GroupingIntent, itemUs: number, nowUs: number, settings: ConversationSettings): ConversationsTable {
  return {
    id: `cnv_${ulid()}`,
    customer_id: item.customerId,
    status: 'open',
    snoozed_until_us: null,
    priority: 'normal',
    priority_rank: PRIORITY_RANK.normal,
    queue_id: null,
    assignee_id: null,
    tags: '[]',
    subject: intent.subject.slice(0, MAX_SUBJECT),
    channels: '[]',
    created_at_us: itemUs,
    updated_at_us: nowUs,
    last_activity_us: itemUs,
    first_response_at_us: null,
    last_customer_message_at_us: null,
    waiting_since_us: null,
    solved_at_us: null,
    closed_at_us: null,
    sla_policy_id: settings.policy.id,
    first_response_due_us: null,
    next_response_due_us: null,
    resolution_due_us: null,
    sla_due_us: 0,
    pauses: '[]',
    item_count: 0,
  };
}

export async function save(tx: ConvTx, row: ConversationsTable, isNew: boolean): Promise<void> {
  if (isNew) await tx.insertInto('conversations').values(row).execute();
  else {
    const { id, ...rest } = row;
    await tx.updateTable('conversations').set(rest).where('id', '=', id).execute();
  }
}

async function addKeys(tx: ConvTx, conversationId: string, keys: readonly string[]): Promise<void> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return;
  const have = new Set(
    (await tx.selectFrom('conversation_keys').select('key').where('conversation_id', '=', conversationId).where('key', 'in', unique).execute()).map((r) => r.key),
  );
  const rows = unique.filter((k) => !have.has(k)).map((key) => ({ conversation_id: conversationId, key }));
  if (rows.length > 0) await tx.insertInto('conversation_keys').values(rows).execute();
}

/** Re-exported for the service: a status change with its pauses and deadlines. */
export { withStatus };
