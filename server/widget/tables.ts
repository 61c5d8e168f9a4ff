import type { Kysely } from 'kysely';
import type { ConversationTables } from '../conversations/tables.js';
import type { OutboundTables } from '../outbound/tables.js';
import type { Db, Schema } from '../storage/schema.js';

export type WidgetChatsTable = { id: string; token_hash: string; visitor: string; last_seq: number; created_at_us: number };
export type WidgetMessagesTable = { chat_id: string; seq: number; client_id: string; direction: string; author: string; text: string; at_us: number };
export type WidgetTables = { widget_chats: WidgetChatsTable; widget_messages: WidgetMessagesTable };
/** Ours, plus what we read (conversations) and the outbox we write agent replies into. */
export type WidgetDb = Kysely<Schema & ConversationTables & OutboundTables & WidgetTables>;
export const widgetDb = (db: Db): WidgetDb => db.withTables<ConversationTables & OutboundTables & WidgetTables>();
