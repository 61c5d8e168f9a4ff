import ICAL from 'ical.js';
import type { Holiday } from '../../shared/sla.js';

/*
 * Holidays from an iCalendar (RFC 5545) feed, parsed by ical.js (Mozilla's maintained parser, pinned in
 * package.json), recurrences expanded within a year range. What is NOT a holiday is reported, never
 * silently applied: Zammad #390 had a feed entry stretch a 48 h SLA to six days. Only all-day entries
 * of at most MAX_HOLIDAY_DAYS days close the calendar; timed or long entries come back in `rejected`.
 */

export const MAX_HOLIDAY_DAYS = 7;
/** A feed with more occurrences than this in range is not a holiday list. */
const MAX_OCCURRENCES = 2000;

export interface HolidayImport {
  holidays: Holiday[];
  rejected: { name: string; start: string; reason: string }[];
}

export class HolidayFeedError extends Error {}

/** Holidays (one per closed date, sorted, deduplicated) dated `fromYear`..`toYear` inclusive. */
export function importHolidays(ics: string, range: { fromYear: number; toYear: number }): HolidayImport {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  } catch (err) {
    throw new HolidayFeedError(`not an iCalendar file: ${(err as Error).message}`);
  }
  if (root.name !== 'vcalendar') throw new HolidayFeedError(`not an iCalendar file: top component is ${root.name}`);
  const byDate = new Map<string, Holiday>();
  const rejected: HolidayImport['rejected'] = [];
  let count = 0;
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    const name = (event.summary ?? '').trim() || 'Holiday';
    const status = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase();
    if (status === 'CANCELLED' || event.isRecurrenceException()) continue;
    const start = event.startDate;
    if (!start) continue;
    if (!start.isDate) {
      rejected.push({ name, start: start.toString(), reason: 'a timed entry, not an all-day one: a holiday closes whole days' });
      continue;
    }
    const days = event.endDate ? Math.max(1, Math.round(event.endDate.subtractDate(start).toSeconds() / 86_400)) : 1;
    if (days > MAX_HOLIDAY_DAYS) {
      rejected.push({ name, start: start.toString(), reason: `spans ${days} days (more than ${MAX_HOLIDAY_DAYS}): a season, not a holiday` });
      continue;
    }
    const occurrences: ICAL.Time[] = [];
    if (event.isRecurring()) {
      const it = event.iterator();
      for (let next = it.next(); next && next.year <= range.toYear; next = it.next()) {
        if (next.year >= range.fromYear) occurrences.push(next);
        if (++count > MAX_OCCURRENCES) throw new HolidayFeedError(`more than ${MAX_OCCURRENCES} occurrences in range: not a holiday list`);
      }
    } else if (start.year >= range.fromYear && start.year <= range.toYear) occurrences.push(start);
    for (const occ of occurrences) {
      for (let d = 0; d < days; d++) {
        const day = new Date(Date.UTC(occ.year, occ.month - 1, occ.day + d));
        const date = day.toISOString().slice(0, 10);
        if (!byDate.has(date)) byDate.set(date, { date, name });
      }
    }
  }
  return { holidays: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)), rejected };
}
