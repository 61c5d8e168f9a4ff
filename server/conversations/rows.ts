import type { Channel, Conversation } from '../../shared/index.js';
import type { Priority } from '../../shared/sla.js';
import { fastMicrosToIso as microsToIso } from './fast-iso.js';
import { NO_DEADLINE_US, type ConversationsTable } from './tables.js';

const iso = (us: number | null) => (us === null ? null : microsToIso(us));
/** Most conversations carry no tags: a fresh empty array without a JSON parse. */
const jsonArray = <T>(text: string): T[] => (text === '[]' ? [] : (JSON.parse(text) as T[]));

/** Row -> API shape (`customerName` joined by the reader). */
export function toConversation(r: ConversationsTable, customerName: string | null): Conversation {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName,
    status: r.status as Conversation['status'],
    snoozedUntil: iso(r.snoozed_until_us),
    priority: r.priority as Priority,
    queueId: r.queue_id,
    assigneeId: r.assignee_id,
    tags: jsonArray<string>(r.tags),
    subject: r.subject,
    channels: jsonArray<Channel>(r.channels),
    createdAt: microsToIso(r.created_at_us),
    updatedAt: microsToIso(r.updated_at_us),
    firstResponseAt: iso(r.first_response_at_us),
    lastCustomerMessageAt: iso(r.last_customer_message_at_us),
    waitingSince: iso(r.waiting_since_us),
    solvedAt: iso(r.solved_at_us),
    slaPolicyId: r.sla_policy_id,
    firstResponseDueAt: iso(r.first_response_due_us),
    nextResponseDueAt: iso(r.next_response_due_us),
    resolutionDueAt: iso(r.resolution_due_us),
    nextDueAt: r.sla_due_us >= NO_DEADLINE_US ? null : microsToIso(r.sla_due_us),
    itemCount: r.item_count,
  };
}

export const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Conversation keys: an email message id, a chat id, or the channel itself (`channel:sms`). */
export const channelKey = (channel: Channel) => `channel:${channel}`;
