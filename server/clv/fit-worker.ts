import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { runFitJob, type FitColumns, type FitSettings } from './fit-job.js';
import { courtesy } from './optimize.js';

/*
 * Worker-thread entry of a fit (started by fit-runner.ts; bundled as out/main/clv-fit-worker.js).
 * On SQLite it reads customer_values itself over its own read-only connection, so the hub's thread never
 * walks 100k rows; otherwise the columns come in workerData. Reports its peak RSS for the bench.
 */

export interface WorkerInput {
  settings: FitSettings;
  /** SQLite: read the rows here. */
  sqlite?: { file: string; driver: string };
  columns?: FitColumns;
}

function readSqlite(file: string, driver: string): FitColumns {
  const Database = createRequire(import.meta.url)(driver) as typeof BetterSqlite3;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const rows = db
      .prepare('select customer_id, first_purchase_us, last_purchase_us, occasions, repeat_spend, total_spend, months, acquisition_channel, acquisition_source from customer_values')
      .raw()
      .all() as [string, number, number, number, number, number, string, string, string][];
    const n = rows.length;
    const c: FitColumns = { customerIds: new Array<string>(n), firstMs: new Float64Array(n), lastMs: new Float64Array(n), occasions: new Float64Array(n), repeatSpend: new Float64Array(n), totalSpend: new Float64Array(n), months: new Array<string>(n), acquisitionChannel: new Array<string>(n), acquisitionSource: new Array<string>(n) };
    rows.forEach((r, i) => {
      c.customerIds[i] = r[0];
      c.firstMs[i] = Math.floor(Number(r[1]) / 1000);
      c.lastMs[i] = Math.floor(Number(r[2]) / 1000);
      c.occasions[i] = r[3];
      c.repeatSpend[i] = r[4];
      c.totalSpend[i] = r[5];
      c.months[i] = r[6];
      c.acquisitionChannel[i] = r[7];
      c.acquisitionSource[i] = r[8];
    });
    return c;
  } finally {
    db.close();
  }
}

// Leave the CPU to the hub half of the time: a daily fit may take twice as long, the hub stays responsive.
courtesy.everyMs = 5;
courtesy.pauseMs = 5;

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 25);
try {
  const input = workerData as WorkerInput;
  const columns = input.sqlite ? readSqlite(input.sqlite.file, input.sqlite.driver) : input.columns!;
  const out = runFitJob(columns, input.settings);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  parentPort!.postMessage({ ok: true, out, peakRss, heapUsed: process.memoryUsage().heapUsed });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  clearInterval(sampler);
}
