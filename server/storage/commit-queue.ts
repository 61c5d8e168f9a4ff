import { sql, type Transaction } from 'kysely';
import { isUniqueViolation } from './batch.js';
import type { Mutex } from './mutex.js';
import type { Db, Schema } from './schema.js';

/*
 * Group commit. With durable commits (SQLite synchronous=FULL, PostgreSQL synchronous_commit=on)
 * every COMMIT waits for an fsync, and one fsync per HTTP request would cap concurrent senders at
 * the disk's flush rate. So requests wait here briefly and the ones that arrived together share ONE
 * transaction, and so one fsync; nobody is answered before that commit returns.
 *
 * All-or-nothing stays per request: each runs inside its own SAVEPOINT, and a request that fails
 * is rolled back to it alone while the rest of its group commits. If the COMMIT itself fails,
 * every request of the group fails (none of them was acknowledged). A request alone in its group
 * (bulk batches, a quiet hub) needs no savepoint: its transaction is all-or-nothing already.
 *
 * When: a request that finds the queue idle schedules the flush after `windowMs` (0 = the next
 * macrotask, after the I/O callbacks of this event-loop turn, so every request read in the same poll
 * joins at no added latency). While a group holds the write lock, newcomers queue and form the next
 * group. So a lone sender pays nothing extra and concurrent senders are grouped by the time the
 * commit in front of them takes, like PostgreSQL's own group commit.
 */

export type Tx = Transaction<Schema>;

export interface CommitJob<T> {
  /** The request's writes, inside the group's transaction. */
  write(tx: Tx): Promise<T>;
  /** After the commit, still under the write lock, in commit order (fan-out). Never fails the request. */
  afterCommit?(result: T): Promise<void>;
  /** Events in this request: groups are capped by it (bounded transactions) and big ones flush at once. */
  weight: number;
  /** Its readers already had it as a preview: on a queue with `offLoopSync`, its fsync may run off the event loop. */
  offLoopSync?: boolean;
}

export interface CommitQueueOptions {
  db: Db;
  /** The process-wide write lock (shared with merges/undos); also gates on the WAL checkpointer. */
  lock: Mutex;
  /** Collect window for a request that finds the queue idle; 0 = next macrotask. */
  windowMs?: number;
  /** A group stops taking requests once it holds this many events (one bulk batch alone may exceed it). */
  maxGroupWeight?: number;
  /** Told after each commit with the events it stored (the WAL checkpointer starts on big commits). */
  onCommit?(weight: number): void;
  /** Attempts per request when a racing writer (another hub process) hits a unique key first. */
  maxAttempts?: number;
  /**
   * Embedded SQLite fsyncs inside COMMIT, on the event loop. A group whose every request allows it commits on
   * `run`'s connection without that fsync, then waits for `sync` (the fsync in libuv's pool) before anyone is
   * answered or anything published: as durable, while the loop serves other requests (see off-loop-sync.ts).
   */
  offLoopSync?: { run<T>(body: (db: Db) => Promise<T>): Promise<T>; sync(): Promise<void> };
}

interface Pending {
  job: CommitJob<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export interface CommitQueueStats {
  /** Transactions committed or rolled back by the queue (one per group). */
  transactions: number;
  /** Requests that went through those transactions. */
  requests: number;
  /** Requests that failed inside a group and were rolled back alone. */
  rolledBackAlone: number;
  /** The most requests one transaction carried. */
  largestGroup: number;
}

export class CommitQueue {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly windowMs: number;
  private readonly maxWeight: number;
  private readonly maxAttempts: number;
  readonly stats: CommitQueueStats = { transactions: 0, requests: 0, rolledBackAlone: 0, largestGroup: 0 };

  constructor(private readonly o: CommitQueueOptions) {
    this.windowMs = o.windowMs ?? 0;
    this.maxWeight = o.maxGroupWeight ?? 5000;
    this.maxAttempts = o.maxAttempts ?? 3;
  }

