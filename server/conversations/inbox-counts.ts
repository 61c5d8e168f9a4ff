import type { InboxCounts } from '../../shared/index.js';
import type { ConvDb } from './tables.js';

/** Statuses that are work waiting (the inbox counts them). */
export const WORK_STATUSES = ['open', 'pending'] as const;

type CountRow = { queue_id: string | null; assignee_id: string | null; n: number | string };

/** Counts per view over open + pending: one grouped read (queue x assignee), summed here. */
export async function readInboxCounts(db: ConvDb, userId: string | null): Promise<InboxCounts> {
  return sumCounts(await readCountRows(db), userId);
}

/**
 * The live counts pushed after changes: one grouped read per change, shared by every user it is summed for
 * (the assignees before and after, and the shared counts), and by later changes' pushes while no newer
 * change was announced (a burst of routing claims costs one read, not one per claim and per user).
 */
export class InboxCountsAfterChange {
  private generation = 0;
  private cached: { generation: number; rows: Promise<CountRow[]> } | null = null;

  constructor(private readonly db: ConvDb) {}

  /** A change is about to be announced: the next read goes to the database. */
  changed(): void {
    this.generation++;
  }

  async counts(userId: string | null): Promise<InboxCounts> {
    if (!this.cached || this.cached.generation !== this.generation) {
      const rows = readCountRows(this.db);
      const entry = { generation: this.generation, rows };
      this.cached = entry;
      rows.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
    }
    return sumCounts(await this.cached.rows, userId);
  }
}

/** The grouped read behind every count (exported for its query-plan test: index `conversations_counts`). */
export function countRowsQuery(db: ConvDb) {
  return db
    .selectFrom('conversations')
    .select(['queue_id', 'assignee_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', 'in', [...WORK_STATUSES])
    .groupBy(['queue_id', 'assignee_id']);
}

function readCountRows(db: ConvDb): Promise<CountRow[]> {
  return countRowsQuery(db).execute();
}

function sumCounts(rows: readonly CountRow[], userId: string | null): InboxCounts {
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
