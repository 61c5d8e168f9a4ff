import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestService } from '../domain.js';
import { loadImport, type ImportFormat } from '../connectors/import/formats.js';
import { runImport } from '../connectors/import/run-import.js';
import { systemActor } from '../../shared/actor.js';

/*
 * Real public samples for the demo hub (next to the repo in ../shared/data, never copied in): UCI
 * Online Retail invoices and support conversations (TWCS tweets, ABCD chats), read by the same
 * importers as `npm run import`. Stable sourceEventIds make a restart's re-run all duplicates.
 */

/** File (relative to the data dir) and the import format that reads it. */
export const DEMO_DATA_FILES: readonly { file: string; format: ImportFormat }[] = [
  { file: 'retail/uci_online_retail_sample_20k.csv', format: 'online-retail-csv' },
  { file: 'support-conversations/twcs/twcs_kaggle_sample.csv', format: 'twcs-csv' },
  { file: 'support-conversations/abcd/abcd_sample.json', format: 'abcd-json' },
];

/**
 * OMNI_DEMO_DATA_DIR, else `<repo>/../shared/data`, the repo being the nearest folder above this module
 * with a package.json (this file runs from server/demo/ under tsx and from out/main/chunks/ when built).
 */
export function demoDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const set = env['OMNI_DEMO_DATA_DIR']?.trim();
  if (set) return resolve(set);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, '../shared/data');
}

export interface DemoDataSummary {
  files: { file: string; created: number; duplicate: number; rejected: number }[];
  created: number;
  duplicate: number;
  rejected: number;
  seconds: number;
}

export interface ImportDemoDataOptions {
  region: string;
  log?: (line: string) => void;
  /** Checked before every batch: a closing hub stops the import between transactions. */
  cancelled?: () => boolean;
}

export class DemoImportCancelled extends Error {
  constructor() {
    super('demo data import cancelled (hub closing)');
  }
}

/** Imports every sample file present under `dir`; null (one log line) when `dir` does not exist. */
export async function importDemoData(ingest: Pick<IngestService, 'ingest'>, dir: string, opts: ImportDemoDataOptions): Promise<DemoDataSummary | null> {
  const log = opts.log ?? (() => {});
  if (!existsSync(dir)) {
    log(`demo: no real data at ${dir} (set OMNI_DEMO_DATA_DIR), importing none`);
    return null;
  }
  const started = Date.now();
  const guarded: Pick<IngestService, 'ingest'> = {
    ingest: async (actor, events, o) => {
      if (opts.cancelled?.()) throw new DemoImportCancelled();
      // Yield between batches so requests are served while the import runs.
      await new Promise((r) => setImmediate(r));
      return ingest.ingest(actor, events, o);
    },
  };
  const summary: DemoDataSummary = { files: [], created: 0, duplicate: 0, rejected: 0, seconds: 0 };
  for (const { file, format } of DEMO_DATA_FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const { units, merge } = loadImport(path, format, opts.region);
    const s = await runImport({ units, ingest: guarded, actor: systemActor('demo'), ...(merge ? { merge } : {}), batchSize: 200 });
    const row = { file, created: s.created, duplicate: s.duplicate + s.updated, rejected: s.rejected };
    summary.files.push(row);
    summary.created += row.created;
    summary.duplicate += row.duplicate;
    summary.rejected += row.rejected;
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
