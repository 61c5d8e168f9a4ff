import { describe, expect, it } from 'vitest';
import { formatDuration, formatMoney, formatRelative } from './format.js';

describe('format', () => {
  it('formats call durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(245)).toBe('4:05');
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-1)).toBe('–');
  });
  it('formats money per currency and survives unknown codes', () => {
    expect(formatMoney(129.5, 'USD', 'en-US')).toBe('$129.50');
    expect(formatMoney(1234.5, 'eur', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney(3, 'NOPE', 'en-US')).toBe('3.00 NOPE');
  });
  it('gives compact ages', () => {
    const now = Date.UTC(2025, 2, 3, 12);
    expect(formatRelative(new Date(now - 5 * 60_000).toISOString(), now)).toBe('5m ago');
    expect(formatRelative(new Date(now - 3 * 3600_000).toISOString(), now)).toBe('3h ago');
    expect(formatRelative(null, now)).toBe('no activity');
  });
});
