import { sql } from 'kysely';
import type { Actor } from '../../shared/index.js';
import type BetterSqlite3 from 'better-sqlite3';
import type { IdentifierScopes, IngestEvent } from '../../shared/index.js';
import type { IngestOptions, IngestOutcome, IngestService } from '../domain.js';
import type { DomainEventPublisher } from '../events/bus.js';
import type { SqlCustomerQueries } from '../customers/customer-queries.js';
import { readSummaries } from '../customers/read-summaries.js';
import { CommitQueue, type Tx } from '../storage/commit-queue.js';
import { sqliteOffLoopSync } from '../storage/off-loop-sync.js';
import type { Mutex } from '../storage/mutex.js';
import type { WriteGate } from '../storage/database-handle.js';
import { RowWriter } from '../storage/row-writer.js';
import type { Db, Dialect } from '../storage/schema.js';
import { lockForIdentityWrite } from '../merges/lock.js';
import { answersInOrder, dropErasedEvents } from '../privacy/tombstones.js';
import { applyMerges } from './apply-merges.js';
import { prepareBatch } from './prepare.js';
import { writeBatch } from './write-batch.js';

export interface IngestServiceOptions {
  db: Db;
  dialect: Dialect;
  defaultRegion: string;
  /** Where committed facts go (event.created/updated, customer.merged/updated); publishing never fails an ingest. */
  events: DomainEventPublisher;
  queries: SqlCustomerQueries;
  /** Serializes write transactions in this process (shared with other writers). */
  writeLock: Mutex;
  /** The raw SQLite handle under `db`, when embedded: the hot-path inserts run as cached prepared statements on it. */
  sqlite?: BetterSqlite3.Database;
  /** Told about each commit so a bulk batch starts a WAL checkpoint at once (SQLite). */
  writeGate?: Pick<WriteGate, 'afterCommit'>;
  /** Which identifier kinds identify a person and which a household may share (default: loyalty shared). */
  identifierScopes?: IdentifierScopes;
  /** Group-commit collect window in ms (see commit-queue.ts); default: the next macrotask. */
  commitWindowMs?: number;
}

/**
 * Runs inside the ingest transaction after the batch is written (same savepoint: a throw rolls the batch
 * back), e.g. grouping items into conversations so no item is ever committed ungrouped. May return what
 * to publish once the batch committed (called after ingest's own facts, under the write lock).
 */
export type IngestWriteHook = (tx: Tx, outcome: IngestOutcome) => Promise<(() => void) | void>;

/** Batches at least this big ask for a WAL checkpoint right after they commit. */
const BIG_BATCH = 100;

export interface IngestCallOptions extends IngestOptions {
  /** Prefix of InputError paths, default `events` -> `events[3].customer.phone`. */
  pathPrefix?: string;
}

/**
 * Ingest: validate + normalize the whole batch, write it all-or-nothing, answer after a durable
 * commit, then publish what was committed. Concurrent calls share one transaction (and one fsync) through the commit
 * queue, each in its own savepoint. One writer at a time per process (mutex); across processes
 * Postgres takes an advisory transaction lock, and a unique violation from a racing writer retries the batch.
 */
export class SqlIngestService implements IngestService {
  private readonly writer: RowWriter;
  /** Group commit for every ingest call (tests and the bench read its stats). */
  readonly commits: CommitQueue;
  private readonly writeHooks: IngestWriteHook[] = [];

  constructor(private readonly o: IngestServiceOptions) {
    this.writer = new RowWriter(o.dialect === 'sqlite' ? (o.sqlite ?? null) : null);
    // Embedded SQLite: previewed calls (the widget's) wait for their fsync off the event loop.
    const offLoopSync = o.dialect === 'sqlite' && o.sqlite ? sqliteOffLoopSync(o.db, o.sqlite) : undefined;
    this.commits = new CommitQueue({
      db: o.db,
      lock: o.writeLock,
      ...(o.commitWindowMs !== undefined ? { windowMs: o.commitWindowMs } : {}),
      onCommit: (events) => o.writeGate?.afterCommit(events >= BIG_BATCH),
      ...(offLoopSync ? { offLoopSync } : {}),
    });
  }

  /** Adds a step to every ingest transaction (a later module's, at wiring time). */
  addWriteHook(hook: IngestWriteHook): void {
    this.writeHooks.push(hook);
  }

  async ingest(actor: Actor, events: IngestEvent[], call: IngestCallOptions = {}): Promise<IngestOutcome> {
    const batch = prepareBatch(events, this.o.defaultRegion, call.pathPrefix);
    if (batch.length === 0) return { results: [], created: [], merges: [], touchedCustomerIds: [] };
    const { merge } = call;
    let hooked: (() => void)[] = [];
    return this.commits.submit<IngestOutcome>({
      weight: batch.length,
      ...(call.previewed ? { offLoopSync: true } : {}),
      write: async (tx) => {
        hooked = []; // a retried write starts over
        // Erased events (privacy tombstones) are answered, never written again; read under the identity lock so an erasure committing meanwhile is seen.
        await lockForIdentityWrite(tx, this.o.dialect);
        const { kept, dropped } = (await anyTombstone(tx)) ? await dropErasedEvents(tx, batch) : { kept: batch, dropped: new Map<number, never>() };
        if (kept.length === 0) return { results: answersInOrder(batch, [], dropped), created: [], merges: [], touchedCustomerIds: [] };
        const out = await writeBatch(tx, this.o.dialect, kept, this.writer, this.o.identifierScopes);
        // Upsert: duplicates merged into their stored items, same savepoint (all-or-nothing).
        const merged = merge ? await applyMerges(tx, kept, out, merge) : out;
        for (const hook of this.writeHooks) {
          const after = await hook(tx, merged);
          if (after) hooked.push(after);
        }
        return dropped.size === 0 ? merged : { ...merged, results: answersInOrder(batch, merged.results, dropped) };
      },
      // Still under the lock: facts are published in commit (seq) order.
      afterCommit: async (outcome) => {
        // Its readers had a preview: requests that arrived during the commit go before its fan-out.
        if (call.previewed) await new Promise<void>((resolve) => setImmediate(resolve));
        this.publish(outcome);
        for (const after of hooked) after();
      },
    });
  }

  private publish(outcome: IngestOutcome): void {
    const { events } = this.o;
    // Merges first, so watchers of a merged-away id are moved before its items arrive.
    for (const m of outcome.merges) events.publish('customer.merged', m);
    if (outcome.created.length > 0) events.publish('event.created', { items: outcome.created });
    if (outcome.updated && outcome.updated.length > 0) events.publish('event.updated', { items: outcome.updated });
    const customerIds = outcome.touchedCustomerIds;
    if (customerIds.length === 0) return;
    const identityChangedIds = outcome.updated?.length ? undefined : outcome.identityChangedIds;
    events.publish('customer.updated', { customerIds, summaries: (ids) => readSummaries(this.o.queries, ids), ...(identityChangedIds ? { identityChangedIds } : {}) });
  }
}

/**
 * Erasures are rare: with no tombstone at all (one row probe) the batch skips hashing every event and
 * the lookup. Read in the write transaction under the identity lock, like the lookup itself.
 */
async function anyTombstone(tx: Tx): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`select 1 as one from privacy_tombstones limit 1`.execute(tx);
  return rows.length > 0;
}
