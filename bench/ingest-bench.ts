import { openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestService } from '../server/domain.js';
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

/** One tenth of the load, in order: does ingest (and the floor) slow down as the database grows? */
export interface IngestSlice {
  /** Events stored before this slice began. */
  fromEvents: number;
  events: number;
  ingestEventsPerSecond: number;
  floorEventsPerSecond: number;
}

/** Main-thread CPU time of both sides, summed over the same batches (null where the OS does not tell). */
export interface IngestCpu {
  ingestMs: number;
  floorMs: number;
  /** Floor CPU ÷ ingest CPU: the events/s ratio as it would be with a core to itself (higher is better). */
  ratio: number;
}

export interface IngestVsFloor {
  load: LoadResult;
  floor: FloorResult;
  /** Ingest events/s ÷ floor events/s (higher is better; the target is a minimum). */
  ratio: number;
  synchronous: 'FULL';
  /** Ten slices of the load; the last slice's rate against the first one's is the "flat at ten times the data" figure. */
  slices: IngestSlice[];
  /** Informational companion to `ratio` that other processes on the machine do not move. */
  cpu: IngestCpu | null;
}

/**
 * This thread's CPU time in ms (Linux: `/proc/self/task/<tid>/schedstat`, nanoseconds on a core; the main
 * thread's tid is the pid), or null elsewhere. Unlike wall time it leaves out waiting for a core, which on a
 * shared 2-core machine swings the events/s of both sides by 2× and more; it leaves out waiting for fsync too
 * (both sides make one per batch), so it complements the wall-time ratio, never replaces it.
 */
export function threadCpuClock(): (() => number) | null {
  try {
    const fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
    const buf = Buffer.alloc(64);
    const read = () => {
      const text = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0));
      return Number(text.slice(0, text.indexOf(' '))) / 1e6;
    };
    return Number.isFinite(read()) ? read : null;
  } catch {
    return null;
  }
}

export const SLICES = 10;

/**
 * Ingest through the domain (identity, durable commits) with the raw floor interleaved batch by
 * batch: after each ingest batch, the rows it stored are read back (untimed) and written into the
 * floor database (timed), so both run under the same machine conditions at the same moment.
 */
export async function benchIngestVsFloor(domain: SqlDomain, data: BenchDataset, dir: string, progress?: (line: string) => void, limit?: number): Promise<IngestVsFloor> {
  const raw = domain.database.raw;
  if (raw.dialect !== 'sqlite') throw new Error('the ingest floor compares against embedded SQLite');
  const floor = await IngestFloor.open(join(dir, 'floor.sqlite'), 'FULL');
  const reader = new BatchRowReader(raw.sqlite);
  const floorMs: number[] = [];
  // Per batch: events and time inside ingest() (the same figure loadThroughIngest sums).
  const batches: { events: number; ms: number }[] = [];
  const cpuClock = threadCpuClock();
  const cpu = { ingestMs: 0, floorMs: 0 };
  const timed: IngestService = {
    async ingest(actor, events, opts) {
      const c0 = cpuClock?.() ?? 0;
      const t0 = performance.now();
      const out = await domain.ingest.ingest(actor, events, opts);
      batches.push({ events: events.length, ms: performance.now() - t0 });
      cpu.ingestMs += (cpuClock?.() ?? 0) - c0;
      return out;
    },
  };
  try {
    const load = await loadThroughIngest(timed, data, {
      ...(progress ? { progress } : {}),
      ...(limit !== undefined ? { limit } : {}),
      afterBatch: async () => {
        const rows = reader.next();
        const c0 = cpuClock?.() ?? 0;
        floorMs.push(await floor.write(rows));
        cpu.floorMs += (cpuClock?.() ?? 0) - c0;
      },
    });
    const seconds = floorMs.reduce((a, b) => a + b, 0) / 1000;
    const fl: FloorResult = { seconds, eventsPerSecond: load.events / seconds, batch: summarize(floorMs) };
    return {
      load,
      floor: fl,
      ratio: load.eventsPerSecond / fl.eventsPerSecond,
      synchronous: 'FULL',
      slices: slicesOf(batches, floorMs, load.events),
      cpu: cpuClock && cpu.ingestMs > 0 ? { ...cpu, ratio: cpu.floorMs / cpu.ingestMs } : null,
    };
  } finally {
    await floor.close();
  }
}

export function slicesOf(batches: readonly { events: number; ms: number }[], floorMs: readonly number[], total: number): IngestSlice[] {
  const size = Math.max(1, Math.ceil(total / SLICES));
  const out: IngestSlice[] = [];
  let done = 0;
  let cur = { fromEvents: 0, events: 0, ms: 0, floorMs: 0 };
  batches.forEach((b, i) => {
    cur.events += b.events;
    cur.ms += b.ms;
    cur.floorMs += floorMs[i] ?? 0;
    done += b.events;
    if (cur.events >= size || i === batches.length - 1) {
      out.push({ fromEvents: cur.fromEvents, events: cur.events, ingestEventsPerSecond: cur.events / (cur.ms / 1000), floorEventsPerSecond: cur.events / (cur.floorMs / 1000) });
      cur = { fromEvents: done, events: 0, ms: 0, floorMs: 0 };
    }
  });
  return out;
}
