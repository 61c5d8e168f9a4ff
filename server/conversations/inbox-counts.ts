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
 * The live counts pushed after changes: one grouped read shared by every user it is summed for (the assignees
 * before and after, and the shared counts) and by every change announced before it started. Reads start at most
 * once per `minGapMs`: a steady stream of routing claims (each one a change) costs a few recounts a second, not
 * one full recount per claim, and every pushed count is still read after the change it follows.
 */
export class InboxCountsAfterChange {
  private generation = 0;
  private cached: { generation: number; rows: Promise<CountRow[]> } | null = null;
  private lastReadAtMs = -Infinity;
  private waiting: Promise<void> | null = null;

  constructor(
    private readonly db: ConvDb,
    private readonly minGapMs = 200,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** A change is about to be announced: the next read goes to the database. */
  changed(): void {
    this.generation++;
  }

  async counts(userId: string | null): Promise<InboxCounts> {
    while (!this.cached || this.cached.generation !== this.generation) {
      const wait = this.lastReadAtMs + this.minGapMs - this.nowMs();
      if (wait > 0) {
        // Changes announced meanwhile join the read that follows the wait.
        this.waiting ??= new Promise<void>((r) => setTimeout(r, wait)).finally(() => (this.waiting = null));
        await this.waiting;
        continue;
      }
      this.lastReadAtMs = this.nowMs();
      const rows = readCountRows(this.db);
      const entry = { generation: this.generation, rows };
      this.cached = entry;
      rows.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
      break;
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
