import type { Db } from '../storage/schema.js';
import { emptyColumns, type FitColumns } from './fit-job.js';
import { allValueRows } from './store.js';

/**
 * The value rows as the fit's columns, read a page at a time on the hub's own connection: only for a database
 * the fit worker cannot open itself (a PostgreSQL handle without its URL, tests). Otherwise the worker reads them
 * (fit-worker.ts), and the hub's thread never holds them.
 */
export async function readFitColumns(db: Db): Promise<FitColumns> {
  const c = emptyColumns();
  const first: number[] = [];
  const last: number[] = [];
  const occ: number[] = [];
  const rep: number[] = [];
  const tot: number[] = [];
  for await (const page of allValueRows(db)) {
    for (const r of page) {
      c.customerIds.push(r.customerId);
      first.push(r.firstPurchaseMs);
      last.push(r.lastPurchaseMs);
      occ.push(r.occasions);
      rep.push(r.repeatSpend);
      tot.push(r.totalSpend);
      c.months.push(JSON.stringify(r.months));
      c.acquisitionChannel.push(r.acquisitionChannel);
      c.acquisitionSource.push(r.acquisitionSource);
    }
  }
  return { ...c, firstMs: Float64Array.from(first), lastMs: Float64Array.from(last), occasions: Float64Array.from(occ), repeatSpend: Float64Array.from(rep), totalSpend: Float64Array.from(tot) };
}
