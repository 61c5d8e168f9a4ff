import { describe, expect, it } from 'vitest';
import { percentWords, purchasesWords, trendWords } from './value-words.js';

describe('value words', () => {
  it('formats probabilities and counts for people', () => {
    expect(percentWords(0.234)).toBe('23%');
    expect(percentWords(0.004)).toBe('under 1%');
    expect(percentWords(0.996)).toBe('over 99%');
    expect(percentWords(1)).toBe('100%');
    expect(purchasesWords(0.3)).toBe('less than 1');
    expect(purchasesWords(2.6)).toBe('about 3');
    expect(trendWords({ pAlive: 0.23, pAlive30DaysAgo: 0.41 })).toBe('down from 41% a month ago');
    expect(trendWords({ pAlive: 0.4, pAlive30DaysAgo: 0.42 })).toBeNull();
    expect(trendWords({ pAlive: 1, pAlive30DaysAgo: null })).toBeNull();
  });
});
