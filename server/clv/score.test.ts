import { describe, expect, it } from 'vitest';
import { CustomerValueSchema } from '../../shared/index.js';
import { expectedPurchases } from './bgnbd.js';
import { duration, explain } from './explain.js';
import { priorModel, quantilesOf, type ClvModel } from './model.js';
import { figures, scoreCustomer, type PurchaseSummary } from './score.js';
import { DAY_MS, WEEK_MS } from './summary.js';

const NOW = Date.UTC(2026, 5, 1);
const model: ClvModel = { ...priorModel({ nowMs: NOW, purchasingCustomers: 0, meanPurchaseValue: 60, currency: 'USD' }), valueQuantiles: quantilesOf(Array.from({ length: 1000 }, (_, i) => i / 4)) };
const weekly = (weeksAgoFirst: number, weeksAgoLast: number, occasions: number, repeatSpend = 50 * (occasions - 1)): PurchaseSummary => ({
  firstPurchaseMs: NOW - weeksAgoFirst * WEEK_MS,
  lastPurchaseMs: NOW - weeksAgoLast * WEEK_MS,
  occasions,
  repeatSpend,
});

describe('scoreCustomer', () => {
  it('writes what the shared schema reads, with a sentence an agent can read', () => {
    const v = scoreCustomer(model, weekly(100, 19, 17), NOW);
    expect(CustomerValueSchema.parse(v)).toEqual(v);
    expect(v.explanation).toBe(`usually buys every 5 weeks; nothing for 19 weeks: ${Math.round(v.pAlive * 100)}% likely still active`);
    expect(v.pAlive30DaysAgo).toBeGreaterThan(v.pAlive); // silence makes it fall
    expect(v.activity).toBe(v.pAlive >= 0.5 ? 'probably_active' : v.pAlive >= 0.2 ? 'at_risk' : 'probably_lapsed');
  });

  it('a recent regular buyer is worth more and more likely active than a lapsed one', () => {
    const regular = scoreCustomer(model, weekly(100, 1, 20), NOW);
    const lapsed = scoreCustomer(model, weekly(100, 60, 20), NOW);
    expect(regular.pAlive).toBeGreaterThan(lapsed.pAlive);
    expect(regular.expectedValue12m).toBeGreaterThan(lapsed.expectedValue12m);
    expect(regular.valuePercentile).toBeGreaterThanOrEqual(lapsed.valuePercentile);
    expect(regular.expectedPurchases365d).toBeGreaterThan(regular.expectedPurchases90d);
  });

  it('one purchase: no rhythm yet, P(alive) is 1 by the model and the words say so', () => {
    const v = scoreCustomer(model, weekly(10, 10, 1, 0), NOW);
    expect(v.pAlive).toBe(1);
    expect(v.activity).toBe('one_purchase');
    expect(v.usualGapDays).toBeNull();
    expect(v.explanation).toMatch(/^one purchase so far, 10 weeks ago; /);
  });

  it('the 12-month value is the discounted sum of quarterly expected purchases times expected spend', () => {
    const s = weekly(52, 2, 6, 300);
    const f = figures({ ...model, annualDiscountRate: 0 }, s, NOW);
    const x = 5;
    const T = 52;
    const tx = 50;
    const spend = (model.gammaGamma.p * (model.gammaGamma.v + x * 60)) / (model.gammaGamma.p * x + model.gammaGamma.q - 1);
    expect(f.expectedValue12m).toBeCloseTo(expectedPurchases(model.bgnbd, x, tx, T, 365 / 7) * spend, 6);
    expect(figures(model, s, NOW).expectedValue12m).toBeLessThan(f.expectedValue12m);
  });

  it('scores arbitrary summaries to finite, bounded figures', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 500; i++) {
      const first = NOW - rnd() * 3000 * DAY_MS;
      const last = first + rnd() * (NOW - first);
      const occasions = last === first ? 1 : 1 + Math.floor(rnd() * 400);
      const v = scoreCustomer(model, { firstPurchaseMs: first, lastPurchaseMs: last, occasions, repeatSpend: rnd() * 1e5 }, NOW);
      expect(() => CustomerValueSchema.parse(v)).not.toThrow();
    }
  });
});

describe('duration', () => {
  it('reads as days, weeks, months or years', () => {
    expect(duration(3)).toBe('3 days');
    expect(duration(35)).toBe('5 weeks');
    expect(duration(133)).toBe('19 weeks');
    expect(duration(250)).toBe('8 months');
    expect(duration(1000)).toBe('3 years');
    expect(explain({ x: 4, usualGapDays: 35, daysSince: 133, pAlive: 0.234, expectedPurchases365d: 1 })).toBe('usually buys every 5 weeks; nothing for 19 weeks: 23% likely still active');
  });
});
