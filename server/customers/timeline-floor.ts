import type { RawHandle } from '../storage/database-handle.js';

/*
 * The "raw SQL floor" for the bench: the same page query as timelinePage(), run straight on the
 * driver (prepared statement, no query builder, no row mapping). Compare timeline() against it.
 */

const COLUMNS = 'seq, id, customer_id, source, source_event_id, channel, type, occurred_at_us, summary, data';

export function timelineFloorSql(dialect: 'sqlite' | 'postgres'): string {
  const p = dialect === 'sqlite' ? ['?', '?'] : ['$1', '$2'];
  return `select ${COLUMNS} from events where customer_id = ${p[0]} order by occurred_at_us desc, id desc limit ${p[1]}`;
}

/** Runs the floor query; returns the raw rows (data left as JSON text). */
export function makeTimelineFloor(raw: RawHandle): (customerId: string, limit: number) => Promise<unknown[]> {
  if (raw.dialect === 'sqlite') {
    const stmt = raw.sqlite.prepare(timelineFloorSql('sqlite'));
    return async (customerId, limit) => stmt.all(customerId, limit);
  }
  const text = timelineFloorSql('postgres');
  return async (customerId, limit) => (await raw.pool.query({ name: 'omni_timeline_floor', text, values: [customerId, limit] })).rows;
}
