import { identifierScopes, type IdentifierScopes, type TimelineItem } from '../../../shared/index.js';
import { survivors } from '../household-links.js';
import { ulid } from '../../storage/ids.js';
import { nowMicros } from '../../storage/batch.js';
import { defaultModel, type FsModel } from './fellegi-sunter.js';
import { attrEvent, type AttrEvent } from './match-attrs.js';
import { applyPart, partsOf } from './match-index-apply.js';
import { canFitInWorker, fitInProcess, fitInWorker } from './match-fit-runner.js';
import type { FitResult } from './match-fit.js';
import type { MatchIndexOptions } from './match-index-options.js';
import {
  BACKFILL_SETTING,
  insertModel,
  latestModel,
  matchDb,
  readProfiles,
  readSetting,
  writeSetting,
  changedSince,
  MARK_SETTING,
  type ApplyMark,
  type MatchDb,
} from './match-store.js';

/*
 * Keeps match_profiles / match_keys current after commits, off the write path: ingest (new and re-stamped
 * events, summaries), merges and undos queue work here; a single drain applies it in batches. Event-derived
 * attributes update incrementally (match-attrs.ts); a merge joins the two customers' attributes; an undo, an
 * upsert of an event that supplied an attribute, or a customer without a profile yet is recomputed from its
 * events. A duplicates request first waits for everything queued before it (`settled`), so a change already
 * acknowledged is never missed. Also: the background build of keys for databases from before migration 0011,
 * and the model refits (a worker thread on SQLite).
 */

export type { MatchIndexOptions } from './match-index-options.js';

const BATCH = 2000;
type Merge = { fromId: string; intoId: string };
const MODEL_RECHECK_MS = 60_000;

const hasFields = (e: AttrEvent): boolean => {
  for (const _ in e.fields) return true;
  return false;
};

export class MatchIndex {
  private readonly db: MatchDb;
  private readonly scopes: IdentifierScopes;
  private readonly items = new Map<string, AttrEvent[]>();
  private readonly light = new Set<string>();
  private readonly recompute = new Set<string>();
  private readonly merges: Merge[] = [];
  /** Ops queued / applied so far: a request waits until everything queued before it is applied. */
  private queued = 0;
  private applied = 0;
  private draining: Promise<void> | null = null;
  private waiters: { upTo: number; resolve: () => void }[] = [];
  private closed = false;
  /** Closing: no new background work (backfill pages, refits); queued changes still drain. */
  private stopping = false;
  private readonly shutdown = new AbortController();
  private timers: NodeJS.Timeout[] = [];
  private changedSinceFit = 0;
  private lastFitAt = 0;
  private fitting: Promise<FitResult | null> | null = null;
  private model: { model: FsModel; id: string | null; checkedAt: number } | null = null;
  private backfill: Promise<void> | null = null;
  /** Written with the profiles of the batch being applied (match-store.ts MARK_SETTING). */
  private mark: ApplyMark | null = null;
  /** The newest seq of the items published to this index (the next mark covers them all). */
  private seenSeq = 0;
  private coalesce: NodeJS.Timeout | null = null;
  private readonly coalesceMs: number;

  constructor(private readonly o: MatchIndexOptions) {
    this.db = matchDb(o.db);
    this.scopes = o.scopes ?? identifierScopes();
    this.coalesceMs = o.coalesceMs ?? 1000;
    if (o.background !== false) this.start();
  }

  // ---- what changed (called after commit) ----

  /**
   * New (`restamped` false) or re-stamped timeline items (ingest, upserts). A new event that sets no match
   * attribute cannot change its customer's profile (a new customer, a new name or identifier arrive through
   * `touched`): it is not queued, so a bulk load of orders and messages reads no profile for them. A re-stamped
   * one is, whatever it carries: its old data may have set an attribute the new data does not.
   */
  itemsAdded(items: readonly TimelineItem[], restamped = false): void {
    let n = 0;
    for (const it of items) {
      if (it.seq > this.seenSeq) this.seenSeq = it.seq;
      const e = attrEvent(it.id, it.seq, it.data);
      if (!restamped && !hasFields(e)) continue;
      const list = this.items.get(it.customerId) ?? [];
      list.push(e);
      this.items.set(it.customerId, list);
      n++;
    }
    this.bump(n);
  }

