import type { BusinessCalendar, Holiday } from '../../shared/sla.js';
import { WEEKDAYS } from '../../shared/sla.js';
import { addDays, isoDate, localDateOf, localToUtc, minutesOf, weekdayOf, type LocalDate } from './zoned-time.js';

/*
 * Business time, pure: which instants the clock runs (a calendar's open intervals minus pauses), the
 * deadline after a business duration, and the business time elapsed. Instants are UTC milliseconds.
 * A null calendar runs around the clock. Every result says which holidays it skipped and how much a
 * pause held the clock, so the explanation is never a guess (Zammad #390: a silent holiday feed).
 */

/** A stretch when the clock stood still: `[fromMs, toMs)`, toMs null = still paused. */
export interface Pause {
  fromMs: number;
  toMs: number | null;
  reason: 'pending' | 'snoozed';
}

export interface BusinessWalk {
  /** Holidays that closed at least one otherwise open interval inside the walk. */
  skippedHolidays: Holiday[];
  /** Business time the pauses held the clock, by reason. */
  pausedMs: Partial<Record<Pause['reason'], number>>;
}

export interface DeadlineResult extends BusinessWalk {
  /** null: the calendar never opens again (no open interval within the search horizon). */
  deadlineMs: number | null;
}

/** Longest walk: a calendar that opens less than once in this many days is treated as never open. */
const HORIZON_DAYS = 800;

/** Open intervals of the calendar from `fromMs` on (clipped to start there), in time order. */
export function* openIntervals(cal: BusinessCalendar | null, fromMs: number, skipped?: Holiday[]): Generator<[number, number]> {
  if (!cal) {
    yield [fromMs, Number.POSITIVE_INFINITY];
    return;
  }
  const holidays = new Map(cal.holidays.map((h) => [h.date, h]));
  let day: LocalDate = addDays(localDateOf(cal.timeZone, fromMs), -1); // the previous local day may still be open (late shift)
  for (let i = 0; i < HORIZON_DAYS; i++, day = addDays(day, 1)) {
    const shifts = cal.week[WEEKDAYS[weekdayOf(day)]!] ?? [];
    if (shifts.length === 0) continue;
    const holiday = holidays.get(isoDate(day));
    const spans = shifts
      .map((s) => [localToUtc(cal.timeZone, day, minutesOf(s.start)), localToUtc(cal.timeZone, day, minutesOf(s.end))] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    for (const [a, b] of spans) {
      if (b <= fromMs || b <= a) continue;
      if (holiday) {
        if (skipped && !skipped.includes(holiday)) skipped.push(holiday);
        continue;
      }
      yield [Math.max(a, fromMs), b];
    }
  }
}

function sortedPauses(pauses: readonly Pause[], nowMs: number): Pause[] {
  return pauses.map((p) => ({ ...p, toMs: p.toMs ?? Math.max(nowMs, p.fromMs) })).sort((a, b) => a.fromMs - b.fromMs);
}

/**
 * Splits one open interval by the pauses: the running parts, and per reason how long the pauses held it.
 * A pause with `toMs: null` lasts until `openEndMs` (still paused: the deadline is not known yet).
 */
function running(a: number, b: number, pauses: readonly Pause[], held: BusinessWalk['pausedMs']): [number, number][] {
  const out: [number, number][] = [];
  let cursor = a;
  for (const p of pauses) {
    const to = p.toMs ?? Number.POSITIVE_INFINITY;
    if (to <= cursor || p.fromMs >= b) continue;
    const from = Math.max(p.fromMs, cursor);
    if (from > cursor) out.push([cursor, from]);
    const end = Math.min(to, b);
    held[p.reason] = (held[p.reason] ?? 0) + (end - from);
    cursor = Math.max(cursor, end);
    if (cursor >= b) break;
  }
  if (cursor < b) out.push([cursor, b]);
  return out;
}

/**
 * When `durationMs` of running business time after `startMs` is used up. Pauses stop the clock; an open
 * pause (toMs null) means the deadline cannot be known while paused: deadlineMs is null, `pausedMs` so far.
 */
export function businessDeadline(cal: BusinessCalendar | null, startMs: number, durationMs: number, pauses: readonly Pause[] = []): DeadlineResult {
  const skippedHolidays: Holiday[] = [];
  const pausedMs: BusinessWalk['pausedMs'] = {};
  const list = [...pauses].sort((a, b) => a.fromMs - b.fromMs);
  let left = durationMs;
  for (const [a, b] of openIntervals(cal, startMs, skippedHolidays)) {
    for (const [ra, rb] of running(a, b, list, pausedMs)) {
      if (rb - ra >= left) return { deadlineMs: ra + left, skippedHolidays, pausedMs };
      left -= rb - ra;
    }
    if (list.some((p) => p.toMs === null && p.fromMs < b)) return { deadlineMs: null, skippedHolidays, pausedMs };
  }
  return { deadlineMs: null, skippedHolidays, pausedMs };
}

/** Running business time between `startMs` and `nowMs` (pauses and closed hours excluded). */
export function businessElapsed(cal: BusinessCalendar | null, startMs: number, nowMs: number, pauses: readonly Pause[] = []): BusinessWalk & { elapsedMs: number } {
  const skippedHolidays: Holiday[] = [];
  const pausedMs: BusinessWalk['pausedMs'] = {};
  const list = sortedPauses(pauses, nowMs);
  let elapsedMs = 0;
  if (nowMs <= startMs) return { elapsedMs, skippedHolidays, pausedMs };
  for (const [a, b0] of openIntervals(cal, startMs, skippedHolidays)) {
    if (a >= nowMs) break;
    const b = Math.min(b0, nowMs);
    for (const [ra, rb] of running(a, b, list, pausedMs)) elapsedMs += rb - ra;
    if (b0 >= nowMs) break;
  }
  return { elapsedMs, skippedHolidays, pausedMs };
}
