import type { IngestService } from '../server/domain.js';
import { BenchDataset } from './dataset.js';
import { summarize, type Summary } from './stats.js';
import { systemActor } from '../shared/actor.js';

export interface LoadResult {
  events: number;
  /** Wall time inside ingest() only (generation excluded). */
  ingestSeconds: number;
  eventsPerSecond: number;
  /** Per-batch (1000 events) ingest latency. */
  batch: Summary;
  merges: number;
}

/** Feeds the data set through the domain's real ingest (identity, merges, one transaction per batch). */
export interface LoadOptions {
  limit?: number;
  progress?: (line: string) => void;
  /** Runs after each batch, outside the timed part (the bench's raw floor writes the same rows here). */
  afterBatch?: () => Promise<void>;
}

export async function loadThroughIngest(ingest: IngestService, data: BenchDataset, opts: LoadOptions = {}): Promise<LoadResult> {
  const limit = opts.limit ?? data.opts.events;
  const batchMs: number[] = [];
  let events = 0;
  let merges = 0;
  let busyMs = 0;
  let lastReport = performance.now();
  for (const batch of data.batches(1000)) {
    const take = batch.slice(0, limit - events);
    const t0 = performance.now();
    const out = await ingest.ingest(systemActor('bench'), take);
    const dt = performance.now() - t0;
    busyMs += dt;
    batchMs.push(dt);
    merges += out.merges.length;
    events += take.length;
    await opts.afterBatch?.();
    if (opts.progress && performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      opts.progress(`  ingested ${events.toLocaleString('en-US')} / ${limit.toLocaleString('en-US')} (${Math.round(events / (busyMs / 1000)).toLocaleString('en-US')} events/s)`);
    }
    if (events >= limit) break;
  }
  return { events, ingestSeconds: busyMs / 1000, eventsPerSecond: events / (busyMs / 1000), batch: summarize(batchMs), merges };
}
