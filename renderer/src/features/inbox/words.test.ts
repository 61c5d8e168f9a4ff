import { describe, expect, it } from 'vitest';
import { durationWords, snoozeChoices, waitingWords } from './words.js';

describe('inbox words', () => {
  it('says durations in words', () => {
    expect(durationWords(20_000)).toBe('less than a minute');
    expect(durationWords(42 * 60_000)).toBe('42 min');
    expect(durationWords(185 * 60_000)).toBe('3 h 5 min');
    expect(durationWords(50 * 3600_000)).toBe('2 days');
  });

  it('says how long the customer waits', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(waitingWords({ waitingSince: '2026-03-02T09:48:00Z' }, now)).toBe('waiting 12 min');
    expect(waitingWords({ waitingSince: null }, now)).toBe('nobody waiting');
  });

  it('offers to snooze for an hour, until tomorrow 9:00 and until next Monday 9:00', () => {
    const wed = new Date(2026, 2, 4, 15, 30); // a Wednesday, local time
    const [hour, tomorrow, week] = snoozeChoices(wed);
    expect(hour!.until.getTime() - wed.getTime()).toBe(3600_000);
    expect([tomorrow!.until.getDate(), tomorrow!.until.getHours()]).toEqual([5, 9]);
    expect([week!.until.getDay(), week!.until.getDate(), week!.until.getHours()]).toEqual([1, 9, 9]);
    const monday = new Date(2026, 2, 2, 8, 0);
    expect(snoozeChoices(monday)[2]!.until.getDate()).toBe(9);
  });
});
