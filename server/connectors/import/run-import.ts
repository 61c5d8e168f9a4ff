import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemActor, type Actor, type IngestEvent } from '../../../shared/index.js';
import { InputError, type IngestService, type MergeItem } from '../../domain.js';
import type { ImportUnit } from './formats.js';

export interface ImportSummary {
  total: number;
  created: number;
  duplicate: number;
  updated: number;
  rejected: number;
  /** Units skipped because a checkpoint said an earlier run already did them. */
  resumedFrom: number;
  /** Reject reasons, most frequent first, with up to 3 example refs each. */
  reasons: { reason: string; count: number; examples: string[] }[];
  seconds: number;
  eventsPerSecond: number;
}

export interface Checkpoint {
  file: string;
  format: string;
  /** Changes when the file does: a checkpoint of another file version is ignored. */
  fingerprint: string;
  done: number;
}

export interface RunImportOptions {
  units: readonly ImportUnit[];
  ingest: Pick<IngestService, 'ingest'>;
  /** Who imports (audit, permissions); default the `import` system actor. */
  actor?: Actor;
  merge?: MergeItem;
  batchSize?: number;
  /** Where progress is saved after each batch (resume); none = no checkpointing. */
  checkpointPath?: string;
  checkpointKey?: Omit<Checkpoint, 'done'>;
  onProgress?: (done: number, total: number, s: { created: number; duplicate: number; rejected: number }) => void;
}

export function fileFingerprint(file: string): string {
  const st = statSync(file);
  return createHash('sha1').update(`${st.size}:${st.mtimeMs}`).digest('hex').slice(0, 16);
}

export function readCheckpoint(path: string | undefined, key: Omit<Checkpoint, 'done'> | undefined): number {
  if (!path || !key || !existsSync(path)) return 0;
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
    return c.file === key.file && c.format === key.format && c.fingerprint === key.fingerprint && Number.isInteger(c.done) ? c.done : 0;
  } catch {
    return 0;
  }
}

function writeCheckpoint(path: string, c: Checkpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(c));
  renameSync(tmp, path); // atomic: a crash never leaves half a checkpoint
}

/**
 * Feeds units to ingest in batches. A batch is all-or-nothing, so an event the domain refuses
 * (InputError naming `events[i]`) is rejected on its own and the rest of the batch retried.
 */
export async function runImport(o: RunImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const batchSize = o.batchSize ?? 500;
  const resumeAt = Math.min(readCheckpoint(o.checkpointPath, o.checkpointKey), o.units.length);
  const s = { created: 0, duplicate: 0, updated: 0, rejected: 0 };
  const reasons = new Map<string, { count: number; examples: string[] }>();
  const reject = (u: ImportUnit, reason: string) => {
    s.rejected++;
    const r = reasons.get(reason) ?? { count: 0, examples: [] };
    r.count++;
    if (r.examples.length < 3) r.examples.push(u.ref);
    reasons.set(reason, r);
  };

  for (let start = resumeAt; start < o.units.length; start += batchSize) {
    const slice = o.units.slice(start, start + batchSize);
    let pending: { unit: ImportUnit; event: IngestEvent }[] = [];
    for (const u of slice) {
      if (u.event) pending.push({ unit: u, event: u.event });
      else reject(u, u.reject ?? 'rejected');
    }
    while (pending.length > 0) {
      try {
        const out = await o.ingest.ingest(o.actor ?? systemActor('import'), pending.map((p) => p.event), o.merge ? { merge: o.merge } : {});
        const updated = new Set((out.updated ?? []).map((i) => i.id));
        for (const r of out.results) {
          if (r.status === 'created') s.created++;
          else if (updated.has(r.eventId)) s.updated++;
          else s.duplicate++;
        }
        pending = [];
      } catch (err) {
        const m = err instanceof InputError ? /^events\[(\d+)\]/.exec(err.path) : null;
        if (!m) throw err;
        const i = Number(m[1]);
        reject(pending[i]!.unit, `${err instanceof InputError ? err.path.replace(/^events\[\d+\]\.?/, '') : ''}: ${(err as Error).message}`);
        pending = pending.filter((_, j) => j !== i);
      }
    }
    const done = Math.min(start + batchSize, o.units.length);
    if (o.checkpointPath && o.checkpointKey) writeCheckpoint(o.checkpointPath, { ...o.checkpointKey, done });
    o.onProgress?.(done, o.units.length, s);
  }
  const seconds = (Date.now() - started) / 1000;
  const processed = o.units.length - resumeAt;
  return {
    total: o.units.length,
    ...s,
    resumedFrom: resumeAt,
    reasons: [...reasons.entries()].map(([reason, r]) => ({ reason, ...r })).sort((a, b) => b.count - a.count),
    seconds,
    eventsPerSecond: seconds > 0 ? Math.round(processed / seconds) : processed,
  };
}
