import type { Activity, CustomerValue, ValueTier } from '../../../../../shared/index.js';

/* Customer value in words and formatted numbers: no raw probabilities or scores on screen. */

export const ACTIVITY_LABEL: Record<Activity, string> = {
  one_purchase: 'One purchase so far',
  very_likely_active: 'Very likely still active',
  probably_active: 'Probably still active',
  at_risk: 'At risk of lapsing',
  probably_lapsed: 'Probably lapsed',
};

export const TIER_LABEL: Record<ValueTier, string> = {
  top: 'Top 10% value',
  high: 'High value',
  medium: 'Medium value',
  low: 'Low value',
};

/** `0.234` -> `23%`; the extremes read as "under 1%" / "over 99%". */
export function percentWords(p: number): string {
  const v = p * 100;
  if (v > 0 && v < 1) return 'under 1%';
  if (v > 99 && v < 100) return 'over 99%';
  return `${Math.round(v)}%`;
}

/** `0.4` -> `less than 1`, `2.6` -> `about 3`. */
export function purchasesWords(n: number): string {
  if (n < 0.95) return 'less than 1';
  return `about ${Math.round(n)}`;
}

/** "Falling: 41% a month ago" when P(alive) dropped noticeably in the last 30 days. */
export function trendWords(v: Pick<CustomerValue, 'pAlive' | 'pAlive30DaysAgo'>): string | null {
  if (v.pAlive30DaysAgo === null || v.pAlive30DaysAgo - v.pAlive < 0.05) return null;
  return `down from ${percentWords(v.pAlive30DaysAgo)} a month ago`;
}
