import { join } from 'node:path';
import type { SqlDomain } from '../server/create-domain.js';
import { BenchDataset } from './dataset.js';
import { BatchRowReader, IngestFloor } from './ingest-floor.js';
import { loadThroughIngest, type LoadResult } from './load.js';
import { summarize, type Summary } from './stats.js';

export interface FloorResult {
  seconds: number;
  eventsPerSecond: number;
  batch: Summary;
}

export interface IngestVsFloor {
  load: LoadResult;
  floor: FloorResult;
  /** Ingest events/s ÷ floor events/s (higher is better; the target is a minimum). */
  ratio: number;
  synchronous: 'FULL';
}

/**
 * Ingest through the domain (identity, durable commits) with the raw floor interleaved batch by
 * batch: after each ingest batch, the rows it stored are read back (untimed) and written into the
 * floor database (timed), so both run under the same machine conditions at the same moment.
 */
export async function benchIngestVsFloor(domain: SqlDomain, data: BenchDataset, dir: string, progress?: (line: string) => void): Promise<IngestVsFloor> {
  const raw = domain.database.raw;
  if (raw.dialect !== 'sqlite') throw new Error('the ingest floor compares against embedded SQLite');
  const floor = await IngestFloor.open(join(dir, 'floor.sqlite'), 'FULL');
  const reader = new BatchRowReader(raw.sqlite);
  const floorMs: number[] = [];
  try {
    const load = await loadThroughIngest(domain.ingest, data, {
      ...(progress ? { progress } : {}),
      afterBatch: async () => {
        floorMs.push(await floor.write(reader.next()));
      },
    });
    const seconds = floorMs.reduce((a, b) => a + b, 0) / 1000;
    const fl: FloorResult = { seconds, eventsPerSecond: load.events / seconds, batch: summarize(floorMs) };
    return { load, floor: fl, ratio: load.eventsPerSecond / fl.eventsPerSecond, synchronous: 'FULL' };
  } finally {
    await floor.close();
  }
}
