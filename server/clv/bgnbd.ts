import gammaln from '@stdlib/math-base-special-gammaln';
import { logHyp2f1 } from './hypergeometric.js';
import { maximizePositive } from './optimize.js';

/*
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while active, a customer buys
 * as a Poisson process with rate lambda ~ Gamma(r, alpha); after each purchase they drop out with probability
 * p ~ Beta(a, b). Per customer it needs x (repeat purchases), tx (time of the last one since the first
 * purchase) and T (time since the first purchase), all in one time unit (weeks here).
 */

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Many customers as parallel arrays (what the fit worker receives); `weight` counts identical rows. */
export interface RfmColumns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight?: Float64Array;
}

/** Rows indexed into their distinct x, tx and T values: per evaluation, logs are taken once per distinct value. */
export interface PreparedRfm {
  xs: Float64Array;
  txs: Float64Array;
  Ts: Float64Array;
  xIdx: Int32Array;
  txIdx: Int32Array;
  TIdx: Int32Array;
  weight: Float64Array;
  observations: number;
}

function indexOf(values: Float64Array): { distinct: Float64Array; idx: Int32Array } {
  const map = new Map<number, number>();
  const idx = new Int32Array(values.length);
  const distinct: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let k = map.get(v);
    if (k === undefined) {
      k = distinct.length;
      map.set(v, k);
      distinct.push(v);
    }
    idx[i] = k;
  }
  return { distinct: Float64Array.from(distinct), idx };
}

export function prepareRfm(data: RfmColumns): PreparedRfm {
  const x = indexOf(data.x);
  const tx = indexOf(data.tx);
  const T = indexOf(data.T);
  const weight = data.weight ?? new Float64Array(data.x.length).fill(1);
  let observations = 0;
  for (let i = 0; i < weight.length; i++) observations += weight[i]!;
  return { xs: x.distinct, txs: tx.distinct, Ts: T.distinct, xIdx: x.idx, txIdx: tx.idx, TIdx: T.idx, weight, observations };
}

/** Total log-likelihood (FHL 2005, eq. 6). */
export function bgnbdLogLikelihood(p: BgNbdParams, data: RfmColumns | PreparedRfm): number {
  const d = 'xIdx' in data ? data : prepareRfm(data);
  const { r, alpha, a, b } = p;
  const lnA = Math.log(a);
  const base = gammaln(a + b) - gammaln(b) - gammaln(r) + r * Math.log(alpha);
  const constX = new Float64Array(d.xs.length);
  const lnB = new Float64Array(d.xs.length);
  for (let k = 0; k < d.xs.length; k++) {
    const x = d.xs[k]!;
    constX[k] = base + gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x);
    lnB[k] = x > 0 ? lnA - Math.log(b + x - 1) : 0;
  }
  const lnT = d.Ts.map((T) => Math.log(alpha + T));
  const lnTx = d.txs.map((tx) => Math.log(alpha + tx));
  let total = 0;
  for (let i = 0; i < d.xIdx.length; i++) {
    const k = d.xIdx[i]!;
    const x = d.xs[k]!;
    const a3 = -(r + x) * lnT[d.TIdx[i]!]!;
    let ll = a3;
    if (x > 0) {
      const a4 = lnB[k]! - (r + x) * lnTx[d.txIdx[i]!]!;
      ll = a3 > a4 ? a3 + Math.log1p(Math.exp(a4 - a3)) : a4 + Math.log1p(Math.exp(a3 - a4));
    }
    total += (constX[k]! + ll) * d.weight[i]!;
  }
  return total;
}

/** Maximum-likelihood fit. */
export function fitBgNbd(data: RfmColumns, start: BgNbdParams = { r: 1, alpha: 1, a: 1, b: 1 }): { params: BgNbdParams; logLikelihood: number } {
  if (data.x.length === 0) throw new RangeError('fitBgNbd needs at least one customer');
  const scale = meanOf(data.T) || 1;
  // alpha scales with the time unit: fit on T in units of its mean, then scale back, so one start fits weeks and days alike.
  const scaled = prepareRfm({ x: data.x, tx: data.tx.map((v) => v / scale), T: data.T.map((v) => v / scale), ...(data.weight ? { weight: data.weight } : {}) });
  const res = maximizePositive(([r, alpha, a, b]) => bgnbdLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, scaled), [start.r, start.alpha / scale, start.a, start.b], scaled.observations);
  const [r, alphaScaled, a, b] = res.params as [number, number, number, number];
  const params = { r, alpha: alphaScaled * scale, a, b };
  return { params, logLikelihood: bgnbdLogLikelihood(params, data) };
}

function meanOf(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return v.length ? s / v.length : 0;
}

/** P(still active | x, tx, T) (FHL 2005, eq. 12); 1 for a customer who never came back (the model cannot have seen them leave). */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logRatio = Math.log(p.a / (p.b + x - 1)) + (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** Expected purchases in the next `t` (FHL 2005, eq. 10): the conditional expectation that needs 2F1. */
export function expectedPurchases(p: BgNbdParams, x: number, tx: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const logPart = (r + x) * Math.log((alpha + T) / (alpha + T + t)) + logHyp2f1(r + x, b + x, a + b + x - 1, z);
  // (1 - e^logPart) / (a - 1): both factors change sign together when a < 1.
  const numerator = ((a + b + x - 1) / (a - 1)) * -Math.expm1(logPart);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 1;
  return numerator / denominator;
}

/** Expected purchases of a new customer in (0, t] (FHL 2005, eq. 9): the tracking chart's model line. */
export function expectedPurchasesNewCustomer(p: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  const logPart = r * Math.log(alpha / (alpha + t)) + logHyp2f1(r, b, a + b - 1, z);
  return ((a + b - 1) / (a - 1)) * -Math.expm1(logPart);
}
