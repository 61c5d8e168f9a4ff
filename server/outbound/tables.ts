import type { Kysely, Transaction } from 'kysely';
import type { ConversationTables } from '../conversations/tables.js';
import type { Db, Schema } from '../storage/schema.js';

export type OutboxTable = {
  id: string;
  idempotency_key: string;
  conversation_id: string;
  customer_id: string;
  event_id: string;
  channel: string;
  status: string;
  provider_status: string | null;
  recipient: string;
  sender: string;
  subject: string | null;
  message_id: string | null;
  provider_id: string | null;
  payload: string;
  attempts: number;
  max_attempts: number;
  next_attempt_us: number;
  lease_owner: string | null;
  lease_until_us: number | null;
  error_code: string | null;
  error_text: string | null;
  created_by: string | null;
  created_at_us: number;
  updated_at_us: number;
};

export type NotesTable = {
  id: string;
  idempotency_key: string;
  conversation_id: string;
  author_id: string | null;
  text: string;
  mentions: string;
  created_at_us: number;
};

export type DraftsTable = {
  conversation_id: string;
  user_id: string;
  mode: string;
  body: string;
  updated_at_us: number;
};

export type OutboundTables = { outbox_messages: OutboxTable; conversation_notes: NotesTable; compose_drafts: DraftsTable };
/** Ours, plus the conversations' tables we read (never write). */
type All = Schema & ConversationTables & OutboundTables;
export type OutDb = Kysely<All>;
export type OutTx = Transaction<All>;
export const outDb = (db: Db): OutDb => db.withTables<ConversationTables & OutboundTables>();
export const outTx = (tx: Transaction<Schema>): OutTx => tx.withTables<ConversationTables & OutboundTables>();
