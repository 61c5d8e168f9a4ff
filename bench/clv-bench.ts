/*
 * Customer value (issue 14): fit on N purchasing customers in the worker thread (time, peak RSS), the
 * hub's responsiveness during the fit (timeline page p99 during vs without, target <= 2x), scoring one
 * customer (target <= 0.1 ms) and the profile read with vs without the value block (p50 change <= 5%).
 * Part of `npm run bench` (`--only clv`); standalone: `npx tsx bench/clv-bench.ts [--customers N]`.
 * Purchase summaries are written straight into customer_values (the fit reads only those); the timeline
 * and profile customers are ingested normally.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IngestEvent } from '../shared/index.js';
import { scoreCustomer, type PurchaseSummary } from '../server/clv/score.js';
import { simulate } from '../server/clv/simulate.js';
import { upsertValueRows, type ValueRow } from '../server/clv/store.js';
import { summarize as summarizePurchases, WEEK_MS } from '../server/clv/summary.js';
import { createDomain } from '../server/create-domain.js';
import { ms, summarize, type Summary } from './stats.js';
import { systemActor } from '../shared/actor.js';

export const CLV_TIMELINE_RATIO_TARGET = 2;
export const CLV_SCORE_TARGET_MS = 0.1;
export const CLV_PROFILE_CHANGE_TARGET = 0.05;
const BASELINE_MS = 15_000;

export interface ClvBenchResult {
  customers: number;
  fitSeconds: number;
  peakRssMB: number;
  source: string;
  timeline: { without: Summary; during: Summary; ratio: number };
  /** Wall time per customer (mean, p99 of 100-blocks) and CPU time per customer. */
  scoreMs: { mean: number; p99: number; cpu: number };
  loadAverage: number;
  profile: { without: Summary; with: Summary; change: number };
}

const NOW = Date.UTC(2026, 0, 1);
const CHANNELS = ['email', 'phone', 'sms', 'chat', 'purchase'] as const;

function timelineEvents(c: number, n: number): IngestEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const channel = CHANNELS[k % CHANNELS.length]!;
    const at = new Date(NOW - (n - k) * 3_600_000 * 7).toISOString();
    return channel === 'purchase'
      ? { source: 'bench', sourceEventId: `c${c}-${k}`, channel, type: 'order', occurredAt: at, customer: { email: `clv${c}@bench.test` }, summary: 'order', data: { orderNumber: `c${c}-${k}`, total: 40 + (k % 7), currency: 'USD' } }
      : { source: 'bench', sourceEventId: `c${c}-${k}`, channel, type: `${channel}.message`, occurredAt: at, customer: { email: `clv${c}@bench.test` }, summary: `message ${k}`, data: { text: 'hello there' } };
  });
}

