import { systemActor, type Actor, type CustomerValue, type ValueFitResponse, type ValueReport, type ValueReportQuery } from '../../shared/index.js';
import type { ValueService } from '../domain.js';
import { ulid } from '../storage/ids.js';
import type { Db } from '../storage/schema.js';
import { RefreshPacing } from './refresh-pacing.js';
import type { FitJobOutput } from './fit-job.js';
import { pgDriverPath, runFitInWorker, sqliteDriverPath, type FitRun } from './fit-runner.js';
import { DEFAULT_ANNUAL_DISCOUNT_RATE, DEFAULT_MIN_CUSTOMERS_TO_FIT, modelInfo, priorModel, type ClvModel } from './model.js';
import type { RowWriter } from '../storage/row-writer.js';
import { purchasesFromOrders, readOrderRows, type OrderMoneyRow } from './purchases.js';
import { buildReport, type StoredReport } from './report-build.js';
import { figures, scoreCustomer } from './score.js';
import { deleteValueRows, insertModel, latestModel, latestModelTime, readValueRow, upsertValueRows, valueTotals, type ValueRow } from './store.js';
import { readFitColumns } from './fit-columns.js';
import { summarize } from './summary.js';

/*
 * Customer value as a service: keeps each purchasing customer's purchase summary current (after every
 * ingest that touched their purchases), scores a customer on demand against the model in force, fits
 * the models in a worker thread (daily, on demand, `npm run fit:clv`), and serves the leads' report.
 */

export interface ClvServiceOptions {
  db: Db;
  /** SQLite file: the fit worker reads it over its own connection. Unset on PostgreSQL. */
  sqliteFile?: string;
  /** PostgreSQL URL (search_path included): the fit worker reads the rows over its own client. */
  databaseUrl?: string;
  /** Embedded SQLite: refreshes write their rows through cached statements on the transaction's connection. */
  writer?: RowWriter;
  clock?: () => Date;
  minCustomersToFit?: number;
  annualDiscountRate?: number;
  /** Model currency; default: the newest model's, else the one most purchases use (found at a rebuild), else USD. */
  currency?: string;
  onError?: (err: unknown) => void;
  /** How long touched customers wait to be summarized together (default 2 s); a profile read does not wait. */
  refreshDelayMs?: number;
  /** Runs the fit (tests may run it in-process); default: a worker thread. */
  runFit?: (input: Parameters<typeof runFitInWorker>[0], signal?: AbortSignal) => Promise<FitRun>;
}

export interface FitOutcome extends ValueFitResponse {
  rebuilt: { customers: number; purchasing: number } | null;
  peakRssBytes: number;
  workerHeapUsedBytes: number;
}

const DAY = 86_400_000;
const MODEL_RECHECK_MS = 60_000;
const REFRESH_BATCH = 2000;
/** Customers whose purchases one read takes (refresh yields to the event loop between reads). */
const READ_PART = 200;
/**
 * A heavy buyer bought again moments after its last summary waits this long per 20 orders (at most 15 minutes; during a
 * bulk load: each refresh reads all their orders; refresh-pacing.ts). Nobody sees the wait on this hub: a profile read
 * summarizes a pending customer at once (valueOf), and the leads' report comes from a daily fit.
 */
const REFRESH_MIN_INTERVAL_MS = 60_000;
const PAGE = 500;
const ROW_TTL_MS = 5_000;
const ROW_CACHE_MAX = 5_000;

export class ClvService implements ValueService {
  private readonly clock: () => Date;
  private readonly minCustomers: number;
  private readonly discount: number;
  private currency: string | null;
  private cached: { model: ClvModel; report: StoredReport | null; checkedAt: number; stored: boolean } | null = null;
  private fitting: Promise<FitOutcome> | null = null;
  private pending = new Set<string>();
  private readonly rows = new Map<string, { row: ValueRow | null; at: number }>();
  private draining: Promise<void> | null = null;
  /** Ends the coalescing wait of the running drain early (idle()). */
  private wake: (() => void) | null = null;
  /** Set by idle()/close(): refresh everything pending now, no waiting. */
  private hurry = false;
  /** When each customer was last summarized (bounded). */
  private readonly pacing = new RefreshPacing(REFRESH_MIN_INTERVAL_MS);
  private readonly refreshDelayMs: number;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private readonly shutdown = new AbortController();

  constructor(private readonly o: ClvServiceOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.minCustomers = o.minCustomersToFit ?? DEFAULT_MIN_CUSTOMERS_TO_FIT;
    this.discount = o.annualDiscountRate ?? DEFAULT_ANNUAL_DISCOUNT_RATE;
    this.currency = o.currency ?? null;
    this.refreshDelayMs = o.refreshDelayMs ?? 2000;
  }

