import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../shared/sla.js';
import { BusinessCalendarSchema } from '../../shared/sla.js';
import { businessDeadline, businessElapsed } from './business-time.js';
import { readClock } from './explain.js';
import { localToUtc } from './zoned-time.js';

/*
 * Every expected instant below is computed by hand (written as UTC with the zone's offset that day),
 * never by the code under test.
 */

const H = 3_600_000;
const M = 60_000;
const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const weekdays = (intervals: { start: string; end: string }[]) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals });
const berlin: BusinessCalendar = BusinessCalendarSchema.parse({ timeZone: 'Europe/Berlin', week: weekdays([{ start: '09:00', end: '17:00' }]) });
const newYork: BusinessCalendar = BusinessCalendarSchema.parse({ timeZone: 'America/New_York', week: weekdays([{ start: '09:00', end: '17:00' }]) });

describe('local time in a zone', () => {
  it('maps local times across the Berlin spring gap and fall repeat', () => {
    // 29 Mar 2026: 02:00 CET -> 03:00 CEST. 01:30 is CET (+1), 03:30 CEST (+2), 02:30 does not exist.
    expect(iso(localToUtc('Europe/Berlin', { y: 2026, m: 3, d: 29 }, 90))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(localToUtc('Europe/Berlin', { y: 2026, m: 3, d: 29 }, 210))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(localToUtc('Europe/Berlin', { y: 2026, m: 3, d: 29 }, 150))).toBe('2026-03-29T01:30:00.000Z');
    // 25 Oct 2026: 03:00 CEST -> 02:00 CET. 01:30 is CEST (+2); 02:30 happens twice, the later (CET) is taken.
    expect(iso(localToUtc('Europe/Berlin', { y: 2026, m: 10, d: 25 }, 90))).toBe('2026-10-24T23:30:00.000Z');
    expect(iso(localToUtc('Europe/Berlin', { y: 2026, m: 10, d: 25 }, 150))).toBe('2026-10-25T01:30:00.000Z');
  });
});

