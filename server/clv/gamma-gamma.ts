import gammaln from '@stdlib/math-base-special-gammaln';
import { maximizePositive } from './optimize.js';

/*
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999): each purchase's
 * value is Gamma(p, nu) around a customer's mean, with nu ~ Gamma(q, v) across customers. Fitted on repeat
 * customers only (x >= 1) with their average repeat purchase value m.
 */

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface SpendColumns {
  /** Repeat purchases (>= 1). */
  x: Float64Array;
  /** Average value of those purchases (> 0). */
  m: Float64Array;
}

export function gammaGammaLogLikelihood({ p, q, v }: GammaGammaParams, data: SpendColumns): number {
  let total = 0;
  const base = -gammaln(q) + q * Math.log(v);
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i]!;
    const m = data.m[i]!;
    const px = p * x;
    total += gammaln(px + q) - gammaln(px) + base + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(x * m + v);
  }
  return total;
}

export function fitGammaGamma(data: SpendColumns, start: GammaGammaParams = { p: 1, q: 1, v: 1 }): { params: GammaGammaParams; logLikelihood: number } {
  if (data.x.length === 0) throw new RangeError('fitGammaGamma needs at least one repeat customer');
  // v carries the money unit: fit in units of the mean spend, scale back.
  let s = 0;
  for (let i = 0; i < data.m.length; i++) s += data.m[i]!;
  const scale = s / data.m.length || 1;
  const scaled = { x: data.x, m: data.m.map((m) => m / scale) };
  const res = maximizePositive(([p, q, v]) => gammaGammaLogLikelihood({ p: p!, q: q!, v: v! }, scaled), [start.p, start.q, start.v / scale], data.x.length);
  const [p, q, vScaled] = res.params as [number, number, number];
  const params = { p, q, v: vScaled * scale };
  return { params, logLikelihood: gammaGammaLogLikelihood(params, data) };
}

/** Expected value of a purchase for a customer with x repeat purchases averaging m (population mean when x = 0). */
export function expectedSpend({ p, q, v }: GammaGammaParams, x: number, m: number): number {
  if (x <= 0 || !(m > 0)) return q > 1 ? (p * v) / (q - 1) : m;
  return (p * (v + x * m)) / (p * x + q - 1);
}
