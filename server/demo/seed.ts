import { MAX_BATCH, type IngestEvent } from '../../shared/index.js';
import type { IngestService } from '../domain.js';
import { DEFAULT_SEED, generateDemo } from './generator.js';
import { systemActor } from '../../shared/actor.js';

export interface SeedOptions {
  seed?: number;
  /** Total people, personas included (default 3000). */
  customers?: number;
  now?: Date;
  /** Progress callback after each batch. */
  onBatch?: (done: { customers: number; events: number }) => void;
}

/**
 * Ingests the demo data set in batches of at most 1000 through the real ingest path (identity,
 * merges, fan-out). Idempotent: sourceEventIds are stable, so re-seeding only finds duplicates.
 */
export async function seedDemo(ingest: IngestService, opts: SeedOptions = {}): Promise<{ customers: number; events: number }> {
  let customers = 0;
  let events = 0;
  let batch: IngestEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await ingest.ingest(systemActor('demo'), batch);
    events += batch.length;
    batch = [];
    opts.onBatch?.({ customers, events });
  };
  for (const history of generateDemo({ seed: opts.seed ?? DEFAULT_SEED, ...(opts.customers !== undefined ? { customers: opts.customers } : {}), ...(opts.now ? { now: opts.now } : {}) })) {
    customers += 1;
    for (const event of history) {
      batch.push(event);
      if (batch.length >= MAX_BATCH) await flush();
    }
  }
  await flush();
  return { customers, events };
}
