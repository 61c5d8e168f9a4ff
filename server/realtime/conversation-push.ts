import { rooms, type Conversation, type RoomName } from '../../shared/index.js';
import type { HubEmitter } from './emitter.js';

/** Rows per `conversations:updated` (a bulk update is capped at 200 ids: one event). */
export const CONVERSATION_BATCH_MAX = 200;

/**
 * A committed change of conversations -> sockets: each row to its customer's room, the inbox room (All /
 * Unassigned views: new work has no queue or assignee yet), its queues and its assignees (before and after).
 * Rows that share those rooms (a bulk update: same queue, no assignee) go out together as one
 * `conversations:updated`: one frame per socket instead of one per row. A bulk of 200 rows to 200 agents was
 * 40,000 frames, each with its own packet and write queued per socket until the client read it (a hub
 * with 200 consoles held them in its heap: RSS) and 200 events for every console to parse. A lone row
 * keeps its `conversation:updated`; a customer's watchers outside the shared rooms get their row alone.
 * Returns the users and queues involved (their inbox counts follow).
 */
export function pushConversations(
  emitter: HubEmitter,
  conversations: readonly Conversation[],
  was: readonly { queueId: string | null; assigneeId: string | null }[],
): { users: Set<string>; queues: Set<string> } {
  const users = new Set<string>();
  const queues = new Set<string>();
  const groups = new Map<string, { shared: RoomName[]; rows: Conversation[] }>();
  conversations.forEach((conversation, i) => {
    const shared = new Set<RoomName>([rooms.inbox()]);
    for (const q of [conversation.queueId, was[i]?.queueId]) {
      if (!q) continue;
      queues.add(q);
      shared.add(rooms.queue(q));
    }
    for (const u of [conversation.assigneeId, was[i]?.assigneeId]) {
      if (!u) continue;
      users.add(u);
      shared.add(rooms.user(u));
    }
    const sorted = [...shared].sort();
    const key = sorted.join(' ');
    const group = groups.get(key);
    if (group) group.rows.push(conversation);
    else groups.set(key, { shared: sorted, rows: [conversation] });
  });
  for (const { shared, rows } of groups.values()) {
    if (rows.length === 1) {
      const conversation = rows[0]!;
      emitter.emit([rooms.customer(conversation.customerId), ...shared], 'conversation:updated', { conversation });
      continue;
    }
    for (let i = 0; i < rows.length; i += CONVERSATION_BATCH_MAX) emitter.emit(shared, 'conversations:updated', { conversations: rows.slice(i, i + CONVERSATION_BATCH_MAX) });
    for (const conversation of rows) {
      const room = rooms.customer(conversation.customerId);
      if (emitter.mayHaveMembers(room)) emitter.emitExcept([room], shared, 'conversation:updated', { conversation });
    }
  }
  return { users, queues };
}
