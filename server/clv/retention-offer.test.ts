import { describe, expect, it } from 'vitest';
import type { CustomerValue } from '../../shared/index.js';
import { retentionOffer } from '../actions/catalog/commerce-kinds.js';
import { computeFeatures } from '../actions/features.js';
import { priorModel, quantilesOf } from './model.js';
import { scoreCustomer } from './score.js';
import { WEEK_MS } from './summary.js';

// The value block as the hub writes it (scoreCustomer), fed to the next-action features as the profile carries it.
const NOW = Date.UTC(2026, 5, 1);
const model = { ...priorModel({ nowMs: NOW, purchasingCustomers: 900, meanPurchaseValue: 80, currency: 'USD' }), valueQuantiles: quantilesOf(Array.from({ length: 101 }, (_, i) => i)) };
const value = (weeksSinceLast: number, occasions: number, spend = 150): CustomerValue =>
  scoreCustomer(model, { firstPurchaseMs: NOW - (weeksSinceLast + 5 * (occasions - 1)) * WEEK_MS, lastPurchaseMs: NOW - weeksSinceLast * WEEK_MS, occasions, repeatSpend: spend * (occasions - 1) }, NOW);
const features = (v: CustomerValue | null) => computeFeatures({ items: [], stats: { lifetimeSpend: [], orderCount: 0, firstSeenAt: null }, now: new Date(NOW), value: v });

describe('retention_offer from customer value', () => {
  it('fires for a high-value customer whose P(alive) is low and falling, with the value model as its reason', () => {
    const v = value(19, 17);
    expect(v.tier === 'top' || v.tier === 'high').toBe(true);
    expect(v.pAlive).toBeLessThan(0.5);
    const m = retentionOffer.when(features(v));
    expect(m).not.toBeNull();
    expect(m!.reasons[0]!.text).toMatch(/customer \(\$[\d,]+\.\d\d expected in the next 12 months\) slipping away: usually buys every 5 weeks; nothing for 19 weeks: \d+% likely still active, down from \d+% a month ago/);
  });

  it('stays quiet for an active customer, a low-value one, a one-time buyer, or without a value block', () => {
    expect(retentionOffer.when(features(value(1, 17)))).toBeNull();
    expect(retentionOffer.when(features({ ...value(19, 17), tier: 'low' }))).toBeNull();
    expect(retentionOffer.when(features(value(19, 1)))).toBeNull();
    expect(retentionOffer.when(features(null))).toBeNull();
  });
});
