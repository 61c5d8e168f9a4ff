import type { Transaction } from 'kysely';
import type { RowWriter } from '../storage/row-writer.js';
import type { Db, Schema } from '../storage/schema.js';
import { DEFAULT_ANNUAL_DISCOUNT_RATE, DEFAULT_MIN_CUSTOMERS_TO_FIT, type ClvModel } from './model.js';
import type { StoredReport } from './report-build.js';
import type { PurchaseSummary } from './score.js';

/* Storage of value models (clv_models) and per-customer purchase summaries (customer_values). */

export interface ValueRow extends PurchaseSummary {
  customerId: string;
  totalSpend: number;
  months: number[];
  acquisitionChannel: string;
  acquisitionSource: string;
  value12m: number;
  pAlive: number;
  scoredAtMs: number;
}

const CHUNK = 400;

type Stored = {
  customer_id: string;
  first_purchase_us: number | string;
  last_purchase_us: number | string;
  occasions: number | string;
  repeat_spend: number | string;
  total_spend: number | string;
  months: string;
  acquisition_channel: string;
  acquisition_source: string;
  value_12m: number | string;
  p_alive: number | string;
  scored_at_us: number | string;
};

export function fromStored(r: Stored): ValueRow {
  return {
    customerId: r.customer_id,
    firstPurchaseMs: Math.floor(Number(r.first_purchase_us) / 1000),
    lastPurchaseMs: Math.floor(Number(r.last_purchase_us) / 1000),
    occasions: Number(r.occasions),
    repeatSpend: Number(r.repeat_spend),
    totalSpend: Number(r.total_spend),
    months: JSON.parse(r.months) as number[],
    acquisitionChannel: r.acquisition_channel,
    acquisitionSource: r.acquisition_source,
    value12m: Number(r.value_12m),
    pAlive: Number(r.p_alive),
    scoredAtMs: Math.floor(Number(r.scored_at_us) / 1000),
  };
}

const toStored = (v: ValueRow) => ({
  customer_id: v.customerId,
  first_purchase_us: v.firstPurchaseMs * 1000,
  last_purchase_us: v.lastPurchaseMs * 1000,
  occasions: v.occasions,
  repeat_spend: v.repeatSpend,
  total_spend: v.totalSpend,
  months: JSON.stringify(v.months),
  acquisition_channel: v.acquisitionChannel,
  acquisition_source: v.acquisitionSource,
  value_12m: v.value12m,
  p_alive: v.pAlive,
  scored_at_us: v.scoredAtMs * 1000,
});

const VALUE_COLUMNS = ['first_purchase_us', 'last_purchase_us', 'occasions', 'repeat_spend', 'total_spend', 'months', 'acquisition_channel', 'acquisition_source', 'value_12m', 'p_alive', 'scored_at_us'] as const;

/**
 * Inside a transaction. With the hub's row writer on embedded SQLite, one cached statement run per row: a refresh
 * writes up to 2,000 rows, and building, compiling and preparing a 400-row statement per chunk cost more than
 * storing them (about 3% of a bulk load's main thread).
 */
export async function upsertValueRows(db: Db | Transaction<Schema>, rows: readonly ValueRow[], writer?: RowWriter): Promise<void> {
  if (writer?.embedded && db.isTransaction) {
    await writer.insert(db as Transaction<Schema>, 'customer_values', rows.map(toStored), { onConflict: { key: 'customer_id', update: VALUE_COLUMNS } });
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('customer_values')
      .values(rows.slice(i, i + CHUNK).map(toStored))
      .onConflict((oc) =>
        oc.column('customer_id').doUpdateSet((eb) => ({
          first_purchase_us: eb.ref('excluded.first_purchase_us'),
          last_purchase_us: eb.ref('excluded.last_purchase_us'),
          occasions: eb.ref('excluded.occasions'),
          repeat_spend: eb.ref('excluded.repeat_spend'),
          total_spend: eb.ref('excluded.total_spend'),
          months: eb.ref('excluded.months'),
          acquisition_channel: eb.ref('excluded.acquisition_channel'),
          acquisition_source: eb.ref('excluded.acquisition_source'),
          value_12m: eb.ref('excluded.value_12m'),
          p_alive: eb.ref('excluded.p_alive'),
          scored_at_us: eb.ref('excluded.scored_at_us'),
        })),
      )
      .execute();
  }
}

