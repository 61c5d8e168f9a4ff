import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestEvent } from '../shared/index.js';
import { domainOn, type SqlDomain } from '../server/create-domain.js';
import { openSqlite, type SqliteSynchronous } from '../server/storage/open-database.js';
import { BenchDataset } from './dataset.js';
import { summarize, type Summary } from './stats.js';
import { systemActor } from '../shared/actor.js';

/*
 * What durability costs. Two fresh hub databases side by side, identical but for SQLite's
 * `synchronous` (NORMAL: survives a killed process; FULL: survives power loss, the hub's setting),
 * fed the same events alternately so machine noise hits both alike:
 * - bulk: batches of 1000 through domain.ingest (one fsync per batch either way);
 * - requests: one event per ingest call, as single webhook deliveries arrive: one at a time (each
 *   call its own commit and fsync), then with several in flight (the commit queue groups them).
 */


export interface DurabilityRow {
  synchronous: SqliteSynchronous;
  eventsPerSecond: number;
  latency: Summary;
  /** Commits the ingest made (the commit queue's transactions). */
  transactions: number;
}

export interface DurabilityResult {
  bulkEvents: number;
  bulk: DurabilityRow[];
  requests: number;
  sequential: DurabilityRow[];
  concurrency: number;
  concurrent: DurabilityRow[];
}

export async function benchDurability(dir: string, opts: { bulkEvents: number; requests: number; concurrency: number; log?: (line: string) => void }): Promise<DurabilityResult> {
  const modes: SqliteSynchronous[] = ['NORMAL', 'FULL'];
  const domains = new Map<SqliteSynchronous, SqlDomain>();
  try {
    for (const mode of modes) {
      const sub = join(dir, `durability-${mode.toLowerCase()}`);
      mkdirSync(sub, { recursive: true });
      domains.set(mode, await domainOn(await openSqlite(join(sub, 'omni.sqlite'), { synchronous: mode }), { defaultRegion: 'US' }));
    }
    const bulkData = new BenchDataset({ customers: Math.max(10, opts.bulkEvents / 10), events: opts.bulkEvents, heavyCustomers: 10, heavyShare: 0.2, fragmentEvery: 25, seed: 7, endMs: Date.UTC(2025, 5, 1) });
    const bulkMs = new Map<SqliteSynchronous, number[]>(modes.map((m) => [m, []]));
    const tx0 = new Map(modes.map((m) => [m, domains.get(m)!.ingest.commits.stats.transactions]));
    let flip = 0;
    for (const batch of bulkData.batches(1000)) {
      // Alternate who goes first, like the timeline bench.
      for (const mode of flip++ % 2 ? [...modes].reverse() : modes) bulkMs.get(mode)!.push(await timed(() => domains.get(mode)!.ingest.ingest(systemActor('bench'), batch)));
    }
    const bulk = modes.map((m) => row(m, opts.bulkEvents, bulkMs.get(m)!, domains.get(m)!.ingest.commits.stats.transactions - tx0.get(m)!));
    opts.log?.(`  durability, bulk: NORMAL ${Math.round(bulk[0]!.eventsPerSecond)} vs FULL ${Math.round(bulk[1]!.eventsPerSecond)} events/s`);

    // Single-event requests: fresh events for customers the bulk part created (a realistic mix of new and known).
    const reqData = new BenchDataset({ ...bulkData.opts, events: opts.requests * 2, seed: 8 });
    const singles = [...reqData.batches(1)].map((b) => b[0]!);
    const sequentialSet = singles.slice(0, opts.requests);
    const concurrentSet = singles.slice(opts.requests);
    const sequential = await interleaved(domains, modes, sequentialSet, 1);
    opts.log?.(`  durability, one request at a time: NORMAL ${Math.round(sequential[0]!.eventsPerSecond)} vs FULL ${Math.round(sequential[1]!.eventsPerSecond)} events/s`);
    const concurrent = await interleaved(domains, modes, concurrentSet, opts.concurrency);
    opts.log?.(`  durability, ${opts.concurrency} in flight: NORMAL ${Math.round(concurrent[0]!.eventsPerSecond)} vs FULL ${Math.round(concurrent[1]!.eventsPerSecond)} events/s`);
    return { bulkEvents: opts.bulkEvents, bulk, requests: opts.requests, sequential, concurrency: opts.concurrency, concurrent };
  } finally {
    for (const d of domains.values()) await d.close();
  }
}

/** Rounds of 50 requests per mode, alternating, `inFlight` callers at a time; per-request latency and commits counted. */
async function interleaved(domains: Map<SqliteSynchronous, SqlDomain>, modes: SqliteSynchronous[], events: IngestEvent[], inFlight: number): Promise<DurabilityRow[]> {
  const ms = new Map<SqliteSynchronous, number[]>(modes.map((m) => [m, []]));
  const wall = new Map<SqliteSynchronous, number>(modes.map((m) => [m, 0]));
  const tx0 = new Map(modes.map((m) => [m, domains.get(m)!.ingest.commits.stats.transactions]));
  const ROUND = 50;
  for (let i = 0; i < events.length; i += ROUND) {
    const round = events.slice(i, i + ROUND);
    for (const mode of (i / ROUND) % 2 ? [...modes].reverse() : modes) {
      const domain = domains.get(mode)!;
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: Math.min(inFlight, round.length) }, async () => {
          while (next < round.length) {
            const ev = round[next++]!;
            ms.get(mode)!.push(await timed(() => domain.ingest.ingest(systemActor('bench'), [ev])));
          }
        }),
      );
      wall.set(mode, wall.get(mode)! + performance.now() - t0);
    }
  }
  return modes.map((m) => ({
    synchronous: m,
    eventsPerSecond: events.length / (wall.get(m)! / 1000),
    latency: summarize(ms.get(m)!),
    transactions: domains.get(m)!.ingest.commits.stats.transactions - tx0.get(m)!,
  }));
}

function row(mode: SqliteSynchronous, events: number, ms: number[], transactions: number): DurabilityRow {
  const total = ms.reduce((a, b) => a + b, 0);
  return { synchronous: mode, eventsPerSecond: events / (total / 1000), latency: summarize(ms), transactions };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
