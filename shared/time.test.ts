import { describe, expect, it } from 'vitest';
import { isoToMicros, microsToIso } from './time.js';

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
