import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIsoToMicros, isoToMicros, isoToMicrosByPattern, microsToIso } from '../../shared/index.js';
import { prepareBatch } from './prepare.js';

describe('canonicalIsoToMicros (the fast path of isoToMicros)', () => {
  it('reads every time microsToIso writes as isoToMicros does, and gives back the same string', () => {
    // The accepted window (shared/time.ts), where microseconds are exact integers.
    const min = Date.UTC(1900, 0, 1) * 1000;
    const max = Date.UTC(2200, 0, 1) * 1000 - 1;
    fc.assert(
      fc.property(fc.integer({ min, max }), (us) => {
        const iso = microsToIso(us);
        expect(canonicalIsoToMicros(iso)).toBe(us);
        expect(canonicalIsoToMicros(iso)).toBe(isoToMicrosByPattern(iso));
      }),
      { seed: 20261203, numRuns: 5_000 },
    );
  });

  it('answers null (leaving it to isoToMicros) for every other string, and never disagrees with isoToMicros', () => {
    for (const s of ['2024-02-30T10:00:00.000000Z', '2024-01-01T24:00:00.000000Z', '2023-02-29T00:00:00.000000Z', '0999-01-01T00:00:00.000000Z', '2024-01-01t10:00:00.000000z', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00.000000+00:00', '2024-01-01T10:00:60.000000Z']) {
      expect(canonicalIsoToMicros(s)).toBeNull();
    }
    expect(canonicalIsoToMicros('2024-02-29T23:59:59.999999Z')).toBe(isoToMicrosByPattern('2024-02-29T23:59:59.999999Z'));
    const digit = fc.constantFrom(...'0123456789'.split(''));
    const anyChar = fc.constantFrom(...'0123456789-:TZ.+ tz'.split(''));
    // Canonical-shaped strings with random digits (calendar edge cases) and random strings of the same length.
    const shaped = fc.array(digit, { minLength: 20, maxLength: 20 }).map((d) => `${d.slice(0, 4).join('')}-${d.slice(4, 6).join('')}-${d.slice(6, 8).join('')}T${d.slice(8, 10).join('')}:${d.slice(10, 12).join('')}:${d.slice(12, 14).join('')}.${d.slice(14, 20).join('')}Z`);
    const noisy = fc.array(anyChar, { minLength: 27, maxLength: 27 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.oneof(shaped, noisy), (s) => {
        const fast = canonicalIsoToMicros(s);
        if (fast !== null) expect(fast).toBe(isoToMicrosByPattern(s));
        expect(isoToMicros(s)).toBe(isoToMicrosByPattern(s));
      }),
      { seed: 20261203, numRuns: 5_000 },
    );
  });

  it('prepareBatch gives the timeline spelling of occurredAt whichever spelling came in', () => {
    const event = (occurredAt: string) => ({ source: 's', sourceEventId: occurredAt, channel: 'web' as const, type: 'visit', occurredAt, customer: { email: 'a@x.com' } });
    const [a, b] = prepareBatch([event('2024-05-01T10:00:00.000001Z'), event('2024-05-01T12:00:00+02:00')], 'US');
    expect(a!.occurredIso).toBe('2024-05-01T10:00:00.000001Z');
    expect(b!.occurredIso).toBe('2024-05-01T10:00:00.000000Z');
    expect(b!.occurredUs).toBe(isoToMicros('2024-05-01T10:00:00Z'));
  });
});
