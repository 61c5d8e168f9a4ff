import type { TimelineItem } from '../../shared/index.js';
import { EVENT_COLUMNS, toTimelineItem } from '../customers/rows.js';
import type { Db } from '../storage/schema.js';

/**
 * The newest `limit` events of a survivor, newest first: the timeline's first page without its conversation
 * refs. The features never read those, and attaching them probed conversation_items once per event (300
 * random index pages for a heavy customer whose pages are cold).
 */
export async function eventWindow(db: Db, survivorId: string, limit: number): Promise<TimelineItem[]> {
  const rows = await db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('customer_id', '=', survivorId)
    .orderBy('occurred_at_us', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toTimelineItem);
}