  /** The model in force: the newest stored fit, else the prior (not stored until a fit runs). */
  async model(): Promise<ClvModel> {
    const now = Date.now();
    if (this.cached && now - this.cached.checkedAt < MODEL_RECHECK_MS) return this.cached.model;
    const newest = await latestModelTime(this.o.db);
    if (this.cached && this.cached.stored && newest === this.cached.model.fittedAtMs) {
      this.cached.checkedAt = now;
      return this.cached.model;
    }
    const stored = newest === null ? null : await latestModel(this.o.db);
    if (stored) {
      this.currency ??= stored.model.currency;
      this.cached = { model: stored.model, report: stored.report, checkedAt: now, stored: true };
    } else if (this.cached && !this.cached.stored) {
      // Still no fit: the prior's totals are a count over every customer_values row (tens of ms at 1M customers,
      // growing with the data), so a request keeps the prior it has while they are re-read in the background.
      this.cached.checkedAt = now;
      this.priorRefresh ??= this.priorFromTotals()
        .then((model) => {
          if (this.cached && !this.cached.stored) this.cached = { model, report: null, checkedAt: Date.now(), stored: false };
        })
        .catch((err: unknown) => (this.o.onError ?? console.error)(err))
        .finally(() => (this.priorRefresh = null));
    } else {
      this.cached = { model: await this.priorFromTotals(), report: null, checkedAt: now, stored: false };
    }
    return this.cached.model;
  }

  private priorRefresh: Promise<void> | null = null;

  /** The prior before any fit, from the purchasing customers and their mean purchase value. */
  private async priorFromTotals(): Promise<ClvModel> {
    const t = await valueTotals(this.o.db);
    return priorModel({ nowMs: this.clock().getTime(), purchasingCustomers: t.customers, meanPurchaseValue: t.occasions ? t.spend / t.occasions : 0, currency: this.currency ?? 'USD', annualDiscountRate: this.discount, minCustomersToFit: this.minCustomers });
  }

  /** Figures of one customer (a survivor id) now; null when they never bought. */
  async valueOf(actor: Actor, customerId: string): Promise<CustomerValue | null> {
    // Fast path without extra awaits: an open profile is re-read on every live update, and both parts are usually cached.
    // A purchase already acknowledged but not yet summarized (refreshes are coalesced): summarize it now.
    if (this.pending.has(customerId)) {
      this.pending.delete(customerId);
      await this.refresh([customerId]);
    }
    const now = Date.now();
    const hit = this.rows.get(customerId);
    if (hit && now - hit.at < ROW_TTL_MS && this.cached && now - this.cached.checkedAt < MODEL_RECHECK_MS) {
      return hit.row ? scoreCustomer(this.cached.model, hit.row, this.clock().getTime()) : null;
    }
    const [row, model] = await Promise.all([this.summaryOf(customerId), this.model()]);
    return row ? scoreCustomer(model, row, this.clock().getTime()) : null;
  }

  /**
   * A customer's stored summary, kept a few seconds: an open profile is read again on every live update.
   * This process's own refreshes drop the entry at once; another hub process's within ROW_TTL_MS.
   */
  private async summaryOf(customerId: string): Promise<ValueRow | null> {
    const now = Date.now();
    const hit = this.rows.get(customerId);
    if (hit && now - hit.at < ROW_TTL_MS) return hit.row;
    const row = await readValueRow(this.o.db, customerId);
    if (this.rows.size >= ROW_CACHE_MAX) this.rows.delete(this.rows.keys().next().value!);
    this.rows.set(customerId, { row, at: now });
    return row;
  }

  /** After ingest or a merge: these customers' purchases may have changed. Refreshed shortly, off the ingest path. */
  touched(customerIds: Iterable<string>): void {
    if (this.closed) return;
    for (const id of customerIds) this.pending.add(id);
    if (this.pending.size > 0 && !this.draining) {
      this.draining = this.drain().finally(() => {
        this.draining = null;
        if (this.pending.size > 0 && !this.closed) this.touched([]);
      });
    }
  }

  /** Resolves when queued refreshes are done (tests, shutdown): a refresh waiting to coalesce starts now. */
  async idle(): Promise<void> {
    while (this.draining) {
      this.hurry = true;
      this.wake?.();
      await this.draining;
    }
    this.hurry = false;
  }