/** Each request starts on a fresh macrotask, as HTTP requests do (SQLite answers within microtasks, which would starve the worker's messages). */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  await new Promise((r) => setImmediate(r));
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function benchClv(customers: number, log: (line: string) => void = console.log): Promise<ClvBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'omni-clv-bench-'));
  const domain = await createDomain({ dataDir: dir, defaultRegion: 'US' });
  try {
    // 20 customers with real timelines (every fifth event a purchase) for the timeline and profile reads.
    const ids: string[] = [];
    for (let c = 0; c < 20; c++) ids.push((await domain.ingest.ingest(systemActor('bench'), timelineEvents(c, 300))).results[0]!.customerId);
    await domain.value.idle();

    log(`clv: writing ${customers.toLocaleString('en-US')} simulated purchase summaries…`);
    const sims = simulate({ customers, bgnbd: { r: 0.5, alpha: 6, a: 0.8, b: 2.5 }, gammaGamma: { p: 6, q: 4, v: 40 }, startMs: NOW - 104 * WEEK_MS, cohortWeeks: 78, endMs: NOW, seed: 14 });
    const summaries: PurchaseSummary[] = [];
    let batch: ValueRow[] = [];
    for (let i = 0; i < sims.length; i++) {
      const s = summarizePurchases(sims[i]!.purchases, NOW)!;
      const summary = { firstPurchaseMs: s.firstMs, lastPurchaseMs: s.lastMs, occasions: s.occasions, repeatSpend: s.m * s.x };
      summaries.push(summary);
      batch.push({ customerId: `cus_bench_${String(i).padStart(7, '0')}`, ...summary, totalSpend: s.totalSpend, months: s.months, acquisitionChannel: i % 3 ? 'online' : 'store', acquisitionSource: i % 3 ? 'shopify' : 'pos', value12m: 0, pAlive: 1, scoredAtMs: NOW });
      if (batch.length === 2000) {
        await upsertValueRows(domain.database.db, batch);
        batch = [];
      }
    }
    await upsertValueRows(domain.database.db, batch);

    const page = (k: number) => domain.customers.timeline(systemActor('bench'), ids[k % ids.length]!, { limit: 50, channel: undefined });
    // The baseline is read for 15 s before and 15 s after the fit, so background load on the machine weighs on both sides alike.
    const without: number[] = [];
    const baseline = async () => {
      const until = performance.now() + BASELINE_MS;
      for (let k = 0; performance.now() < until; k++) without.push(await timed(() => page(k)));
    };
    log('clv: timeline pages without a fit…');
    await baseline();

    log('clv: timeline pages during the fit…');
    let done = false;
    const started = performance.now();
    const fit = domain.value.fit(systemActor('bench')).finally(() => {
      done = true;
    });
    const during: number[] = [];
    for (let k = 0; !done; k++) during.push(await timed(() => page(k)));
    const outcome = await fit;
    const fitSeconds = (performance.now() - started) / 1000;
    log(`clv: fit ${fitSeconds.toFixed(1)} s (${outcome.model.source}), ${during.length} pages served meanwhile`);
    await baseline();

    // Scoring one customer: the whole population, timed in blocks of 100.
    const model = await domain.value.model();
    // Wall time per block of 100, and the process's CPU time over all (scoring is pure CPU: CPU time is what a
    // loaded machine cannot inflate).
    const blocks: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i + 100 <= summaries.length; i += 100) {
      const t = performance.now();
      for (let j = i; j < i + 100; j++) scoreCustomer(model, summaries[j]!, NOW);
      blocks.push((performance.now() - t) / 100);
    }
    const cpu = process.cpuUsage(cpu0);
    const score = summarize(blocks);
    const cpuMs = (cpu.user + cpu.system) / 1000 / (blocks.length * 100);

    // Profile with vs without the value block, alternating rounds.
    const valueOf = domain.customers.valueOf;
    const withValue: number[] = [];
    const withoutValue: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const on of round % 2 ? [true, false] : [false, true]) {
        domain.customers.valueOf = on ? valueOf : undefined;
        for (const id of ids) (on ? withValue : withoutValue).push(await timed(() => domain.customers.profile(systemActor('bench'), id)));
      }
    }
    domain.customers.valueOf = valueOf;
    const tw = summarize(without);
    const td = summarize(during);
    const pw = summarize(withValue);
    const po = summarize(withoutValue);
    return {
      customers,
      fitSeconds,
      peakRssMB: outcome.peakRssBytes / 1048576,
      source: outcome.model.source,
      timeline: { without: tw, during: td, ratio: td.p99 / tw.p99 },
      scoreMs: { mean: score.mean, p99: score.p99, cpu: cpuMs },
      loadAverage: loadavg()[0]!,
      profile: { without: po, with: pw, change: pw.p50 / po.p50 - 1 },
    };
  } finally {
    await domain.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pass = (ok: boolean) => (ok ? '**PASS**' : '**MISS**');

export function clvSummaryRows(r: ClvBenchResult): string[] {
  return [
    `| Customer value fit, ${r.customers.toLocaleString('en-US')} purchasing customers: timeline p99 during vs without | ≤ ${CLV_TIMELINE_RATIO_TARGET}x | ${r.timeline.ratio.toFixed(2)}x (fit ${r.fitSeconds.toFixed(1)} s, peak RSS ${r.peakRssMB.toFixed(0)} MB) | ${pass(r.timeline.ratio <= CLV_TIMELINE_RATIO_TARGET)} |`,
    `| Scoring one customer (value, P(alive), expected purchases) | ≤ ${CLV_SCORE_TARGET_MS} ms | CPU ${ms(r.scoreMs.cpu)}; wall mean ${ms(r.scoreMs.mean)} | ${pass(r.scoreMs.cpu <= CLV_SCORE_TARGET_MS)} |`,
    `| Profile p50 with the value block vs without | ≤ ${CLV_PROFILE_CHANGE_TARGET * 100}% | ${(r.profile.change * 100).toFixed(1)}% | ${pass(r.profile.change <= CLV_PROFILE_CHANGE_TARGET)} |`,
  ];
}

export function clvSection(r: ClvBenchResult): string[] {
  return [
    '## Customer value (BG/NBD + Gamma-Gamma)',
    '',
    `${r.customers.toLocaleString('en-US')} simulated purchasing customers (drawn from the models themselves) in \`customer_values\`, SQLite. The fit runs in a worker thread with its own read-only connection (${r.source}); meanwhile the bench reads timeline pages of 50 on the hub thread, one at a time; the baseline is read for 15 s before and 15 s after the fit. Peak RSS is the process's (threads share it) as sampled by the worker. Details: [docs/clv.md](clv.md).`,
    '',
    '| Measure | Samples | p50 | p99 | Result |',
    '|---|---|---|---|---|',
    `| Timeline page, no fit | ${r.timeline.without.n} | ${ms(r.timeline.without.p50)} | ${ms(r.timeline.without.p99)} | |`,
    `| Timeline page, during the fit (${r.fitSeconds.toFixed(1)} s) | ${r.timeline.during.n} | ${ms(r.timeline.during.p50)} | ${ms(r.timeline.during.p99)} | ${r.timeline.ratio.toFixed(2)}x ${pass(r.timeline.ratio <= CLV_TIMELINE_RATIO_TARGET)} |`,
    `| Profile without value | ${r.profile.without.n} | ${ms(r.profile.without.p50)} | ${ms(r.profile.without.p99)} | |`,
    `| Profile with value | ${r.profile.with.n} | ${ms(r.profile.with.p50)} | ${ms(r.profile.with.p99)} | ${(r.profile.change * 100).toFixed(1)}% ${pass(r.profile.change <= CLV_PROFILE_CHANGE_TARGET)} |`,
    `| Scoring one customer (wall; CPU ${ms(r.scoreMs.cpu)}) | ${r.customers.toLocaleString('en-US')} | mean ${ms(r.scoreMs.mean)} | ${ms(r.scoreMs.p99)} (100-blocks) | ${pass(r.scoreMs.cpu <= CLV_SCORE_TARGET_MS)} |`,
    `Load average at the end: ${r.loadAverage.toFixed(1)} (the machine's other work weighs on every wall-clock figure).`,
    '',
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--customers');
  const n = i > 0 ? Number(process.argv[i + 1]) : 100_000;
  const r = await benchClv(n);
  console.log([...clvSection(r), ...clvSummaryRows(r)].join('\n'));
}
