import { EVENT_TYPE } from '../../shared/index.js';
import type { WidgetDb, WidgetMessagesTable } from './tables.js';

export interface ReplyTarget {
  chatId: string;
  eventId: string;
  /** The conversation's status (a closed one takes no replies). */
  status: string;
  /** The chat's visitor (JSON), null when the chat row is gone. */
  visitor: string | null;
  /** This compose's message when it is stored already (a retried reply). */
  seen: WidgetMessagesTable | null;
}

/**
 * What an agent reply needs before its commit, in ONE read: the newest widget chat item of the conversation
 * (`source` items whose id is a widget chat's), the conversation's status, the visitor, and the message with
 * `clientId` if stored. Null: no such conversation, or no widget chat in it.
 */
export async function readReplyTarget(db: WidgetDb, conversationId: string, clientId: string, source: string): Promise<ReplyTarget | null> {
  const r = await db
    .selectFrom('conversation_items as ci')
    .innerJoin('conversations as c', 'c.id', 'ci.conversation_id')
    .innerJoin('events as e', 'e.id', 'ci.event_id')
    .leftJoin('widget_chats as w', 'w.id', 'e.source_event_id')
    .leftJoin('widget_messages as m', (j) => j.onRef('m.chat_id', '=', 'e.source_event_id').on('m.client_id', '=', clientId))
    .select(['e.source_event_id', 'e.id', 'c.status', 'w.visitor', 'm.seq', 'm.client_id', 'm.direction', 'm.author', 'm.text', 'm.at_us'])
    .where('ci.conversation_id', '=', conversationId)
    .where('e.source', '=', source)
    .where('e.type', '=', EVENT_TYPE.chatConversation)
    .where('e.source_event_id', 'like', 'wch_%')
    .orderBy('e.occurred_at_us', 'desc')
    .executeTakeFirst();
  if (!r) return null;
  const seen = r.seq !== null && r.client_id !== null ? { chat_id: r.source_event_id, seq: Number(r.seq), client_id: r.client_id, direction: r.direction ?? 'agent', author: r.author ?? '', text: r.text ?? '', at_us: Number(r.at_us ?? 0) } : null;
  return { chatId: r.source_event_id, eventId: r.id, status: r.status, visitor: r.visitor ?? null, seen };
}
