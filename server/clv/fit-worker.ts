import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { runFitJob, type FitColumns, type FitSettings } from './fit-job.js';
import { courtesy } from './optimize.js';

/*
 * Worker-thread entry of a fit (started by fit-runner.ts; bundled as out/main/clv-fit-worker.js).
 * It reads customer_values itself over its own connection (read-only SQLite, or one PostgreSQL client in a
 * read-only snapshot, a page at a time), so the hub's thread never walks the rows or holds them: on PostgreSQL
 * the hub's thread once read them all and posted a copy here, and a 10M-event hub (773k value rows) went from
 * 97 MB to a 431 MB peak while idle. Tests may pass the columns in workerData. Reports its peak RSS for the bench.
 */

export interface WorkerInput {
  settings: FitSettings;
  /** SQLite: read the rows here. */
  sqlite?: { file: string; driver: string };
  /** PostgreSQL (the hub's URL, search_path included): read the rows here. */
  postgres?: { url: string; driver: string };
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

/** Page size of the PostgreSQL read: the rows in flight stay a few MB whatever the table's size. */
const PG_PAGE = 5000;

async function readPostgres(url: string, driver: string): Promise<FitColumns> {
  const { Client } = createRequire(import.meta.url)(driver) as typeof pg;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // One snapshot for the whole read, as the SQLite read has.
    await client.query('begin transaction isolation level repeatable read read only');
    const c = { customerIds: [] as string[], months: [] as string[], acquisitionChannel: [] as string[], acquisitionSource: [] as string[] };
    const first: number[] = [];
    const last: number[] = [];
    const occ: number[] = [];
    const rep: number[] = [];
    const tot: number[] = [];
    let after = '';
    for (;;) {
      const { rows } = await client.query<[string, string, string, number, number, number, string, string, string]>({
        text: 'select customer_id, first_purchase_us, last_purchase_us, occasions, repeat_spend, total_spend, months, acquisition_channel, acquisition_source from customer_values where customer_id > $1 order by customer_id limit $2',
        values: [after, PG_PAGE],
        rowMode: 'array',
      });
      for (const r of rows) {
        c.customerIds.push(r[0]);
        first.push(Math.floor(Number(r[1]) / 1000));
        last.push(Math.floor(Number(r[2]) / 1000));
        occ.push(Number(r[3]));
        rep.push(Number(r[4]));
        tot.push(Number(r[5]));
        c.months.push(r[6]);
        c.acquisitionChannel.push(r[7]);
        c.acquisitionSource.push(r[8]);
      }
      if (rows.length < PG_PAGE) break;
      after = rows[rows.length - 1]![0];
    }
    await client.query('commit');
    return { ...c, firstMs: Float64Array.from(first), lastMs: Float64Array.from(last), occasions: Float64Array.from(occ), repeatSpend: Float64Array.from(rep), totalSpend: Float64Array.from(tot) };
  } finally {
    await client.end();
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
  const columns = input.sqlite ? readSqlite(input.sqlite.file, input.sqlite.driver) : input.postgres ? await readPostgres(input.postgres.url, input.postgres.driver) : input.columns!;
  const out = runFitJob(columns, input.settings);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  parentPort!.postMessage({ ok: true, out, peakRss, heapUsed: process.memoryUsage().heapUsed });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  clearInterval(sampler);
}
