import { describe, expect, it } from 'vitest';
import { BusinessCalendarSchema } from '../../shared/sla.js';
import { businessDeadline } from './business-time.js';
import { HolidayFeedError, importHolidays } from './holiday-import.js';

const FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//holidays//EN',
  'BEGIN:VEVENT',
  'UID:xmas@test',
  'DTSTART;VALUE=DATE:20241225',
  'DTEND;VALUE=DATE:20241227',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:Christmas',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:newyear@test',
  'DTSTART;VALUE=DATE:20270101',
  'SUMMARY:New Year',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:party@test',
  'DTSTART:20261218T170000Z',
  'DTEND:20261218T220000Z',
  'SUMMARY:Office party',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:summer@test',
  'DTSTART;VALUE=DATE:20260701',
  'DTEND;VALUE=DATE:20260901',
  'SUMMARY:Summer season',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:gone@test',
  'DTSTART;VALUE=DATE:20261224',
  'STATUS:CANCELLED',
  'SUMMARY:Cancelled closure',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('iCalendar holiday import', () => {
  it('expands yearly all-day holidays and reports entries that are not holidays', () => {
    const r = importHolidays(FEED, { fromYear: 2026, toYear: 2027 });
    expect(r.holidays).toEqual([
      { date: '2026-12-25', name: 'Christmas' },
      { date: '2026-12-26', name: 'Christmas' },
      { date: '2027-01-01', name: 'New Year' },
      { date: '2027-12-25', name: 'Christmas' },
      { date: '2027-12-26', name: 'Christmas' },
    ]);
    expect(r.rejected.map((x) => x.name)).toEqual(['Office party', 'Summer season']);
    expect(r.rejected[1]!.reason).toMatch(/spans 62 days/);
  });

  it('imported holidays close the calendar (a two-day Christmas, hand-computed)', () => {
    const { holidays } = importHolidays(FEED, { fromYear: 2026, toYear: 2026 });
    const cal = BusinessCalendarSchema.parse({ timeZone: 'Europe/Berlin', week: { mon: [{ start: '09:00', end: '17:00' }], thu: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }], sat: [{ start: '09:00', end: '17:00' }] }, holidays });
    // Thu 24 Dec 2026 16:00 CET, 2 h: 1 h Thu, Fri 25 and Sat 26 closed, Sun closed, Mon 28 09:00 + 1 h = 10:00 CET = 09:00Z.
    const r = businessDeadline(cal, Date.parse('2026-12-24T15:00:00Z'), 2 * 3_600_000);
    expect(new Date(r.deadlineMs!).toISOString()).toBe('2026-12-28T09:00:00.000Z');
    expect(r.skippedHolidays.map((h) => h.date)).toEqual(['2026-12-25', '2026-12-26']);
  });

  it('rejects what is not iCalendar', () => {
    expect(() => importHolidays('hello', { fromYear: 2026, toYear: 2026 })).toThrow(HolidayFeedError);
  });
});
