import type { DurabilityResult, DurabilityRow } from './durability-bench.js';
import type { FloorResult, IngestCpu, IngestSlice } from './ingest-bench.js';
import type { LoadResult } from './load.js';
import type { BenchSizes } from './sizes.js';
import { ms } from './stats.js';

/** Ingest must run at least this fraction of the raw insert floor's events/s, measured in the same run. */
export const INGEST_FLOOR_RATIO = 0.5;

export type IngestReport = LoadResult & { customers: number; activeCustomers: number; floor?: FloorResult; floorRatio?: number; slices?: IngestSlice[]; cpu?: IngestCpu | null };

/** Issue 15: the last tenth of the load must still run at this fraction of the first tenth's events/s. */
export const SLICE_FLATNESS = 0.8;

/** Last slice's ingest events/s ÷ first slice's (null without slices). */
export function sliceFlatness(i: IngestReport): number | null {
  const s = i.slices;
  if (!s || s.length < 2) return null;
  return s[s.length - 1]!.ingestEventsPerSecond / s[0]!.ingestEventsPerSecond;
}

const n = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? '**PASS**' : '**MISS**');

export function ingestPass(i: IngestReport): boolean {
  return (i.floorRatio ?? 0) >= INGEST_FLOOR_RATIO;
}

export function ingestSummaryRows(i: IngestReport, d: DurabilityResult | undefined): string[] {
  const rows: string[] = [];
  if (i.floor && i.floorRatio !== undefined) {
    rows.push(
      `| Ingest with identity, durable (SQLite synchronous=FULL), embedded SQLite | ≥ ${INGEST_FLOOR_RATIO}× raw insert floor (same rows, schema, indexes, durability, batches of 1000) | ${n(i.eventsPerSecond)} events/s vs floor ${n(i.floor.eventsPerSecond)} events/s (${i.floorRatio.toFixed(2)}×) | ${verdict(ingestPass(i))} |`,
    );
  } else {
    rows.push(`| Ingest with identity, durable (SQLite synchronous=FULL), embedded SQLite | ≥ ${INGEST_FLOOR_RATIO}× raw insert floor | ${n(i.eventsPerSecond)} events/s (floor not measured) | — |`);
  }
  if (d) {
    const [bn, bf] = d.bulk;
    const [sn, sf] = d.sequential;
    const [, cf] = d.concurrent;
    rows.push(
      `| Cost of durability (FULL vs NORMAL) | none (reported) | batches of 1000: ${pct(bf!, bn!)}; single-event requests one at a time: ${pct(sf!, sn!)}; ${d.concurrency} in flight, FULL: ${n(cf!.eventsPerSecond)} events/s in ${n(cf!.transactions)} commits for ${n(d.requests)} requests | — |`,
    );
  }
  return rows;
}

export function ingestSection(i: IngestReport, s: BenchSizes, pgIngest: LoadResult | undefined): string[] {
  const out = ['## Ingest with identity (embedded SQLite)', ''];
  out.push(
    `${n(i.events)} events for ${n(i.customers)} customers went through \`domain.ingest.ingest()\` in batches of 1000 — the same path as \`POST /api/v1/events\` minus HTTP: zod-validated events, email/phone normalization (phones arrive in five formats), identity resolution, one durable transaction per batch (SQLite \`synchronous=FULL\`: the WAL is fsynced before \`ingest()\` returns, as before a 202). ` +
      `${n(s.heavyCustomers)} heavy customers receive ${n(s.heavyShare * 100)}% of the events (~${n((s.events * s.heavyShare) / s.heavyCustomers)} each); every ${s.fragmentEvery}th ordinary customer uses a loyalty card alone until a later event carries card + email, so ingest also performs **${n(i.merges)} merges**. ` +
      `Result: ${n(i.activeCustomers)} active customers. Only time inside \`ingest()\` counts (data generation is excluded). WAL checkpoints run in the hub's checkpoint worker thread, and any wait for it is inside the measured time.`,
    '',
    '**Raw floor**: after each ingest batch, the rows it stored (customers touched, identifiers, events, order refs, merges, household links, consents, profile stats and per-order money), and the new rows the ingest pipeline derived since the previous batch (the duplicates index’s profiles and blocking keys, customer-value rows) are read back, untimed, and written into a second SQLite database created by the same migrations (same schema, indexes and triggers), opened the same way (`synchronous=FULL`, WAL, checkpoint worker), as cached prepared statements run row by row, one transaction per batch: no validation, normalization, identity or JSON work. Both alternate batch by batch, so load on the machine hits both alike; the ratio, not the absolute rate, is the target (absolute rates differ by 2× and more between machines of this kind).',
    '',
  );
  out.push('| Run | Events | Time | Events/s | Batch p50 | Batch p99 |', '|---|---|---|---|---|---|');
  out.push(`| Ingest with identity (durable) | ${n(i.events)} | ${n(i.ingestSeconds, 1)} s | ${n(i.eventsPerSecond)} | ${ms(i.batch.p50)} | ${ms(i.batch.p99)} |`);
  if (i.floor) out.push(`| Raw insert floor (same rows, durable) | ${n(i.events)} | ${n(i.floor.seconds, 1)} s | ${n(i.floor.eventsPerSecond)} | ${ms(i.floor.batch.p50)} | ${ms(i.floor.batch.p99)} |`);
  if (pgIngest) out.push(`| PostgreSQL ingest, first ${n(pgIngest.events)} events (informational; synchronous_commit on) | ${n(pgIngest.events)} | ${n(pgIngest.ingestSeconds, 1)} s | ${n(pgIngest.eventsPerSecond)} | ${ms(pgIngest.batch.p50)} | ${ms(pgIngest.batch.p99)} |`);
  out.push('');
  if (i.floorRatio !== undefined) out.push(`Ingest / floor = ${i.floorRatio.toFixed(2)}× (target ≥ ${INGEST_FLOOR_RATIO}×) → ${verdict(ingestPass(i))}.`, '');
  if (i.cpu) {
    out.push(
      `Main-thread CPU over the same batches (informational; other processes on the machine do not move it, fsync waits are not in it): ingest ${n(i.cpu.ingestMs)} ms, floor ${n(i.cpu.floorMs)} ms → floor / ingest = ${i.cpu.ratio.toFixed(2)}×.`,
      '',
    );
  }
  out.push(...sliceRows(i));
  return out;
}

