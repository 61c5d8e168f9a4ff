import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.js';

describe('stats', () => {
  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('summarizes unsorted samples', () => {
    expect(summarize([3, 1, 2, 10])).toEqual({ n: 4, p50: 2, p99: 10, mean: 4, max: 10 });
  });
});