describe('business deadlines', () => {
  it('runs around the clock without a calendar', () => {
    expect(iso(businessDeadline(null, utc('2026-01-05T10:00:00Z'), 90 * M).deadlineMs)).toBe('2026-01-05T11:30:00.000Z');
  });

  it('carries over nights and weekends (Berlin, winter +1)', () => {
    // Fri 9 Jan 2026 16:00 local (15:00Z), 4 h: 1 h Friday, 3 h Monday from 09:00 -> Mon 12 Jan 12:00 local = 11:00Z.
    const r = businessDeadline(berlin, utc('2026-01-09T15:00:00Z'), 4 * H);
    expect(iso(r.deadlineMs)).toBe('2026-01-12T11:00:00.000Z');
  });

  it('starts at opening when created before it', () => {
    // Tue 6 Jan 2026 06:00 local, 30 min -> 09:30 local = 08:30Z.
    expect(iso(businessDeadline(berlin, utc('2026-01-06T05:00:00Z'), 30 * M).deadlineMs)).toBe('2026-01-06T08:30:00.000Z');
  });

  it('crosses the Berlin spring-forward weekend', () => {
    // Fri 27 Mar 2026 16:00 CET (15:00Z), 2 h: 1 h Fri, 1 h Mon 30 Mar from 09:00 CEST -> 10:00 CEST = 08:00Z.
    expect(iso(businessDeadline(berlin, utc('2026-03-27T15:00:00Z'), 2 * H).deadlineMs)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('crosses the Berlin fall-back weekend', () => {
    // Fri 23 Oct 2026 16:30 CEST (14:30Z), 1 h: 30 min Fri, 30 min Mon 26 Oct 09:00 CET -> 09:30 CET = 08:30Z.
    expect(iso(businessDeadline(berlin, utc('2026-10-23T14:30:00Z'), H).deadlineMs)).toBe('2026-10-26T08:30:00.000Z');
  });

  it('crosses the New York spring-forward and fall-back weekends', () => {
    // Fri 6 Mar 2026 16:00 EST (21:00Z), 3 h -> Mon 9 Mar 11:00 EDT (-4) = 15:00Z.
    expect(iso(businessDeadline(newYork, utc('2026-03-06T21:00:00Z'), 3 * H).deadlineMs)).toBe('2026-03-09T15:00:00.000Z');
    // Fri 30 Oct 2026 16:00 EDT (20:00Z), 3 h -> Mon 2 Nov 11:00 EST (-5) = 16:00Z.
    expect(iso(businessDeadline(newYork, utc('2026-10-30T20:00:00Z'), 3 * H).deadlineMs)).toBe('2026-11-02T16:00:00.000Z');
  });

  it('counts a night shift over the DST gap in real time', () => {
    // Sunday 29 Mar 2026 01:00-05:00 local in Berlin is 3 real hours (02:00-03:00 does not exist).
    const night = BusinessCalendarSchema.parse({ timeZone: 'Europe/Berlin', week: { sun: [{ start: '01:00', end: '05:00' }] } });
    const start = utc('2026-03-29T00:00:00Z'); // 01:00 CET
    expect(iso(businessDeadline(night, start, 3 * H).deadlineMs)).toBe('2026-03-29T03:00:00.000Z'); // 05:00 CEST
    // The fall-back night (25 Oct) has 5 real hours between 01:00 CEST and 05:00 CET.
    expect(businessElapsed(night, utc('2026-10-24T23:00:00Z'), utc('2026-10-25T05:00:00Z')).elapsedMs).toBe(5 * H);
  });

  it('uses split shifts', () => {
    // New York, Mon-Fri 08:00-12:00 and 13:00-17:00. Mon 12 Jan 2026 11:00 EST (16:00Z), 2 h:
    // 1 h until 12:00, lunch, 1 h from 13:00 -> 14:00 EST = 19:00Z.
    const split = BusinessCalendarSchema.parse({ timeZone: 'America/New_York', week: weekdays([{ start: '13:00', end: '17:00' }, { start: '08:00', end: '12:00' }]) });
    expect(iso(businessDeadline(split, utc('2026-01-12T16:00:00Z'), 2 * H).deadlineMs)).toBe('2026-01-12T19:00:00.000Z');
    // Started during lunch: the clock starts at 13:00.
    expect(iso(businessDeadline(split, utc('2026-01-12T17:30:00Z'), 30 * M).deadlineMs)).toBe('2026-01-12T18:30:00.000Z');
  });

  it('skips holidays and says which', () => {
    // Thu 24 Dec 2026 16:00 CET (15:00Z), 3 h; 25 Dec (Fri) a holiday, then weekend:
    // 1 h Thu, 2 h Mon 28 Dec -> 11:00 CET = 10:00Z.
    const cal = { ...berlin, holidays: [{ date: '2026-12-25', name: 'Christmas Day' }] };
    const r = businessDeadline(cal, utc('2026-12-24T15:00:00Z'), 3 * H);
    expect(iso(r.deadlineMs)).toBe('2026-12-28T10:00:00.000Z');
    expect(r.skippedHolidays.map((h) => h.date)).toEqual(['2026-12-25']);
    // A holiday after the deadline is not reported.
    expect(businessDeadline(cal, utc('2026-12-22T08:00:00Z'), H).skippedHolidays).toEqual([]);
  });

  it('stops the clock during pauses and reports them', () => {
    // Mon 12 Jan 2026 Berlin, created 09:00 CET (08:00Z), 4 h budget; pending 10:00-12:10 CET:
    // 1 h before, then from 12:10 three more hours -> 15:10 CET = 14:10Z.
    const pauses = [{ fromMs: utc('2026-01-12T09:00:00Z'), toMs: utc('2026-01-12T11:10:00Z'), reason: 'pending' as const }];
    const r = businessDeadline(berlin, utc('2026-01-12T08:00:00Z'), 4 * H, pauses);
    expect(iso(r.deadlineMs)).toBe('2026-01-12T14:10:00.000Z');
    expect(r.pausedMs.pending).toBe(2 * H + 10 * M);
    // A pause that is still open: no deadline yet.
    expect(businessDeadline(berlin, utc('2026-01-12T08:00:00Z'), 4 * H, [{ fromMs: utc('2026-01-12T09:00:00Z'), toMs: null, reason: 'snoozed' }]).deadlineMs).toBeNull();
  });

  it('a pause outside business hours does not move the deadline', () => {
    const pauses = [{ fromMs: utc('2026-01-12T18:00:00Z'), toMs: utc('2026-01-13T07:00:00Z'), reason: 'pending' as const }];
    const r = businessDeadline(berlin, utc('2026-01-12T15:00:00Z'), 2 * H, pauses);
    expect(iso(r.deadlineMs)).toBe('2026-01-13T09:00:00.000Z'); // 1 h Mon, 1 h Tue from 09:00 CET
    expect(r.pausedMs.pending ?? 0).toBe(0);
  });

  it('answers null for a calendar that never opens', () => {
    const closed = BusinessCalendarSchema.parse({ timeZone: 'UTC', week: {} });
    expect(businessDeadline(closed, utc('2026-01-12T08:00:00Z'), H).deadlineMs).toBeNull();
  });
});

describe('the clock explains itself', () => {
  it('says time left, business hours, pauses and holidays', () => {
    const cal = { ...berlin, holidays: [{ date: '2026-12-25', name: 'Christmas Day' }] };
    // First response due 4 h after Thu 24 Dec 09:00 CET; pending 10:00-12:10; now Mon 28 Dec 09:18 CET.
    // Elapsed: 1 h + (12:10-17:00 = 4 h 50 m) on Thu... budget 8 h: 8 h - 5 h 50 m = 2 h 10 m; Mon 09:00-09:18 = 18 min -> 1 h 52 m.
    const reading = readClock({
      cal,
      startMs: utc('2026-12-24T08:00:00Z'),
      budgetMs: 8 * H,
      nowMs: utc('2026-12-28T08:18:00Z'),
      pauses: [{ fromMs: utc('2026-12-24T09:00:00Z'), toMs: utc('2026-12-24T11:10:00Z'), reason: 'pending' }],
    });
    expect(reading.explanation).toBe('due in 1 h 52 m (business hours; paused 2 h 10 m while pending; skipped 25 Dec holiday)');
    expect(reading.state).toBe('on_track');
  });

  it('says overdue, at risk, paused and met', () => {
    const base = { cal: null, startMs: utc('2026-01-12T08:00:00Z'), budgetMs: H, pauses: [] };
    expect(readClock({ ...base, nowMs: utc('2026-01-12T09:05:00Z') }).explanation).toBe('overdue by 5 min (around the clock)');
    expect(readClock({ ...base, nowMs: utc('2026-01-12T08:50:00Z') }).state).toBe('at_risk');
    expect(readClock({ ...base, nowMs: utc('2026-01-12T08:20:00Z'), metAtMs: utc('2026-01-12T08:18:00Z') }).explanation).toBe('met with 42 min to spare (around the clock)');
    const paused = readClock({ ...base, nowMs: utc('2026-01-12T08:40:00Z'), pauses: [{ fromMs: utc('2026-01-12T08:30:00Z'), toMs: null, reason: 'snoozed' }] });
    expect(paused).toMatchObject({ state: 'paused', explanation: 'paused while snoozed, 30 min left (around the clock; paused 10 min while snoozed)' });
  });
});
