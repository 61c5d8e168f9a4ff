import type { Kysely, Transaction } from 'kysely';
import type { Db, Schema } from '../storage/schema.js';

/** The conversations feature's own tables (migration 0021), typed here so storage/schema.ts stays untouched. */
export type ConversationsTable = {
  id: string;
  customer_id: string;
  status: string;
  snoozed_until_us: number | null;
  priority: string;
  /** 0 urgent .. 3 low: the inbox orders on it. */
  priority_rank: number;
  /** A team id (server/users), no foreign key: queues outlive team edits. */
  queue_id: string | null;
  assignee_id: string | null;
  /** JSON array of strings. */
  tags: string;
  subject: string;
  /** JSON array of channels, in the order they joined. */
  channels: string;
  created_at_us: number;
  updated_at_us: number;
  last_activity_us: number;
  first_response_at_us: number | null;
  last_customer_message_at_us: number | null;
  waiting_since_us: number | null;
  solved_at_us: number | null;
  closed_at_us: number | null;
  sla_policy_id: string;
  first_response_due_us: number | null;
  next_response_due_us: number | null;
  resolution_due_us: number | null;
  /** min of the running deadlines, NO_DEADLINE_US when none runs: one ascending keyset column. */
  sla_due_us: number;
  /** JSON Pause[] (server/sla): when pending/snoozed held the clocks, in µs. */
  pauses: string;
  item_count: number;
}

/** item -> conversation: the conversation is a view of the timeline, never a copy. */
export type ConversationItemsTable = {
  event_id: string;
  conversation_id: string;
  linked_at_us: number;
}

/** Keys that continue an exchange (`email:<message-id>`, `chat:<id>`), per conversation. */
export type ConversationKeysTable = {
  conversation_id: string;
  key: string;
}

export type ConversationTables = {
  conversations: ConversationsTable;
  conversation_items: ConversationItemsTable;
  conversation_keys: ConversationKeysTable;
}

export type ConvSchema = Schema & ConversationTables;
export type ConvDb = Kysely<ConvSchema>;
export type ConvTx = Transaction<ConvSchema>;
export const convDb = (db: Db): ConvDb => db.withTables<ConversationTables>();
export const convTx = (tx: Transaction<Schema>): ConvTx => tx.withTables<ConversationTables>();

/** "No deadline runs": after every real deadline in ascending order (year ~2255 in µs). */
export const NO_DEADLINE_US = 9_000_000_000_000_000;