/** The load in tenths: how the rate moves as the database grows (the floor beside it shows what the trees alone cost). */
function sliceRows(i: IngestReport): string[] {
  const flat = sliceFlatness(i);
  if (!i.slices || flat === null) return [];
  return [
    '| Slice (events stored before it) | Events | Ingest events/s | Floor events/s | Ingest / floor |',
    '|---|---|---|---|---|',
    ...i.slices.map((s) => `| from ${n(s.fromEvents)} | ${n(s.events)} | ${n(s.ingestEventsPerSecond)} | ${n(s.floorEventsPerSecond)} | ${(s.ingestEventsPerSecond / s.floorEventsPerSecond).toFixed(2)}× |`),
    '',
    `Last slice / first slice = ${flat.toFixed(2)}× (target ≥ ${SLICE_FLATNESS}× at the scale size) → ${verdict(flat >= SLICE_FLATNESS)}.`,
    '',
  ];
}

export function durabilitySection(d: DurabilityResult): string[] {
  const line = (label: string, r: DurabilityRow, requests: number) =>
    `| ${label} | ${r.synchronous} | ${n(requests)} | ${n(r.eventsPerSecond)} | ${n(r.transactions)} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} |`;
  return [
    '## Cost of durability',
    '',
    'Two fresh hub databases, identical but for SQLite `synchronous`: **NORMAL** survives a killed process but may lose the last acknowledged transactions on power loss; **FULL** (the hub) fsyncs the WAL at every commit. They receive the same events alternately (so load hits both alike) through `domain.ingest.ingest()`: ' +
      `first ${n(d.bulkEvents)} events in batches of 1000; then single-event calls, as single webhook deliveries arrive, ${n(d.requests)} one at a time (each its own commit) and ${n(d.requests)} with ${d.concurrency} in flight, where the commit queue (server/storage/commit-queue.ts) puts requests that arrive together into one transaction, each in its own savepoint (a request alone needs none), so they share one fsync. "Commits" counts the transactions.`,
    '',
    '| Workload | synchronous | Events | Events/s | Commits | Latency p50 | Latency p99 |',
    '|---|---|---|---|---|---|---|',
    ...d.bulk.map((r) => line('batches of 1000', r, d.bulkEvents)),
    ...d.sequential.map((r) => line('single-event requests, one at a time', r, d.requests)),
    ...d.concurrent.map((r) => line(`single-event requests, ${d.concurrency} in flight`, r, d.requests)),
    '',
    `FULL costs ${pct(d.bulk[1]!, d.bulk[0]!)} in batches and ${pct(d.sequential[1]!, d.sequential[0]!)} for lone requests; with ${d.concurrency} in flight it runs ${pct(d.concurrent[1]!, d.concurrent[0]!)} against NORMAL, at ${(d.requests / Math.max(1, d.concurrent[1]!.transactions)).toFixed(1)} requests per commit.`,
    '',
  ];
}

/** "−12% events/s" of `full` relative to `normal`. */
function pct(full: DurabilityRow, normal: DurabilityRow): string {
  const d = (full.eventsPerSecond / normal.eventsPerSecond - 1) * 100;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(0)}% events/s (${n(full.eventsPerSecond)} vs ${n(normal.eventsPerSecond)})`;
}
