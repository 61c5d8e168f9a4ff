import { fitBgNbd, type BgNbdParams } from './bgnbd.js';
import { fitGammaGamma, type GammaGammaParams } from './gamma-gamma.js';
import { priorGammaGamma, PRIOR_BGNBD, quantilesOf, type ClvModel } from './model.js';
import { buildReport, type StoredReport } from './report-build.js';
import { figures } from './score.js';
import { WEEK_MS } from './summary.js';

/*
 * The CPU-heavy part of a fit, as a pure function of columns (what the worker thread runs; tests call it
 * directly): maximum likelihood of both models when there are enough purchasing customers, else the
 * prior; then every customer's figures under the chosen parameters, their value distribution (for
 * percentiles) and the leads' report.
 */

export interface FitColumns {
  customerIds: string[];
  firstMs: Float64Array;
  lastMs: Float64Array;
  occasions: Float64Array;
  repeatSpend: Float64Array;
  totalSpend: Float64Array;
  /** JSON arrays of purchase months. */
  months: string[];
  acquisitionChannel: string[];
  acquisitionSource: string[];
}

export interface FitSettings {
  nowMs: number;
  minCustomersToFit: number;
  annualDiscountRate: number;
  currency: string;
}

export interface FitJobOutput {
  model: ClvModel;
  repeatCustomers: number;
  purchases: number;
  report: StoredReport;
}

export function emptyColumns(): FitColumns {
  return { customerIds: [], firstMs: new Float64Array(), lastMs: new Float64Array(), occasions: new Float64Array(), repeatSpend: new Float64Array(), totalSpend: new Float64Array(), months: [], acquisitionChannel: [], acquisitionSource: [] };
}

export function fitParameters(c: FitColumns, s: FitSettings): { source: 'fitted' | 'prior'; bgnbd: BgNbdParams; gammaGamma: GammaGammaParams; logLikelihood: number | null; repeatCustomers: number } {
  const n = c.customerIds.length;
  // BG/NBD on (x, tx, T), identical rows counted once with a weight.
  const rows = new Map<string, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  const repeatX: number[] = [];
  const repeatM: number[] = [];
  let spend = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.max(0, c.occasions[i]! - 1);
    const tx = (c.lastMs[i]! - c.firstMs[i]!) / WEEK_MS;
    const T = Math.max(tx, (s.nowMs - c.firstMs[i]!) / WEEK_MS);
    const key = `${x}|${tx}|${T}`;
    const at = rows.get(key);
    if (at === undefined) {
      rows.set(key, xs.length);
      xs.push(x);
      txs.push(tx);
      Ts.push(T);
      ws.push(1);
    } else ws[at]! += 1;
    if (x > 0 && c.repeatSpend[i]! > 0) {
      repeatX.push(x);
      repeatM.push(c.repeatSpend[i]! / x);
    }
    spend += c.totalSpend[i]!;
    count += c.occasions[i]!;
  }
  const meanPurchase = count > 0 ? spend / count : 0;
  if (n < s.minCustomersToFit || repeatX.length < 2) return { source: 'prior', bgnbd: PRIOR_BGNBD, gammaGamma: priorGammaGamma(meanPurchase), logLikelihood: null, repeatCustomers: repeatX.length };
  const fit = fitBgNbd({ x: Float64Array.from(xs), tx: Float64Array.from(txs), T: Float64Array.from(Ts), weight: Float64Array.from(ws) });
  let gammaGamma = fitGammaGamma({ x: Float64Array.from(repeatX), m: Float64Array.from(repeatM) }).params;
  // q <= 1 has no finite mean spend: keep the prior's shape then.
  if (!(gammaGamma.q > 1)) gammaGamma = priorGammaGamma(meanPurchase);
  return { source: 'fitted', bgnbd: fit.params, gammaGamma, logLikelihood: fit.logLikelihood, repeatCustomers: repeatX.length };
}

export function runFitJob(c: FitColumns, s: FitSettings): FitJobOutput {
  const n = c.customerIds.length;
  const p = fitParameters(c, s);
  const model: ClvModel = {
    source: p.source,
    fittedAtMs: s.nowMs,
    bgnbd: p.bgnbd,
    gammaGamma: p.gammaGamma,
    purchasingCustomers: n,
    currency: s.currency,
    annualDiscountRate: s.annualDiscountRate,
    minCustomersToFit: s.minCustomersToFit,
    valueQuantiles: [],
    logLikelihood: p.logLikelihood,
  };
  const value12m = new Float64Array(n);
  const pAlive = new Float64Array(n);
  let purchases = 0;
  for (let i = 0; i < n; i++) {
    const f = figures(model, { firstPurchaseMs: c.firstMs[i]!, lastPurchaseMs: c.lastMs[i]!, occasions: c.occasions[i]!, repeatSpend: c.repeatSpend[i]! }, s.nowMs);
    value12m[i] = f.expectedValue12m;
    pAlive[i] = f.pAlive;
    purchases += c.occasions[i]!;
  }
  model.valueQuantiles = quantilesOf(value12m);
  function* rows() {
    for (let i = 0; i < n; i++) {
      yield {
        customerId: c.customerIds[i]!,
        firstMs: c.firstMs[i]!,
        lastMs: c.lastMs[i]!,
        occasions: c.occasions[i]!,
        totalSpend: c.totalSpend[i]!,
        months: JSON.parse(c.months[i]!) as number[],
        acquisitionChannel: c.acquisitionChannel[i]!,
        acquisitionSource: c.acquisitionSource[i]!,
        value12m: value12m[i]!,
        pAlive: pAlive[i]!,
      };
    }
  }
  return { model, repeatCustomers: p.repeatCustomers, purchases, report: buildReport(rows(), s.nowMs) };
}