  /** Waits `ms` unless idle() or close() hurries the drain. */
  private pause(ms: number): Promise<void> {
    if (this.hurry) return Promise.resolve();
    return new Promise<void>((r) => {
      const timer = setTimeout(() => r(), ms);
      this.wake = () => {
        clearTimeout(timer);
        r();
      };
    }).finally(() => {
      this.wake = null;
    });
  }

  private async drain(): Promise<void> {
    // Coalesce: during a bulk load the same customers (heavy buyers above all) are touched batch after
    // batch, and each refresh re-reads all their purchases; waiting a moment summarizes them once. A customer
    // summarized moments ago waits out REFRESH_MIN_INTERVAL_MS (a profile read never waits: see valueOf).
    await this.pause(this.refreshDelayMs);
    while (this.pending.size > 0 && !this.closed) {
      const now = Date.now();
      const batch: string[] = [];
      let nextDue = Infinity;
      for (const id of this.pending) {
        const due = this.pacing.due(id);
        if (due <= now || this.hurry) batch.push(id);
        else nextDue = Math.min(nextDue, due);
        if (batch.length >= REFRESH_BATCH) break;
      }
      if (batch.length === 0) {
        await this.pause(nextDue - now);
        continue;
      }
      for (const id of batch) this.pending.delete(id);
      try {
        await this.refresh(batch);
      } catch (err) {
        (this.o.onError ?? console.error)(err);
      }
    }
  }

