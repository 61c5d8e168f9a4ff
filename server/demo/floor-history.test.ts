import { describe, expect, it } from 'vitest';
import { dayShape, dayStarts, historyDay, seededRandom } from './floor-history.js';

describe('demo floor history', () => {
  const dayStart = new Date(2026, 10, 26); // a Thursday, local midnight
  const queues = [
    { id: 'q_returns', weight: 0.4 },
    { id: 'q_orders', weight: 0.6 },
  ];

  it('shapes a working day: quiet at night, busiest mid-morning, a dip at lunch', () => {
    expect(dayShape(3)).toBeLessThan(0.05);
    expect(dayShape(10.5)).toBeGreaterThan(0.9);
    expect(dayShape(12.75)).toBeLessThan(dayShape(10.5));
    expect(dayShape(15)).toBeGreaterThan(dayShape(12.75));
  });

  it('gives a whole day of contacts near the expected volume, each answered or abandoned, never both', () => {
    const day = historyDay({ dayStart, until: new Date(dayStart.getTime() + 86_400_000), queues, peakPerHour: 60, random: seededRandom(7) });
    // Expected: 60/h (+ a quarter for calls) x the area under the shape (~7 peak hours) ≈ 525; Poisson noise stays well inside this.
    expect(day.length).toBeGreaterThan(250);
    expect(day.length).toBeLessThan(800);
    for (const c of day) {
      expect((c.answeredAt === null) !== (c.abandonedAt === null)).toBe(true);
      const outcome = Date.parse(c.answeredAt ?? c.abandonedAt!);
      expect(outcome).toBeGreaterThanOrEqual(Date.parse(c.arrivedAt));
      expect(c.handleSec).toBe(c.answeredAt ? c.handleSec : 0);
    }
    const night = day.filter((c) => new Date(c.arrivedAt).getHours() < 6).length;
    const morning = day.filter((c) => [10, 11].includes(new Date(c.arrivedAt).getHours())).length;
    expect(morning).toBeGreaterThan(night * 5);
    expect(new Set(day.map((c) => c.queueId))).toEqual(new Set(['q_returns', 'q_orders']));
    // Calls are part of the past too (voice legs in the interval chart), not only the written channels.
    expect(new Set(day.map((c) => c.channel))).toEqual(new Set(['chat', 'sms', 'email', 'phone']));
    expect(day.some((c) => c.abandonedAt !== null)).toBe(true);
  });

  it('today stops at now: nothing arrives or ends later', () => {
    const now = new Date(dayStart.getTime() + 11 * 3_600_000);
    const day = historyDay({ dayStart, until: now, queues, peakPerHour: 60, random: seededRandom(3) });
    expect(day.length).toBeGreaterThan(0);
    for (const c of day) expect(Date.parse(c.answeredAt ?? c.abandonedAt!)).toBeLessThan(now.getTime());
  });

  it('is the same day again for the same seed', () => {
    const o = { dayStart, until: new Date(dayStart.getTime() + 86_400_000), queues, peakPerHour: 30 };
    expect(historyDay({ ...o, random: seededRandom(5) })).toEqual(historyDay({ ...o, random: seededRandom(5) }));
  });

  it('last week is the same weekday by the calendar (a DST week included)', () => {
    const { today, lastWeek } = dayStarts(new Date(2026, 2, 31, 15, 30));
    expect(today.getDay()).toBe(lastWeek.getDay());
    expect([today.getHours(), lastWeek.getHours()]).toEqual([0, 0]);
    expect(lastWeek.getDate()).toBe(24);
  });
});
