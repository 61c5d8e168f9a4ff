import type { ModelSource, ValueModelInfo } from '../../shared/index.js';
import type { BgNbdParams } from './bgnbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';

/** Everything scoring needs: parameters (time unit: weeks) plus the hub-wide value distribution for percentiles. */
export interface ClvModel {
  source: ModelSource;
  fittedAtMs: number;
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  purchasingCustomers: number;
  currency: string;
  annualDiscountRate: number;
  minCustomersToFit: number;
  /** Expected 12-month value at percentiles 0, 1, …, 100 of the hub's purchasing customers (empty before the first scoring pass). */
  valueQuantiles: number[];
  logLikelihood: number | null;
}

export const DEFAULT_MIN_CUSTOMERS_TO_FIT = 500;
export const DEFAULT_ANNUAL_DISCOUNT_RATE = 0.1;

/*
 * The prior, used until a hub has DEFAULT_MIN_CUSTOMERS_TO_FIT purchasing customers (docs/clv.md):
 * the published CDNOW BG/NBD fit (weekly), and the CDNOW Gamma-Gamma shapes p, q with v rescaled so a
 * customer with no repeat purchase is expected to spend this hub's mean purchase value.
 */
export const PRIOR_BGNBD: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PRIOR_P = 6.25;
const PRIOR_Q = 3.74;

export function priorGammaGamma(meanPurchaseValue: number): GammaGammaParams {
  const mean = meanPurchaseValue > 0 ? meanPurchaseValue : 50;
  return { p: PRIOR_P, q: PRIOR_Q, v: (mean * (PRIOR_Q - 1)) / PRIOR_P };
}

export function priorModel(o: { nowMs: number; purchasingCustomers: number; meanPurchaseValue: number; currency: string; annualDiscountRate?: number; minCustomersToFit?: number }): ClvModel {
  return {
    source: 'prior',
    fittedAtMs: o.nowMs,
    bgnbd: PRIOR_BGNBD,
    gammaGamma: priorGammaGamma(o.meanPurchaseValue),
    purchasingCustomers: o.purchasingCustomers,
    currency: o.currency,
    annualDiscountRate: o.annualDiscountRate ?? DEFAULT_ANNUAL_DISCOUNT_RATE,
    minCustomersToFit: o.minCustomersToFit ?? DEFAULT_MIN_CUSTOMERS_TO_FIT,
    valueQuantiles: [],
    logLikelihood: null,
  };
}

export function modelInfo(m: ClvModel): ValueModelInfo {
  return {
    source: m.source,
    fittedAt: new Date(m.fittedAtMs).toISOString(),
    purchasingCustomers: m.purchasingCustomers,
    minCustomersToFit: m.minCustomersToFit,
    currency: m.currency,
    annualDiscountRate: m.annualDiscountRate,
  };
}

/** Percentile (0..100) of `value` within the quantile breakpoints; 50 when there is no distribution yet. */
export function percentileOf(value: number, quantiles: readonly number[]): number {
  if (quantiles.length < 2) return 50;
  let lo = 0;
  let hi = quantiles.length - 1;
  if (value <= quantiles[0]!) return 0;
  if (value >= quantiles[hi]!) return 100;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (quantiles[mid]! <= value) lo = mid;
    else hi = mid;
  }
  const span = quantiles[hi]! - quantiles[lo]!;
  const frac = span > 0 ? (value - quantiles[lo]!) / span : 0;
  return ((lo + frac) / (quantiles.length - 1)) * 100;
}

/** 101 breakpoints (percentiles 0..100) of a set of values. */
export function quantilesOf(values: Float64Array | number[]): number[] {
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  return Array.from({ length: 101 }, (_, k) => sorted[Math.min(sorted.length - 1, Math.round((k / 100) * (sorted.length - 1)))]!);
}