export async function deleteValueRows(db: Db, customerIds: readonly string[]): Promise<void> {
  for (let i = 0; i < customerIds.length; i += CHUNK) await db.deleteFrom('customer_values').where('customer_id', 'in', customerIds.slice(i, i + CHUNK)).execute();
}

export async function readValueRow(db: Db, customerId: string): Promise<ValueRow | null> {
  const r = await db.selectFrom('customer_values').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
  return r ? fromStored(r) : null;
}

/** Every row, in customer-id pages (each page one indexed query: the event loop breathes between pages). */
export async function* allValueRows(db: Db, pageSize = 2000): AsyncGenerator<ValueRow[]> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('customer_values').selectAll().where('customer_id', '>', after).orderBy('customer_id').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows.map(fromStored);
    after = rows[rows.length - 1]!.customer_id;
    if (rows.length < pageSize) return;
  }
}

interface StoredParams {
  bgnbd: ClvModel['bgnbd'];
  gammaGamma: ClvModel['gammaGamma'];
  annualDiscountRate?: number;
  minCustomersToFit?: number;
}

export async function latestModel(db: Db): Promise<{ model: ClvModel; report: StoredReport } | null> {
  const r = await db.selectFrom('clv_models').selectAll().orderBy('fitted_at_us', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!r) return null;
  const params = JSON.parse(r.params) as StoredParams;
  const model: ClvModel = {
    source: r.source === 'fitted' ? 'fitted' : 'prior',
    fittedAtMs: Math.floor(Number(r.fitted_at_us) / 1000),
    bgnbd: params.bgnbd,
    gammaGamma: params.gammaGamma,
    purchasingCustomers: Number(r.purchasing_customers),
    currency: r.currency,
    annualDiscountRate: params.annualDiscountRate ?? DEFAULT_ANNUAL_DISCOUNT_RATE,
    minCustomersToFit: params.minCustomersToFit ?? DEFAULT_MIN_CUSTOMERS_TO_FIT,
    valueQuantiles: JSON.parse(r.value_quantiles) as number[],
    logLikelihood: r.log_likelihood === null ? null : Number(r.log_likelihood),
  };
  return { model, report: JSON.parse(r.report) as StoredReport };
}

/** When the newest model was fitted (cheap: the index), so other hub processes notice a refit. */
export async function latestModelTime(db: Db): Promise<number | null> {
  const r = await db.selectFrom('clv_models').select('fitted_at_us').orderBy('fitted_at_us', 'desc').limit(1).executeTakeFirst();
  return r ? Math.floor(Number(r.fitted_at_us) / 1000) : null;
}

/** Counts for the prior before any fit: purchasing customers and their mean purchase value. */
export async function valueTotals(db: Db): Promise<{ customers: number; occasions: number; spend: number }> {
  const r = await db
    .selectFrom('customer_values')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('occasions').as('occ'), eb.fn.sum<number>('total_spend').as('spend')])
    .executeTakeFirst();
  return { customers: Number(r?.n ?? 0), occasions: Number(r?.occ ?? 0), spend: Number(r?.spend ?? 0) };
}

export async function insertModel(db: Db, id: string, m: ClvModel, report: StoredReport, meta: { repeatCustomers: number; purchases: number; durationMs: number }): Promise<void> {
  const params: StoredParams = { bgnbd: m.bgnbd, gammaGamma: m.gammaGamma, annualDiscountRate: m.annualDiscountRate, minCustomersToFit: m.minCustomersToFit };
  await db
    .insertInto('clv_models')
    .values({
      id,
      source: m.source,
      fitted_at_us: m.fittedAtMs * 1000,
      params: JSON.stringify(params),
      purchasing_customers: m.purchasingCustomers,
      repeat_customers: meta.repeatCustomers,
      purchases: meta.purchases,
      currency: m.currency,
      log_likelihood: m.logLikelihood,
      duration_ms: meta.durationMs,
      value_quantiles: JSON.stringify(m.valueQuantiles),
      report: JSON.stringify(report),
    })
    .execute();
}
