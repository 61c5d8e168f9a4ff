import { describe, expect, it } from 'vitest';
import { microsToIso } from '../../shared/index.js';
import { fastMicrosToIso } from './fast-iso.js';

describe('fastMicrosToIso', () => {
  it('writes exactly what microsToIso writes, in range and out of it', () => {
    const edges = [0, 999, 1000, 86_400_000_000 - 1, 86_400_000_000, 1_700_000_000_123_456, 1_748_736_000_000_000, Number.MAX_SAFE_INTEGER, 1.5, -1, -86_400_000_000_001, 9_000_000_000_000_000];
    let seed = 7;
    const random = Array.from({ length: 5000 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * 4_000_000_000_000_000); // 1970 .. ~2096, any microsecond
    });
    for (const us of [...edges, ...random]) expect(fastMicrosToIso(us)).toBe(microsToIso(us));
  });
});