  /** Customers whose names or identifiers may have changed (ingest names only those; other publishers every customer they touched). */
  touched(customerIds: Iterable<string>): void {
    let n = 0;
    for (const id of customerIds) {
      this.light.add(id);
      n++;
    }
    this.bump(n);
  }

  merged(m: { fromId: string; intoId: string }): void {
    this.merges.push({ fromId: m.fromId, intoId: m.intoId });
    this.bump(1);
  }

  /** An undo: both sides are rebuilt from their events. */
  split(s: { restoredId: string; fromId: string }): void {
    this.recompute.add(s.restoredId);
    this.recompute.add(s.fromId);
    this.bump(1);
  }

  /** Customers changed in ways only their events tell (e.g. erasure): rebuilt from their events. */
  rebuild(customerIds: Iterable<string>): void {
    let n = 0;
    for (const id of customerIds) {
      this.recompute.add(id);
      n++;
    }
    this.bump(n);
  }

  private bump(n: number): void {
    if (n === 0 || this.closed) return;
    this.queued += n;
    this.kick();
  }

  /**
   * Starts applying what is queued. In the background (`now` false) it waits `coalesceMs` first: during a
   * bulk load the same customers change batch after batch, and one pass per moment reads and writes each
   * of them once (and commits once) instead of once per ingest batch. A request (settled) or idle() starts it at once.
   */
  private kick(now = false): void {
    if (this.draining) return;
    if (!now && this.waiters.length === 0 && !this.stopping && this.coalesceMs > 0) {
      this.coalesce ??= setTimeout(() => {
        this.coalesce = null;
        this.kick(true);
      }, this.coalesceMs);
      return;
    }
    if (this.coalesce) clearTimeout(this.coalesce);
    this.coalesce = null;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.hasWork() && !this.closed) this.kick();
      else this.release();
    });
  }

  private hasWork(): boolean {
    return this.items.size > 0 || this.light.size > 0 || this.recompute.size > 0 || this.merges.length > 0;
  }

  /** Resolves once everything queued before this call is applied (errors are reported, not thrown: the request still answers). */
  settled(): Promise<void> {
    if (this.applied >= this.queued) return Promise.resolve();
    const upTo = this.queued;
    return new Promise((resolve) => {
      this.waiters.push({ upTo, resolve });
      this.kick(true);
    });
  }

  private release(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.applied < w.upTo && !this.closed) return true;
      w.resolve();
      return false;
    });
  }

  private async drain(): Promise<void> {
    while (this.hasWork() && !this.closed) {
      const upTo = this.queued;
      // Facts queued so far were committed before now: once this batch is applied, a restart need not look before
      // this mark. It is stored with the NEXT batch's profiles, so a crash mid-batch still finds this one's changes.
      // Every item published so far, queued or not (one that set nothing needed no work).
      const seq = Math.max(this.mark?.seq ?? 0, this.seenSeq);
      const mark: ApplyMark = { seq, atUs: nowMicros() };
      const items = new Map(this.items);
      const light = new Set(this.light);
      const recompute = new Set(this.recompute);
      const merges = this.merges.splice(0);
      this.items.clear();
      this.light.clear();
      this.recompute.clear();
      try {
        await this.apply(items, light, recompute, merges);
        this.mark = mark;
      } catch (err) {
        (this.o.onError ?? console.error)(err);
      }
      this.applied = Math.max(this.applied, upTo);
      this.release();
    }
  }

  /** One batch of changes: attributes joined in memory, records rebuilt, changed profiles and keys written. */
  private async apply(items: Map<string, AttrEvent[]>, light: Set<string>, recompute: Set<string>, merges: Merge[]): Promise<void> {
    const parts = partsOf(merges, [...items.keys(), ...light, ...recompute], BATCH);
    // Survivors a part found stale (a merge it did not see): rebuilt from their events after the parts.
    const stale = new Set<string>();
    for (const part of parts) {
      for (const id of await this.inTransaction(part, items, recompute, merges.filter((m) => part.has(m.fromId)), light)) stale.add(id);
    }
    while (stale.size > 0 && !this.closed) {
      const part = new Set([...stale].slice(0, BATCH));
      for (const id of part) stale.delete(id);
      for (const id of await this.inTransaction(part, new Map(), part, [])) stale.add(id);
    }
  }

  /**
   * One part read and written in one transaction (a snapshot on PostgreSQL; on SQLite the connection is ours
   * meanwhile): a merge committing between two of its reads would otherwise leave a profile built from half of it.
   * Facts of a commit after the snapshot are queued for the next drain, and re-applying them is harmless.
   */
  private async inTransaction(part: Set<string>, items: Map<string, AttrEvent[]>, recompute: Set<string>, merges: Merge[], light?: Set<string>): Promise<string[]> {
    const out = await this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((tx) => applyPart(tx, { part, items, recompute, merges, ...(light ? { light } : {}) }, this.scopes, this.mark, this.o.writer));
    this.changedSinceFit += out.changed;
    return out.outside;
  }

  // ---- a duplicates request ----

  /** Everything queued is applied, and this customer has a profile (built now when the backfill has not reached it). */
  async ready(customerId: string): Promise<void> {
    await this.settled();
    if ((await readProfiles(this.db, [customerId])).size === 0) {
      this.rebuild([customerId]);
      await this.settled();
    }
  }

  /** The model in force: the newest refit, else the prior model (small hubs, or before the first refit). */
  async currentModel(): Promise<FsModel> {
    const now = Date.now();
    if (this.model && now - this.model.checkedAt < MODEL_RECHECK_MS) return this.model.model;
    const stored = await latestModel(this.db);
    this.model = { model: stored?.model ?? defaultModel(), id: stored?.id ?? null, checkedAt: now };
    return this.model.model;
  }

  // ---- background: backfill and refits ----

  private start(): void {
    this.backfill = this.runBackfill().catch((err: unknown) => {
      if (!this.stopping) (this.o.onError ?? console.error)(err);
    });
    const every = setInterval(() => void this.maybeFit(), Math.min(this.o.fitEveryMs ?? 10 * 60_000, 60_000));
    every.unref();
    this.timers.push(every);
  }

  /** Databases from before migration 0011: every active customer gets its profile, a page at a time, resumable. */
  private async runBackfill(): Promise<void> {
    const state = await readSetting(this.db, BACKFILL_SETTING);
    if (state === 'done') return this.catchUp();
    let after = state?.startsWith('after:') ? state.slice('after:'.length) : '';
    let built = 0;
    // What the backfill covers: a later start need not catch up on events before it (match-store.ts MARK_SETTING).
    const top = await this.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst();
    this.mark ??= { seq: Number(top?.s ?? 0), atUs: nowMicros() };
    for (;;) {
      if (this.stopping) return;
      const ids = (await this.db.selectFrom('customers').select('id').where('merged_into', 'is', null).where('id', '>', after).orderBy('id').limit(BATCH).execute()).map((r) => r.id);
      if (ids.length === 0) break;
      const have = await readProfiles(this.db, ids);
      const missing = ids.filter((id) => !have.has(id));
      built += missing.length;
      this.rebuild(missing);
      await this.settled();
      after = ids[ids.length - 1]!;
      await writeSetting(this.db, BACKFILL_SETTING, `after:${after}`);
      await new Promise((r) => setTimeout(r, 1));
    }
    await writeSetting(this.db, BACKFILL_SETTING, 'done');
    if (built === 0) return;
    // A database that had customers: fit on them now rather than scoring with the prior until enough changes.
    this.changedSinceFit = Math.max(this.changedSinceFit, this.o.fitAfterChanges ?? 1000);
    this.lastFitAt = 0;
    void this.maybeFit();
  }

  /**
   * After a crash, changes committed but not yet applied are not in the queue any more: the customers changed
   * since the last applied mark (events by seq range; merges and undos, with a minute's margin) are rebuilt.
   */
  private async catchUp(): Promise<void> {
    const raw = await readSetting(this.db, MARK_SETTING);
    if (!raw) return;
    const mark = JSON.parse(raw) as ApplyMark;
    // The stored mark is where this process starts: a pass before any new event (this catch-up, a merge, a
    // duplicates request) would otherwise store seq 0, and the next start would rebuild every profile
    // (a 1M-customer hub: minutes of work and a 400 MB heap).
    this.mark ??= mark;
    const ids = await changedSince(this.db, mark, mark.atUs - 60_000_000);
    if (ids.length === 0) return;
    const to = await survivors(this.o.db, ids);
    this.rebuild(new Set([...ids, ...to.values()]));
    await this.settled();
  }

  /** Resolves when the backfill (if any) is done: tests and the bench. */
  async backfilled(): Promise<void> {
    await this.backfill;
  }

  private async maybeFit(): Promise<void> {
    if (this.stopping || this.fitting) return;
    const enough = this.changedSinceFit >= (this.o.fitAfterChanges ?? 1000);
    const due = Date.now() - this.lastFitAt >= (this.o.fitEveryMs ?? 10 * 60_000);
    if (!enough || !due) return;
    await this.fit().catch((err: unknown) => {
      // A refit cut short by shutdown is no error: the next start refits.
      if (!this.stopping) (this.o.onError ?? console.error)(err);
    });
  }

  /** Refits the model now (single flight) and stores it; the next request scores with it. */
  fit(): Promise<FitResult | null> {
    this.fitting ??= this.runFit().finally(() => {
      this.fitting = null;
    });
    return this.fitting;
  }

  private async runFit(): Promise<FitResult | null> {
    // The profiles as of every change acknowledged so far.
    await this.settled();
    const started = performance.now();
    const changes = this.changedSinceFit;
    this.lastFitAt = Date.now();
    const signal = this.shutdown.signal;
    const maxSeeds = this.o.maxSeeds;
    const out = this.o.runFit
      ? await this.o.runFit(signal)
      : (this.o.sqliteFile || this.o.databaseUrl) && canFitInWorker()
        ? await fitInWorker({ ...(this.o.sqliteFile ? { file: this.o.sqliteFile } : { databaseUrl: this.o.databaseUrl! }), ...(maxSeeds ? { maxSeeds } : {}) }, signal)
        : await fitInProcess(this.db, { ...(maxSeeds ? { maxSeeds } : {}), signal });
    if (this.closed) return null;
    const id = `mm_${ulid()}`;
    await insertModel(this.db, { id, fitted_at_us: nowMicros(), model: JSON.stringify(out.model), profiles: out.profiles, pairs: out.pairs, sampled: out.sampled ? 1 : 0, duration_ms: performance.now() - started });
    this.changedSinceFit = Math.max(0, this.changedSinceFit - changes);
    this.model = { model: out.model, id, checkedAt: Date.now() };
    return out;
  }

  /** Resolves when queued changes are applied (tests, shutdown). */
  async idle(): Promise<void> {
    if (this.coalesce) this.kick(true);
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    // Changes already queued are applied first: they were acknowledged, and nothing replays them after a restart.
    this.stopping = true;
    this.shutdown.abort();
    await this.backfill;
    await this.idle();
    // The last batch's mark (otherwise stored with the next batch): a clean restart has nothing to catch up.
    if (this.mark) await writeSetting(this.db, MARK_SETTING, JSON.stringify(this.mark)).catch((err: unknown) => (this.o.onError ?? console.error)(err));
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.backfill;
    await this.fitting?.catch(() => {});
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }
}
