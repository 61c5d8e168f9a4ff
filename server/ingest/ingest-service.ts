import type BetterSqlite3 from 'better-sqlite3';
import type { IdentifierScopes, IngestEvent } from '../../shared/index.js';
import type { FanOut, IngestOptions, IngestOutcome, IngestService } from '../domain.js';
import type { SqlCustomerQueries } from '../customers/customer-queries.js';
import { CommitQueue } from '../storage/commit-queue.js';
import type { Mutex } from '../storage/mutex.js';
import type { WriteGate } from '../storage/open-database.js';
import { RowWriter } from '../storage/row-writer.js';
import type { Db, Dialect } from '../storage/schema.js';
import { applyMerges } from './apply-merges.js';
import { prepareBatch } from './prepare.js';
import { writeBatch } from './write-batch.js';

export interface IngestServiceOptions {
  db: Db;
  dialect: Dialect;
  defaultRegion: string;
  fanOut: FanOut;
  queries: SqlCustomerQueries;
  /** Serializes write transactions in this process (shared with other writers). */
  writeLock: Mutex;
  /** Where fan-out errors go (they never fail an ingest that already committed). */
  onFanOutError?: (err: unknown) => void;
  /** The raw SQLite handle under `db`, when embedded: the hot-path inserts run as cached prepared statements on it. */
  sqlite?: BetterSqlite3.Database;
  /** Told about each commit so a bulk batch starts a WAL checkpoint at once (SQLite). */
  writeGate?: Pick<WriteGate, 'afterCommit'>;
  /** Which identifier kinds identify a person and which a household may share (default: loyalty shared). */
  identifierScopes?: IdentifierScopes;
  /** Group-commit collect window in ms (see commit-queue.ts); default: the next macrotask. */
  commitWindowMs?: number;
}

/** Batches at least this big ask for a WAL checkpoint right after they commit. */
const BIG_BATCH = 100;

export interface IngestCallOptions extends IngestOptions {
  /** Prefix of InputError paths, default `events` -> `events[3].customer.phone`. */
  pathPrefix?: string;
}

/**
 * Ingest: validate + normalize the whole batch, write it all-or-nothing, answer after a durable
 * commit, then fan out. Concurrent calls share one transaction (and one fsync) through the commit
 * queue, each in its own savepoint. One writer at a time per process (mutex); across processes
 * Postgres takes an advisory transaction lock, and a unique violation from a racing writer retries the batch.
 */
export class SqlIngestService implements IngestService {
  private readonly writer: RowWriter;
  /** Group commit for every ingest call (tests and the bench read its stats). */
  readonly commits: CommitQueue;

  constructor(private readonly o: IngestServiceOptions) {
    this.writer = new RowWriter(o.dialect === 'sqlite' ? (o.sqlite ?? null) : null);
    this.commits = new CommitQueue({
      db: o.db,
      lock: o.writeLock,
      ...(o.commitWindowMs !== undefined ? { windowMs: o.commitWindowMs } : {}),
      onCommit: (events) => o.writeGate?.afterCommit(events >= BIG_BATCH),
    });
  }

  async ingest(events: IngestEvent[], call: IngestCallOptions = {}): Promise<IngestOutcome> {
    const batch = prepareBatch(events, this.o.defaultRegion, call.pathPrefix);
    if (batch.length === 0) return { results: [], created: [], merges: [], touchedCustomerIds: [] };
    const { merge } = call;
    return this.commits.submit<IngestOutcome>({
      weight: batch.length,
      write: async (tx) => {
        const out = await writeBatch(tx, this.o.dialect, batch, this.writer, this.o.identifierScopes);
        // Upsert: duplicates merged into their stored items, same savepoint (all-or-nothing).
        return merge ? applyMerges(tx, batch, out, merge) : out;
      },
      // Still under the lock: fan-out leaves in commit (seq) order.
      afterCommit: (outcome) => this.fanOut(outcome),
    });
  }

  private async fanOut(outcome: IngestOutcome): Promise<void> {
    const { fanOut } = this.o;
    const safely = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        this.o.onFanOutError?.(err);
      }
    };
    // Merges first, so watchers of a merged-away id are moved before its items arrive.
    for (const m of outcome.merges) safely(() => fanOut.customerMerged(m));
    for (const item of outcome.created) safely(() => fanOut.timelineItem(item.customerId, item));
    for (const item of outcome.updated ?? []) safely(() => fanOut.timelineItem(item.customerId, item));
    if (outcome.touchedCustomerIds.length === 0) return;
    let summaries;
    try {
      summaries = await this.o.queries.summaries(outcome.touchedCustomerIds);
    } catch (err) {
      this.o.onFanOutError?.(err);
      return;
    }
    for (const id of outcome.touchedCustomerIds) {
      const s = summaries.get(id);
      if (s) safely(() => fanOut.customerUpdated(s));
    }
  }
}
