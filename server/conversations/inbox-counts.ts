import type { InboxCounts } from '../../shared/index.js';
import type { ConvDb } from './tables.js';

/** Statuses that are work waiting (the inbox counts them). */
export const WORK_STATUSES = ['open', 'pending'] as const;

/** Counts per view over open + pending: one grouped read (queue x assignee), summed here. */
export async function readInboxCounts(db: ConvDb, userId: string | null): Promise<InboxCounts> {
  const rows = await db
    .selectFrom('conversations')
    .select(['queue_id', 'assignee_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', 'in', [...WORK_STATUSES])
    .groupBy(['queue_id', 'assignee_id'])
    .execute();
  const counts: InboxCounts = { all: 0, unassigned: 0, mine: 0, queues: {} };
  for (const r of rows) {
    const n = Number(r.n);
    counts.all += n;
    if (r.assignee_id === null) counts.unassigned += n;
    if (userId !== null && r.assignee_id === userId) counts.mine += n;
    if (r.queue_id !== null) counts.queues[r.queue_id] = (counts.queues[r.queue_id] ?? 0) + n;
  }
  return counts;
}
