/*
 * Team-lead floor (issue 13): incremental metrics with 50 queues, 500 agents and 100k contacts today, in a real
 * hub process (bench/metrics-hub-child.ts, compiled like the packaged app, SQLite):
 *   tick:    hub time of one update (a conversation change folded into the live state, its leg written, and
 *            the `metrics:updated` payload built for its queue); floor = the same leg's upsert alone (the
 *            write every update costs anyway), measured in the same run, alternating.
 *   latency: conversation fact published -> `metrics.updated` published for the leads (includes the 100 ms
 *            push coalescing; socket transport is measured by the widget/live benches).
 *   rss:     RSS of a hub process started on the day's data (today's legs folded at start, then the updates
 *            above), beside a hub started with no day. The day is written through a first hub that is then closed.
 * Targets: tick <= 50 ms, latency p99 <= 2 s, RSS <= 150 MB. `npm run bench -- --only metrics`, or alone:
 * `npx tsx bench/metrics-bench.ts [contacts]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchHubEnv, spawnChild } from './child.js';
import { compileChild } from './compile.js';

export interface MetricsBenchResult {
  queues: number;
  agents: number;
  contacts: number;
  loadSeconds: number;
  tick: { p50: number; p99: number; max: number };
  floor: { p50: number; p99: number };
  /** tick p50 / floor p50. */
  ratio: number;
  latency: { p50: number; p99: number; samples: number };
  /** Hub process RSS: started with no day (baseline), with the day loaded and after the measured updates. */
  rss: { baselineMB: number; loadedMB: number; deltaMB: number; peakMB: number };
}

interface Measured {
  tick: MetricsBenchResult['tick'];
  floor: MetricsBenchResult['floor'];
  latency: MetricsBenchResult['latency'];
}

export async function benchMetrics(opts: { contacts: number; queues?: number; agents?: number; samples?: number; log?: (l: string) => void }): Promise<MetricsBenchResult> {
  const log = opts.log ?? (() => {});
  const queues = opts.queues ?? 50;
  const agents = opts.agents ?? 500;
  const samples = opts.samples ?? 200;
  const dir = mkdtempSync(join(tmpdir(), 'omni-metrics-bench-'));
  const compiled = await compileChild('metrics-hub-child.ts');
  const env = { ...benchHubEnv(dir, 'bench-ingest-key-0123456789', { email: 'bench@omni.local', password: 'bench-password-0123' }), NODE_OPTIONS: '--expose-gc', BENCH_QUEUES: String(queues), BENCH_AGENTS: String(agents) };
  // First hub: its RSS with no day (baseline); it writes the day (legs folded and stored as they come).
  const first = await spawnChild<{ url: string; rssMB: number }>('metrics-hub-child.ts', env, compiled);
  let baselineMB = 0;
  let loadSeconds = 0;
  try {
    baselineMB = first.ready.rssMB;
    ({ loadSeconds } = await first.request<{ loadSeconds: number }>(`load ${opts.contacts}`));
    log(`metrics: ${opts.contacts} contacts written through the hub in ${loadSeconds.toFixed(1)} s`);
  } finally {
    await first.close();
  }
  // Second hub on the same data: starts with the day loaded (as a hub restarted mid-day), then takes the updates.
  // No forced GC in this one (a production hub never runs one, and a forced compaction maps pages of its own): its
  // RSS and high-water mark are what the hub's own work leaves.
  const { NODE_OPTIONS: _forcedGc, ...natural } = env;
  const child = await spawnChild<{ url: string; rssMB: number; peakRssMB: number }>('metrics-hub-child.ts', natural, compiled);
  try {
    const m = await child.request<Measured>(`measure ${samples}`);
    log(`metrics: hub with the day: ${JSON.stringify(m)}; at ready ${JSON.stringify(child.ready)}`);
    const after = await child.request<{ rssMB: number; peakRssMB: number }>('rss');
    const loadedMB = Math.max(child.ready.rssMB, after.rssMB);
    return {
      queues,
      agents,
      contacts: opts.contacts,
      loadSeconds,
      tick: m.tick,
      floor: m.floor,
      ratio: m.tick.p50 / Math.max(m.floor.p50, 1e-6),
      latency: m.latency,
      rss: { baselineMB, loadedMB, deltaMB: loadedMB - baselineMB, peakMB: Math.max(child.ready.peakRssMB, after.peakRssMB) },
    };
  } finally {
    await child.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line of the summary table: the three targets, judged together. */
export function metricsSummaryRow(r: MetricsBenchResult): string {
  const rss = Math.max(r.rss.loadedMB, r.rss.peakMB);
  const pass = r.tick.p99 <= 50 && r.latency.p99 <= 2000 && rss <= 150;
  return `| Floor metrics: update tick p99 / event -> push p99 / hub peak RSS (${r.queues} queues, ${r.agents} agents, ${r.contacts.toLocaleString('en-US')} contacts) | <= 50 ms / <= 2 s / <= 150 MB | ${r.tick.p99.toFixed(1)} ms / ${r.latency.p99.toFixed(0)} ms / ${rss.toFixed(0)} MB | **${pass ? 'PASS' : 'MISS'}** |`;
}

export function metricsReportLines(r: MetricsBenchResult): string[] {
  return [
    `## Team-lead floor (issue 13)`,
    ``,
    `${r.queues} queues, ${r.agents} agents, ${r.contacts.toLocaleString('en-US')} contacts today (loaded in ${r.loadSeconds.toFixed(1)} s).`,
    ``,
    `| measure | value | target |`,
    `|---|---|---|`,
    `| update tick, hub time p50 / p99 / max | ${r.tick.p50.toFixed(2)} / ${r.tick.p99.toFixed(2)} / ${r.tick.max.toFixed(2)} ms | <= 50 ms |`,
    `| floor (the leg's upsert alone) p50 / p99 | ${r.floor.p50.toFixed(2)} / ${r.floor.p99.toFixed(2)} ms | |`,
    `| tick / floor (p50) | ${r.ratio.toFixed(2)}x | |`,
    `| event -> push published p50 / p99 (${r.latency.samples} samples, incl. 100 ms coalescing) | ${r.latency.p50.toFixed(1)} / ${r.latency.p99.toFixed(1)} ms | <= 2000 ms |`,
    `| hub process RSS with the day loaded (same hub with no day: ${r.rss.baselineMB.toFixed(0)} MB) | ${r.rss.loadedMB.toFixed(0)} MB (+${r.rss.deltaMB.toFixed(0)} MB) | <= 150 MB |`,
    `| hub process peak RSS (high-water mark: start-up fold of the day, then the updates) | ${r.rss.peakMB.toFixed(0)} MB | <= 150 MB |`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const contacts = Number(process.argv[2] ?? 100_000);
  benchMetrics({ contacts, log: console.log })
    .then((r) => console.log(metricsReportLines(r).join('\n')))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
