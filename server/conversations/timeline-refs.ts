import type { TimelineConversationRef, TimelineItem } from '../../shared/index.js';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { Db } from '../storage/schema.js';
import { convDb } from './tables.js';

/** Each item with the conversation it belongs to (`conversation` left off for items outside one): one indexed read per page. */
export async function withConversationRefs(db: Db, items: TimelineItem[]): Promise<TimelineItem[]> {
  if (items.length === 0) return items;
  const refs = new Map<string, TimelineConversationRef>();
  for (const part of chunk(items.map((i) => i.id), MAX_IN_LIST)) {
    const rows = await convDb(db)
      .selectFrom('conversation_items as ci')
      .innerJoin('conversations as c', 'c.id', 'ci.conversation_id')
      .select(['ci.event_id', 'c.id', 'c.subject', 'c.status'])
      .where('ci.event_id', 'in', part)
      .execute();
    for (const r of rows) refs.set(r.event_id, { id: r.id, subject: r.subject, status: r.status as TimelineConversationRef['status'] });
  }
  return items.map((i) => {
    const conversation = refs.get(i.id);
    return conversation ? { ...i, conversation } : i;
  });
}
