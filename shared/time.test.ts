import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAcceptedMicros, IsoDateTimeSchema, isoToMicros, microsToIso, TIME_RANGE_MESSAGE } from './time.js';

describe('isoToMicros', () => {
  it('keeps microseconds and honours offsets', () => {
    expect(isoToMicros('2024-05-01T10:00:00.123456Z')).toBe(Date.UTC(2024, 4, 1, 10) * 1000 + 123456);
    expect(isoToMicros('2024-05-01T12:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10) * 1000);
    expect(isoToMicros('2024-05-01T10:00:00.1Z')).toBe(Date.UTC(2024, 4, 1, 10) * 1000 + 100000);
  });
  it('orders events 1 µs apart', () => {
    expect(isoToMicros('2024-05-01T10:00:00.000002Z')! - isoToMicros('2024-05-01T10:00:00.000001Z')!).toBe(1);
  });
  it('rejects dates without offset or invalid dates', () => {
    expect(isoToMicros('2024-05-01T10:00:00')).toBeNull();
    expect(isoToMicros('yesterday')).toBeNull();
    expect(isoToMicros('2024-13-45T10:00:00Z')).toBeNull();
  });
  it('round-trips through microsToIso', () => {
    const us = isoToMicros('2023-12-31T23:59:59.999999Z')!;
    expect(microsToIso(us)).toBe('2023-12-31T23:59:59.999999Z');
    expect(isoToMicros(microsToIso(us))).toBe(us);
  });
});

describe('the accepted time window', () => {
  it('checks the calendar instead of rolling over', () => {
    for (const bad of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-04-31T10:00:00Z', '2024-01-01T24:00:00Z', '2016-12-31T23:59:60Z', '2024-05-01T10:00:00+25:00', '0000-01-01T00:00:00Z']) {
      expect(isoToMicros(bad), bad).toBeNull();
    }
    expect(isoToMicros('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29) * 1000);
    expect(isoToMicros('2024-05-01T10:00:00.1234567890Z')).toBe(Date.UTC(2024, 4, 1, 10) * 1000 + 123456);
  });
  it('accepts 1900-01-01T00:00:00Z .. 2199-12-31T23:59:59.999999Z (after the offset), refusing outside with a message naming the window', () => {
    const ok = ['1900-01-01T00:00:00Z', '1900-01-01T01:00:00+01:00', '2199-12-31T23:59:59.999999Z', '2199-12-31T22:59:59.999999-01:00'];
    for (const s of ok) expect(IsoDateTimeSchema.safeParse(s).success, s).toBe(true);
    const out = ['1899-12-31T23:59:59.999999Z', '1900-01-01T00:30:00+01:00', '2200-01-01T00:00:00Z', '2199-12-31T23:00:00-01:00', '9999-12-31T23:59:59.999999Z'];
    for (const s of out) {
      const r = IsoDateTimeSchema.safeParse(s);
      expect(r.success, s).toBe(false);
      expect(r.error!.issues.map((i) => i.message)).toEqual([TIME_RANGE_MESSAGE]);
    }
  });
  it('round-trips every microsecond inside the window, edges included', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1) * 1000, max: Date.UTC(2200, 0, 1) * 1000 - 1 }), (us) => {
        expect(isAcceptedMicros(us)).toBe(true);
        expect(isoToMicros(microsToIso(us))).toBe(us);
      }),
      { numRuns: 2000 },
    );
    expect(microsToIso(isoToMicros('1900-01-01T00:00:00.000001Z')!)).toBe('1900-01-01T00:00:00.000001Z');
    expect(microsToIso(isoToMicros('2199-12-31T23:59:59.999999Z')!)).toBe('2199-12-31T23:59:59.999999Z');
  });
});
