import { MAX_HOLIDAY_SHARE, type Holiday } from '../../shared/sla.js';
import { addDays, isoDate, localDateOf } from './zoned-time.js';

/*
 * Zammad #390: a holiday feed stretched a 48 h SLA to six days and nobody noticed. A calendar whose
 * holidays close more than MAX_HOLIDAY_SHARE of the next 365 days (a recurring rule that expands to
 * every day, a "holiday" that is really a season) is refused with a message saying what it would do.
 */

const YEAR_DAYS = 365;

/** Holiday dates within the 365 days from `nowMs` (the calendar's local today on). */
export function holidaysInNextYear(holidays: readonly Holiday[], timeZone: string, nowMs: number): Holiday[] {
  const today = localDateOf(timeZone, nowMs);
  const from = isoDate(today);
  const to = isoDate(addDays(today, YEAR_DAYS));
  const seen = new Set<string>();
  return holidays.filter((h) => h.date >= from && h.date < to && !seen.has(h.date) && seen.add(h.date));
}

/** Why these holidays would silently stretch every SLA, or null when they are a plausible holiday list. */
export function holidayStretchProblem(holidays: readonly Holiday[], timeZone: string, nowMs: number): string | null {
  const ahead = holidaysInNextYear(holidays, timeZone, nowMs);
  const limit = Math.floor(YEAR_DAYS * MAX_HOLIDAY_SHARE);
  if (ahead.length <= limit) return null;
  return `these holidays close ${ahead.length} of the next ${YEAR_DAYS} days (more than ${limit}): every SLA deadline would stretch across them; check the feed for a rule that repeats daily or weekly`;
}
