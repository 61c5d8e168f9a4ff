import { expectedPurchases, expectedPurchasesNewCustomer, fitBgNbd, type BgNbdParams } from '../bgnbd.js';
import { fitGammaGamma, type GammaGammaParams } from '../gamma-gamma.js';
import { DAY_MS, summarize, WEEK_MS, type Purchase } from '../summary.js';

/*
 * The standard BG/NBD validation (Fader, Hardie & Lee 2005): fit on a calibration period, predict each
 * customer's repeat purchases in the holdout, compare with what they did; the naive baseline carries each
 * customer's calibration repeat rate forward. Plus weekly cumulative tracking of the whole cohort.
 */

export interface HoldoutResult {
  customers: number;
  repeatCustomers: number;
  calibrationWeeks: number;
  holdoutWeeks: number;
  bgnbd: BgNbdParams;
  logLikelihood: number;
  gammaGamma: GammaGammaParams | null;
  actualHoldout: number;
  predictedHoldout: number;
  naiveHoldout: number;
  maeModel: number;
  maeNaive: number;
  /** Weekly cumulative repeat purchases from the first trial: actual and model. */
  tracking: { week: number; actual: number; model: number }[];
  calibrationEndWeek: number;
}

export function evaluateHoldout(byCustomer: ReadonlyMap<string, readonly Purchase[]>, calibrationEndMs: number, holdoutEndMs: number): HoldoutResult {
  const calDay = Math.floor(calibrationEndMs / DAY_MS);
  const holdDay = Math.floor(holdoutEndMs / DAY_MS);
  const holdoutWeeks = ((holdDay - calDay) * DAY_MS) / WEEK_MS;
  const rows: { x: number; tx: number; T: number; m: number; firstMs: number; holdout: number; repeatDays: number[] }[] = [];
  for (const purchases of byCustomer.values()) {
    const s = summarize(purchases, calDay * DAY_MS);
    if (!s) continue;
    const days = new Set<number>();
    for (const p of purchases) days.add(Math.floor(p.atMs / DAY_MS));
    const firstDay = Math.floor(s.firstMs / DAY_MS);
    const repeatDays = [...days].filter((d) => d > firstDay && d <= holdDay);
    rows.push({ x: s.x, tx: s.tx, T: s.T, m: s.m, firstMs: s.firstMs, holdout: repeatDays.filter((d) => d > calDay).length, repeatDays });
  }
  if (rows.length === 0) throw new RangeError('no customer made a first purchase in the calibration period');
  const fit = fitBgNbd({ x: Float64Array.from(rows, (r) => r.x), tx: Float64Array.from(rows, (r) => r.tx), T: Float64Array.from(rows, (r) => r.T) });
  const repeat = rows.filter((r) => r.x > 0 && r.m > 0);
  const gammaGamma = repeat.length >= 2 ? fitGammaGamma({ x: Float64Array.from(repeat, (r) => r.x), m: Float64Array.from(repeat, (r) => r.m) }).params : null;
  let actual = 0;
  let predicted = 0;
  let naive = 0;
  let maeModel = 0;
  let maeNaive = 0;
  for (const r of rows) {
    const e = expectedPurchases(fit.params, r.x, r.tx, r.T, holdoutWeeks);
    const n = r.T > 0 ? (r.x / r.T) * holdoutWeeks : 0;
    actual += r.holdout;
    predicted += e;
    naive += n;
    maeModel += Math.abs(e - r.holdout);
    maeNaive += Math.abs(n - r.holdout);
  }
  const start = Math.min(...rows.map((r) => r.firstMs));
  const weeks = Math.ceil(((holdDay + 1) * DAY_MS - start) / WEEK_MS);
  const tracking = [];
  for (let w = 1; w <= weeks; w++) {
    const at = start + w * WEEK_MS;
    let a = 0;
    let m = 0;
    for (const r of rows) {
      for (const d of r.repeatDays) if (d * DAY_MS < at) a++;
      if (at > r.firstMs) m += expectedPurchasesNewCustomer(fit.params, (at - r.firstMs) / WEEK_MS);
    }
    tracking.push({ week: w, actual: a, model: m });
  }
  return {
    customers: rows.length,
    repeatCustomers: repeat.length,
    calibrationWeeks: ((calDay + 1) * DAY_MS - start) / WEEK_MS,
    holdoutWeeks,
    bgnbd: fit.params,
    logLikelihood: fit.logLikelihood,
    gammaGamma,
    actualHoldout: actual,
    predictedHoldout: predicted,
    naiveHoldout: naive,
    maeModel: maeModel / rows.length,
    maeNaive: maeNaive / rows.length,
    tracking,
    calibrationEndWeek: ((calDay + 1) * DAY_MS - start) / WEEK_MS,
  };
}