  /** Resolves after the request's writes are committed (durably) and its afterCommit ran. */
  submit<T>(job: CommitJob<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job: job as CommitJob<unknown>, resolve: resolve as (v: unknown) => void, reject });
      this.schedule(job.weight >= this.maxWeight);
    });
  }

  private schedule(now: boolean): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      // The lock's gate (WAL checkpointer) failing must not strand the waiting requests.
      this.o.lock.run(() => this.commitGroup()).catch((err: unknown) => {
        for (const p of this.take()) p.reject(err);
      });
    };
    if (now || this.windowMs <= 0) setImmediate(flush);
    else setTimeout(flush, this.windowMs);
  }

  /** Takes what queued up until the lock was ours, so everything that waited behind the previous group joins. */
  private take(): Pending[] {
    let weight = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || weight + this.queue[n]!.job.weight <= this.maxWeight)) weight += this.queue[n++]!.job.weight;
    const group = this.queue.slice(0, n);
    this.queue = this.queue.slice(n);
    // Left over (the group was full): the next group is due at once, they already waited.
    if (this.queue.length) this.schedule(true);
    return group;
  }

  private async commitGroup(): Promise<void> {
    const group = this.take();
    if (group.length === 0) return;
    const results = new Map<Pending, { ok: true; value: unknown } | { ok: false; error: unknown }>();
    let weight = 0;
    let committed = false;
    const off = this.o.offLoopSync && group.every((p) => p.job.offLoopSync) ? this.o.offLoopSync : null;
    try {
      await (off ? off.run((db) => this.writeGroup(db, group, results)) : this.writeGroup(this.o.db, group, results));
      for (const p of group) if (results.get(p)!.ok) weight += p.job.weight;
      committed = group.length > 1 || results.get(group[0]!)!.ok;
      // Committed but not yet on disk: nobody hears of it before the fsync (a failed one fails the whole group).
      if (committed && off) await off.sync();
    } catch (err) {
      committed = false;
      // The COMMIT (or a savepoint statement) failed: nothing of this group is stored.
      for (const p of group) results.set(p, { ok: false, error: err });
    } finally {
      this.stats.transactions++;
      this.stats.requests += group.length;
      this.stats.largestGroup = Math.max(this.stats.largestGroup, group.length);
    }
    if (committed) this.o.onCommit?.(weight);
    for (const p of group) {
      const r = results.get(p)!;
      if (!r.ok) {
        p.reject(r.error);
        continue;
      }
      try {
        await p.job.afterCommit?.(r.value);
      } catch {
        // afterCommit reports its own errors; the request is committed whatever happens here.
      }
      p.resolve(r.value);
    }
  }

  private async writeGroup(db: Db, group: Pending[], results: Map<Pending, { ok: true; value: unknown } | { ok: false; error: unknown }>): Promise<void> {
    if (group.length === 1) {
      // Alone in its transaction: the transaction is its savepoint. A SAVEPOINT would make SQLite copy
      // every page the request touches into a statement journal (about 10% of bulk ingest).
      results.set(group[0]!, await this.runLone(db, group[0]!.job));
      return;
    }
    await db.transaction().execute(async (tx) => {
      for (const p of group) results.set(p, await this.runAlone(tx, p.job));
    });
  }

  /** One request in its own transaction (no savepoint): rolled back on failure, retried on a racing unique key. */
  private async runLone(db: Db, job: CommitJob<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await db.transaction().execute((tx) => job.write(tx));
        return { ok: true, value };
      } catch (error) {
        if (attempt < this.maxAttempts && isUniqueViolation(error)) continue;
        this.stats.rolledBackAlone++;
        return { ok: false, error };
      }
    }
  }

  /** One request inside its own savepoint: rolled back alone on failure, retried on a racing unique key. */
  private async runAlone(tx: Tx, job: CommitJob<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
    for (let attempt = 1; ; attempt++) {
      await sql`savepoint omni_request`.execute(tx);
      try {
        const value = await job.write(tx);
        await sql`release savepoint omni_request`.execute(tx);
        return { ok: true, value };
      } catch (error) {
        await sql`rollback to savepoint omni_request`.execute(tx);
        await sql`release savepoint omni_request`.execute(tx);
        if (attempt < this.maxAttempts && isUniqueViolation(error)) continue;
        this.stats.rolledBackAlone++;
        return { ok: false, error };
      }
    }
  }
}
