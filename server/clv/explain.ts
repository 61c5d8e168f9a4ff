import type { Activity } from '../../shared/index.js';

/*
 * Churn risk in words: "usually buys every 5 weeks; nothing for 19 weeks: 23% likely still active".
 * Durations read as days, weeks or months depending on size; the probability as a whole percent.
 */

export function duration(days: number): string {
  const d = Math.max(0, days);
  if (d < 1.5) return d < 0.5 ? 'less than a day' : '1 day';
  if (d < 14) return `${Math.round(d)} days`;
  if (d < 7 * 26) {
    const w = Math.round(d / 7);
    return `${w} weeks`;
  }
  const months = Math.round(d / 30.44);
  return months >= 24 ? `${Math.round(d / 365.25)} years` : `${months} months`;
}

export function activityOf(x: number, pAlive: number): Activity {
  if (x === 0) return 'one_purchase';
  if (pAlive >= 0.8) return 'very_likely_active';
  if (pAlive >= 0.5) return 'probably_active';
  if (pAlive >= 0.2) return 'at_risk';
  return 'probably_lapsed';
}

export const percent = (p: number) => {
  const v = p * 100;
  return v > 0 && v < 1 ? 'under 1%' : v < 100 && v > 99 ? 'over 99%' : `${Math.round(v)}%`;
};

export function explain(o: { x: number; usualGapDays: number | null; daysSince: number; pAlive: number; expectedPurchases365d: number }): string {
  if (o.x === 0 || o.usualGapDays === null) {
    const yearly = o.expectedPurchases365d;
    const next = yearly >= 0.95 ? `about ${Math.round(yearly)} more expected in the next year` : 'less than one more expected in the next year';
    return `one purchase so far, ${duration(o.daysSince)} ago; ${next}`;
  }
  return `usually buys every ${duration(o.usualGapDays)}; nothing for ${duration(o.daysSince)}: ${percent(o.pAlive)} likely still active`;
}
