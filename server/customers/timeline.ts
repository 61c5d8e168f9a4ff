import { decodeCursor, encodeCursor, type TimelinePage, type TimelineQuery, type TimelineItem } from '../../shared/index.js';
import { InputError } from '../domain.js';
import type { Db } from '../storage/schema.js';
import { EVENT_COLUMNS, toTimelineItem } from './rows.js';
import { withConversationRefs } from '../conversations/timeline-refs.js';

/**
 * One page of a (survivor) customer's timeline, newest first. Keyset pagination on
 * (occurred_at_us DESC, id DESC): the cursor is the last row's position, so equal or
 * 1-µs-apart timestamps never skip or repeat a row. Reads limit+1 rows to know if more exist.
 */
export async function timelinePage(db: Db, customerId: string, query: TimelineQuery): Promise<TimelinePage> {
  const cursor = parseBefore(query.before);
  let q = db.selectFrom('events').select(EVENT_COLUMNS).where('customer_id', '=', customerId);
  const channels = query.channel ? [...new Set(query.channel)] : [];
  // SQLite: the channel sits at the end of the timeline index, so filtering never reads a row it drops.
  // Postgres: one channel uses its (customer_id, channel, occurred_at_us, id) index.
  if (channels.length === 1) q = q.where('channel', '=', channels[0]!);
  else if (channels.length > 1) q = q.where('channel', 'in', channels);
  if (cursor) {
    q = q
      .where('occurred_at_us', '<=', cursor.us)
      .where((eb) => eb.or([eb('occurred_at_us', '<', cursor.us), eb('id', '<', cursor.id)]));
  }
  const rows = await q.orderBy('occurred_at_us', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: await withConversationRefs(db, page.map(toTimelineItem)),
    nextCursor: more && last ? encodeCursor({ us: last.occurred_at_us, id: last.id }) : null,
  };
}

/** Throws InputError('before') for anything that is not one of our cursors. */
export function parseBefore(before: string | undefined): { us: number; id: string } | null {
  if (before === undefined) return null;
  const c = decodeCursor(before);
  if (!c) throw new InputError('before', 'invalid cursor');
  return c;
}

/** Items with seq > sinceSeq, oldest first: socket replay after a reconnect. */
export async function itemsSinceSeq(db: Db, customerId: string, sinceSeq: number, limit: number): Promise<TimelineItem[]> {
  const rows = await db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('customer_id', '=', customerId)
    .where('seq', '>', sinceSeq)
    .orderBy('seq', 'asc')
    .limit(Math.max(0, Math.min(limit, 10_000)))
    .execute();
  return rows.map(toTimelineItem);
}
