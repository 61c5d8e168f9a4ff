import type BetterSqlite3 from 'better-sqlite3';
import type { IngestEvent } from '../../shared/index.js';
import type { FanOut, IngestOptions, IngestOutcome, IngestService } from '../domain.js';
import type { SqlCustomerQueries } from '../customers/customer-queries.js';
import { isUniqueViolation } from '../storage/batch.js';
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
}

/** Batches at least this big ask for a WAL checkpoint right after they commit. */
const BIG_BATCH = 100;

export interface IngestCallOptions extends IngestOptions {
  /** Prefix of InputError paths, default `events` -> `events[3].customer.phone`. */
  pathPrefix?: string;
}

const MAX_ATTEMPTS = 3;

/**
 * Ingest: validate + normalize the whole batch, write it in ONE transaction, then fan out.
 * Concurrency: one writer at a time per process (mutex); across processes Postgres takes an
 * advisory transaction lock, and a unique violation from a racing writer retries the batch.
 */
export class SqlIngestService implements IngestService {
  private readonly writer: RowWriter;

  constructor(private readonly o: IngestServiceOptions) {
    this.writer = new RowWriter(o.dialect === 'sqlite' ? (o.sqlite ?? null) : null);
  }

  async ingest(events: IngestEvent[], call: IngestCallOptions = {}): Promise<IngestOutcome> {
    const batch = prepareBatch(events, this.o.defaultRegion, call.pathPrefix);
    if (batch.length === 0) return { results: [], created: [], merges: [], touchedCustomerIds: [] };
    return this.o.writeLock.run(async () => {
      const outcome = await this.writeWithRetry(batch, call);
      this.o.writeGate?.afterCommit(batch.length >= BIG_BATCH);
      // Still under the lock: fan-out leaves in commit (seq) order.
      await this.fanOut(outcome);
      return outcome;
    });
  }

  private async writeWithRetry(batch: Parameters<typeof writeBatch>[2], call: IngestOptions = {}): Promise<IngestOutcome> {
    const { merge } = call;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.o.db.transaction().execute(async (tx) => {
          const out = await writeBatch(tx, this.o.dialect, batch, this.writer);
          // Upsert: duplicates merged into their stored items, same transaction (all-or-nothing).
          return merge ? applyMerges(tx, batch, out, merge) : out;
        });
      } catch (err) {
        if (attempt < MAX_ATTEMPTS && isUniqueViolation(err)) continue;
        throw err;
      }
    }
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