  /** Recomputes these customers' purchase summaries from their events (a customer with none left loses the row). */
  async refresh(customerIds: readonly string[], currencies?: Map<string, number>): Promise<{ purchasing: number }> {
    if (customerIds.length === 0) return { purchasing: 0 };
    const model = await this.model();
    const nowMs = this.clock().getTime();
    // Their stored orders (kept at write time with each order's first time and first buying event), not their events,
    // read a part at a time with a yield between parts: a heavy buyer has hundreds of orders, and 2,000 customers read
    // at once held the event loop for 0.8-1.4 s during a bulk load (sockets and requests waited it out). Still one commit.
    const orders = new Map<string, OrderMoneyRow[]>();
    for (let i = 0; i < customerIds.length; i += READ_PART) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      for (const [id, list] of await readOrderRows(this.o.db, customerIds.slice(i, i + READ_PART))) orders.set(id, list);
    }
    const rows: ValueRow[] = [];
    const gone: string[] = [];
    for (const id of customerIds) {
      const purchases = purchasesFromOrders(orders.get(id) ?? [], this.currency ?? model.currency, currencies);
      const s = summarize(purchases, Math.max(nowMs, purchases[purchases.length - 1]?.atMs ?? 0));
      if (!s) {
        gone.push(id);
        continue;
      }
      const summary = { firstPurchaseMs: s.firstMs, lastPurchaseMs: s.lastMs, occasions: s.occasions, repeatSpend: s.m * s.x };
      const f = figures(model, summary, nowMs);
      rows.push({ customerId: id, ...summary, totalSpend: s.totalSpend, months: s.months, acquisitionChannel: purchases[0]!.channel, acquisitionSource: purchases[0]!.source, value12m: f.expectedValue12m, pAlive: f.pAlive, scoredAtMs: nowMs });
    }
    // One transaction: one durable commit (fsync) per refresh, not one per statement.
    await this.o.db.transaction().execute(async (tx) => {
      await upsertValueRows(tx, rows, this.o.writer);
      await deleteValueRows(tx, gone);
    });
    for (const id of customerIds) this.rows.delete(id);
    const at = Date.now();
    for (const id of customerIds) this.pacing.refreshed(id, orders.get(id)?.length ?? 0, at);
    return { purchasing: rows.length };
  }

  /** Rebuilds every summary from the timeline, a page of customers at a time (after an upgrade, or `fit:clv`). */
  async rebuildAll(progress?: (done: number) => void): Promise<{ customers: number; purchasing: number }> {
    const currencies = new Map<string, number>();
    let after = '';
    let customers = 0;
    let purchasing = 0;
    for (;;) {
      const ids = (await this.o.db.selectFrom('customers').select('id').where('merged_into', 'is', null).where('id', '>', after).orderBy('id').limit(PAGE).execute()).map((r) => r.id);
      if (ids.length === 0) break;
      purchasing += (await this.refresh(ids, currencies)).purchasing;
      customers += ids.length;
      after = ids[ids.length - 1]!;
      progress?.(customers);
      await new Promise((r) => setImmediate(r));
    }
    // Rows of customers merged away since.
    await this.o.db.deleteFrom('customer_values').where('customer_id', 'in', (eb) => eb.selectFrom('customers').select('id').where('merged_into', 'is not', null)).execute();
    const main = [...currencies.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!this.o.currency && main && main !== (this.currency ?? 'USD')) {
      // Most purchases are in another currency than assumed: take it, and read spend again in it.
      this.currency = main;
      this.cached = null;
      return this.rebuildAll(progress);
    }
    return { customers, purchasing };
  }

  /** Fits (single flight). `rebuild` first rebuilds every summary from the timeline. */
  fit(actor: Actor, opts: { rebuild?: boolean } = {}): Promise<FitOutcome> {
    this.fitting ??= this.runFit(opts).finally(() => {
      this.fitting = null;
    });
    return this.fitting;
  }

  private async runFit(opts: { rebuild?: boolean }): Promise<FitOutcome> {
    const started = performance.now();
    const rebuilt = opts.rebuild ? await this.rebuildAll() : null;
    await this.model();
    const settings = { nowMs: this.clock().getTime(), minCustomersToFit: this.minCustomers, annualDiscountRate: this.discount, currency: this.currency ?? 'USD' };
    const input = this.o.sqliteFile
      ? { settings, sqlite: { file: this.o.sqliteFile, driver: sqliteDriverPath() } }
      : this.o.databaseUrl
        ? { settings, postgres: { url: this.o.databaseUrl, driver: pgDriverPath() } }
        : { settings, columns: await readFitColumns(this.o.db) };
    const run = await (this.o.runFit ?? runFitInWorker)(input, this.shutdown.signal);
    if (this.closed) throw new Error('customer-value service closed during the fit');
    const out: FitJobOutput = run.out;
    const durationMs = performance.now() - started;
    await insertModel(this.o.db, `clv_${ulid()}`, out.model, out.report, { repeatCustomers: out.repeatCustomers, purchases: out.purchases, durationMs });
    this.cached = { model: out.model, report: out.report, checkedAt: Date.now(), stored: true };
    const { bgnbd: b, gammaGamma: g } = out.model;
    return {
      model: modelInfo(out.model),
      params: { r: b.r, alpha: b.alpha, a: b.a, b: b.b, p: g.p, q: g.q, v: g.v },
      logLikelihood: out.model.logLikelihood,
      durationMs,
      scoredCustomers: out.model.purchasingCustomers,
      rebuilt,
      peakRssBytes: run.peakRssBytes,
      workerHeapUsedBytes: run.workerHeapUsedBytes,
    };
  }

  /** The leads' report from the newest fit (fitting first when there is none). */
  async report(actor: Actor, q: ValueReportQuery): Promise<ValueReport> {
    const model = await this.model();
    let report = this.cached?.report ?? null;
    if (!report) {
      await this.fit(actor);
      report = this.cached?.report ?? buildReport([], this.clock().getTime());
    }
    const at = report.atRisk.slice(0, q.atRiskLimit);
    const display = await this.activeNames(at.map((a) => a.customerId));
    const current = this.cached?.model ?? model;
    return {
      model: modelInfo(current),
      generatedAt: new Date(current.fittedAtMs).toISOString(),
      purchasingCustomers: report.purchasingCustomers,
      repeatPurchaseRate: report.repeatPurchaseRate,
      expectedValue12m: report.expectedValue12m,
      cohorts: report.cohorts.slice(-q.months),
      channels: report.channels,
      // A customer merged away or gone since the fit has no name any more: left out.
      atRisk: at.filter((a) => display.has(a.customerId)).map((a) => ({ ...a, displayName: display.get(a.customerId)! })),
    };
  }

  private async activeNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.o.db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', ids).where('merged_into', 'is', null).execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** Fit soon after start when the model is missing or a day old, then daily. Timers never keep the process alive. */
  startSchedule(opts: { firstDelayMs?: number; everyMs?: number } = {}): void {
    const due = async () => {
      if (this.closed) return;
      try {
        const newest = await latestModelTime(this.o.db);
        const empty = (await valueTotals(this.o.db)).customers === 0;
        if (newest === null || this.clock().getTime() - newest >= (opts.everyMs ?? DAY) - 60_000) await this.fit(systemActor('sweep'), { rebuild: empty });
      } catch (err) {
        if (!this.closed) (this.o.onError ?? console.error)(err);
      }
    };
    const first = setTimeout(() => void due(), opts.firstDelayMs ?? 15_000);
    const every = setInterval(() => void due(), opts.everyMs ?? DAY);
    first.unref();
    every.unref();
    this.timers.push(first, every);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    // A fit in flight is abandoned (its worker terminated): shutdown never waits minutes for it.
    this.shutdown.abort();
    await this.idle();
    await this.fitting?.catch(() => {});
  }
}
