import { describe, expect, it } from 'vitest';
import { ValueReportSchema } from '../../shared/index.js';
import { runFitJob, type FitColumns } from './fit-job.js';
import { runFitInWorker } from './fit-runner.js';
import { simulate } from './simulate.js';
import { summarize, WEEK_MS } from './summary.js';

const START = Date.UTC(2024, 0, 1);
const END = START + 78 * WEEK_MS;
const TRUE = { bgnbd: { r: 0.6, alpha: 5, a: 0.9, b: 3 }, gammaGamma: { p: 5, q: 4, v: 60 } };

function columnsOf(customers: number, seed: number): FitColumns {
  const sims = simulate({ customers, ...TRUE, startMs: START, cohortWeeks: 26, endMs: END, seed });
  const s = sims.map((c) => summarize(c.purchases, END)!);
  return {
    customerIds: s.map((_, i) => `cus_${String(i).padStart(6, '0')}`),
    firstMs: Float64Array.from(s, (x) => x.firstMs),
    lastMs: Float64Array.from(s, (x) => x.lastMs),
    occasions: Float64Array.from(s, (x) => x.occasions),
    repeatSpend: Float64Array.from(s, (x) => x.m * x.x),
    totalSpend: Float64Array.from(s, (x) => x.totalSpend),
    months: s.map((x) => JSON.stringify(x.months)),
    acquisitionChannel: s.map((_, i) => (i % 3 === 0 ? 'store' : 'online')),
    acquisitionSource: s.map((_, i) => (i % 3 === 0 ? 'pos' : 'shopify')),
  };
}

const settings = { nowMs: END, minCustomersToFit: 500, annualDiscountRate: 0.1, currency: 'USD' };

describe('fit job', () => {
  it('recovers the parameters of simulated BG/NBD + Gamma-Gamma histories', () => {
    const out = runFitJob(columnsOf(6000, 11), settings);
    expect(out.model.source).toBe('fitted');
    const { r, alpha, a, b } = out.model.bgnbd;
    // Sampling noise at 6,000 customers: the purchase rate (r/alpha) and dropout (a/(a+b)) are well identified.
    expect(r / alpha).toBeCloseTo(TRUE.bgnbd.r / TRUE.bgnbd.alpha, 1);
    expect(Math.abs(a / (a + b) - 0.9 / 3.9)).toBeLessThan(0.08);
    expect(out.model.valueQuantiles).toHaveLength(101);
    const report = { model: { source: 'fitted', fittedAt: new Date(END).toISOString(), purchasingCustomers: 6000, minCustomersToFit: 500, currency: 'USD', annualDiscountRate: 0.1 }, generatedAt: new Date(END).toISOString(), ...out.report, atRisk: out.report.atRisk.map((x) => ({ ...x, displayName: x.customerId })) };
    expect(() => ValueReportSchema.parse(report)).not.toThrow();
    expect(out.report.cohorts.map((c) => c.month).slice(0, 6)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
    expect(out.report.cohorts[0]!.retention[0]).toBe(1);
    expect(out.report.channels.map((c) => c.source).sort()).toEqual(['pos', 'shopify']);
    expect(out.report.atRisk.length).toBeGreaterThan(10);
    for (const x of out.report.atRisk) expect(x.pAlive).toBeLessThan(0.5);
  });

  it('uses the documented prior below the minimum number of purchasing customers', () => {
    const out = runFitJob(columnsOf(120, 5), settings);
    expect(out.model.source).toBe('prior');
    expect(out.model.bgnbd).toEqual({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    expect(out.model.logLikelihood).toBeNull();
  });

  it('runs in a worker thread and reports its memory', async () => {
    const run = await runFitInWorker({ settings, columns: columnsOf(800, 3) });
    expect(run.out.model.source).toBe('fitted');
    expect(run.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });
});
