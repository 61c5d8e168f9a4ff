import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerProfileSchema, ValueReportSchema, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { testDialects, type TestDatabase } from '../storage/test-database.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { runFitInWorker } from './fit-runner.js';
import { fitReadsFrom } from './module.js';
import { ClvService } from './service.js';
import { simulate } from './simulate.js';
import { DAY_MS, WEEK_MS } from './summary.js';
import { systemActor } from '../../shared/actor.js';

const NOW = new Date(Date.UTC(2026, 0, 15));
const iso = (ms: number) => new Date(ms).toISOString();
const order = (email: string, n: string, atMs: number, total: number, source = 'shopify'): IngestEvent =>
  testEvent({ email }, { source, channel: 'purchase', type: 'order', occurredAt: iso(atMs), data: { orderNumber: n, total, currency: 'USD' } });

describe.each(testDialects())('customer value on %s', (dialect) => {
  let domain: SqlDomain;
  let database: TestDatabase;
  let clv: ClvService;

  beforeAll(async () => {
    ({ domain, database } = await openTestDomain(dialect));
    // A second service on the same database with a small fitting threshold and a fixed clock.
    // Its fit worker reads the rows over its own connection, as the module wires it (SQLite file or PostgreSQL URL).
    clv = new ClvService({ db: domain.database.db, ...fitReadsFrom(database.raw), clock: () => NOW, minCustomersToFit: 300 });
  });
  afterAll(async () => {
    await clv.close();
    await domain.close();
  });

  it('the profile carries the value block; a new purchase updates it live; a refund of the whole order removes it', async () => {
    const email = 'regular@value.test';
    const base = Date.now() - 60 * WEEK_MS;
    const out = await domain.ingest.ingest(systemActor('test'), Array.from({ length: 8 }, (_, k) => order(email, `R-${k}`, base + k * 5 * WEEK_MS, 80)));
    const id = out.results[0]!.customerId;
    await domain.value.idle();
    const p1 = CustomerProfileSchema.parse(await domain.customers.profile(systemActor('test'), id));
    expect(p1.value).toBeTruthy();
    expect(p1.value!.purchases).toBe(8);
    expect(p1.value!.model.source).toBe('prior');
    expect(p1.value!.explanation).toMatch(/^usually buys every 5 weeks; nothing for \d+ weeks: \d+% likely still active$/);

    await domain.ingest.ingest(systemActor('test'), [order(email, 'R-8', Date.now() - DAY_MS, 120)]);
    await domain.value.idle();
    const p2 = (await domain.customers.profile(systemActor('test'), id))!;
    expect(p2.value!.purchases).toBe(9);
    expect(p2.value!.pAlive).toBeGreaterThan(p1.value!.pAlive);

    await domain.ingest.ingest(systemActor('test'), [testEvent({ email }, { source: 'shopify', channel: 'purchase', type: 'refund', occurredAt: iso(Date.now()), data: { orderNumber: 'R-8', total: 120, currency: 'USD' } })]);
    await domain.value.idle();
    expect((await domain.customers.profile(systemActor('test'), id))!.value!.purchases).toBe(8);
  });

  it('a profile read right after a purchase is acknowledged shows it (refreshes are coalesced, reads do not wait for them)', async () => {
    const email = 'eager@value.test';
    const base = Date.now() - 30 * WEEK_MS;
    const out = await domain.ingest.ingest(systemActor('test'), Array.from({ length: 3 }, (_, k) => order(email, `E-${k}`, base + k * 4 * WEEK_MS, 50)));
    const id = out.results[0]!.customerId;
    expect((await domain.customers.profile(systemActor('test'), id))!.value!.purchases).toBe(3);
    await domain.ingest.ingest(systemActor('test'), [order(email, 'E-3', Date.now() - DAY_MS, 70)]);
    expect((await domain.customers.profile(systemActor('test'), id))!.value!.purchases).toBe(4);
  });

  it('no purchases: value is null; store sales count, pickups do not', async () => {
    const out = await domain.ingest.ingest(systemActor('test'), [
      testEvent({ email: 'caller@value.test' }, { channel: 'phone', type: 'call.completed' }),
      testEvent({ email: 'shop@value.test' }, { source: 'pos', channel: 'store', type: 'store.purchase', occurredAt: iso(NOW.getTime() - 10 * DAY_MS), data: { receiptNumber: 'S1', total: 40, currency: 'USD' } }),
      testEvent({ email: 'shop@value.test' }, { source: 'pos', channel: 'store', type: 'store.pickup', occurredAt: iso(NOW.getTime() - 5 * DAY_MS), data: { receiptNumber: 'S2', orderTotal: 99, currency: 'USD' } }),
    ]);
    await domain.value.idle();
    expect((await domain.customers.profile(systemActor('test'), out.results[0]!.customerId))!.value).toBeNull();
    const shop = (await domain.customers.profile(systemActor('test'), out.results[1]!.customerId))!.value!;
    expect(shop.purchases).toBe(1);
    expect(shop.activity).toBe('one_purchase');
  });

  it('a merge folds the purchases into the survivor', async () => {
    const a = await domain.ingest.ingest(systemActor('test'), [order('left@value.test', 'M-1', NOW.getTime() - 30 * DAY_MS, 50)]);
    const b = await domain.ingest.ingest(systemActor('test'), [order('right@value.test', 'M-2', NOW.getTime() - 10 * DAY_MS, 70)]);
    const merge = await domain.merges.merge(systemActor('test'), a.results[0]!.customerId, b.results[0]!.customerId);
    await domain.value.idle();
    expect((await domain.customers.profile(systemActor('test'), merge.intoId))!.value!.purchases).toBe(2);
    expect(await domain.value.valueOf(systemActor('test'), merge.fromId)).toBeNull();
  });

  it('fits on simulated histories in a worker, stores the fit, and serves the report', async () => {
    const sims = simulate({ customers: 400, bgnbd: { r: 0.7, alpha: 6, a: 0.8, b: 3 }, gammaGamma: { p: 5, q: 4, v: 80 }, startMs: NOW.getTime() - 70 * WEEK_MS, cohortWeeks: 30, endMs: NOW.getTime(), seed: 9 });
    const events = sims.flatMap((c, i) => c.purchases.map((p, k) => order(`sim${i}@value.test`, `S${i}-${k}`, p.atMs, p.amount, i % 4 === 0 ? 'pos-import' : 'shopify')));
    for (let i = 0; i < events.length; i += 500) await domain.ingest.ingest(systemActor('test'), events.slice(i, i + 500));
    const fit = await clv.fit(systemActor('test'), { rebuild: true });
    expect(fit.model.source).toBe('fitted');
    expect(fit.scoredCustomers).toBeGreaterThanOrEqual(400);
    expect(fit.params.r / fit.params.alpha).toBeGreaterThan(0.05);
    expect(fit.params.r / fit.params.alpha).toBeLessThan(0.25);

    const report = ValueReportSchema.parse(await clv.report(systemActor('test'), { months: 24, atRiskLimit: 20 }));
    expect(report.model.source).toBe('fitted');
    expect(report.cohorts.length).toBeGreaterThan(5);
    expect(report.channels.map((c) => c.source)).toEqual(expect.arrayContaining(['shopify', 'pos-import']));
    expect(report.atRisk.length).toBeGreaterThan(0);
    expect(report.atRisk.length).toBeLessThanOrEqual(20);
    for (const r of report.atRisk) expect(r.displayName).not.toBe('');

    // A second service (another hub process) picks up the stored fit.
    const other = new ClvService({ db: domain.database.db, clock: () => NOW });
    const v = await other.valueOf(systemActor('test'), report.atRisk[0]!.customerId);
    expect(v!.model.source).toBe('fitted');
    expect(v!.valuePercentile).toBeGreaterThan(0);
    await other.close();
  });

  it('closing during a fit abandons it at once (the worker is terminated)', async () => {
    // Close once the fit reached its worker (the condition itself, not a guessed 200 ms).
    let reachedWorker!: () => void;
    const inWorker = new Promise<void>((r) => (reachedWorker = r));
    let given: Parameters<typeof runFitInWorker>[0] | undefined;
    const runFit: typeof runFitInWorker = (input, signal) => {
      given = input;
      reachedWorker();
      return runFitInWorker(input, signal);
    };
    const c = new ClvService({ db: domain.database.db, ...fitReadsFrom(database.raw), clock: () => NOW, minCustomersToFit: 300, runFit });
    const fit = c.fit(systemActor('test'));
    const started = performance.now();
    await inWorker;
    await c.close();
    await expect(fit).rejects.toThrow(/aborted|closed/);
    // The hub's thread handed over where to read, not the rows (the worker reads them over its own connection).
    expect(given!.columns).toBeUndefined();
    expect(given![dialect === 'sqlite' ? 'sqlite' : 'postgres']).toBeDefined();
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
