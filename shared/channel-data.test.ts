import { describe, expect, it } from 'vitest';
import { MAX_MONEY_AMOUNT, spendDelta } from './channel-data.js';

describe('spendDelta', () => {
  it('reads purchase totals, refunds as negative, and ignores totals too large to be money', () => {
    expect(spendDelta('purchase', 'order.created', { total: 248.6, currency: 'usd' })).toEqual({ amount: 248.6, currency: 'USD' });
    expect(spendDelta('store', 'refund', { total: 20 })).toEqual({ amount: -20, currency: 'USD' });
    expect(spendDelta('email', 'order.created', { total: 5 })).toBeNull();
    expect(spendDelta('purchase', 'order.created', { total: MAX_MONEY_AMOUNT })).not.toBeNull();
    // A fuzzed total (2^53 + 2) once overflowed PostgreSQL's bigint as micro-units: a 500.
    expect(spendDelta('purchase', 'note', { total: 9007199254740994 })).toBeNull();
    expect(spendDelta('purchase', 'refund', { total: -1e15 })).toBeNull();
  });
});
