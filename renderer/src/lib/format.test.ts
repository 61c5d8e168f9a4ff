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

describe('people-facing phones, zones and identifiers', () => {
  it('formats phones nationally for the default region and internationally otherwise', async () => {
    const { formatPhone, setPhoneRegion } = await import('./format.js');
    expect(formatPhone('+14155550142')).toBe('(415) 555-0142');
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatPhone('+1 ••• ••• 0142')).toBe('+1 ••• ••• 0142');
    setPhoneRegion('GB');
    try {
      expect(formatPhone('+442079460958')).toBe('020 7946 0958');
      expect(formatPhone('+14155550142')).toBe('+1 415 555 0142');
    } finally {
      setPhoneRegion('US');
    }
  });

  it('labels times with a zone and gives the full date for hover', async () => {
    const { formatFull, formatTimeIn, zoneLabel, identifierWords } = await import('./format.js');
    expect(zoneLabel('2026-03-01T17:00:00Z', 'America/Los_Angeles')).toBe('PST');
    expect(formatTimeIn('2026-03-01T17:00:00Z', 'America/New_York')).toMatch(/12:00\sPM EST/);
    expect(formatTimeIn('2026-03-01T17:00:00Z', 'Not/AZone')).toBe('');
    expect(formatFull('2026-03-01T17:00:00Z')).toMatch(/2026/);
    expect(formatFull('nope')).toBe('');
    expect(identifierWords('phone:+14155550142')).toBe('phone (415) 555-0142');
    expect(identifierWords('loyalty:LOY-1')).toBe('loyalty card LOY-1');
  });
});
