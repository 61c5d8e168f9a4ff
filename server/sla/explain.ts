import type { BusinessCalendar, SlaClockState } from '../../shared/sla.js';
import { businessElapsed, type BusinessWalk, type Pause } from './business-time.js';

/*
 * The clock explains itself in the console's words:
 *   "due in 42 min (business hours; paused 2 h 10 m while pending; skipped 25 Dec holiday)".
 * Time left is running business time (what the clock will still count), not wall-clock time.
 */

const MIN = 60_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "42 min", "2 h 10 m", "3 d 4 h"; rounded down to the minute (never promises more than there is). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / MIN));
  if (total < 60) return `${total} min`;
  const d = Math.floor(total / (24 * 60));
  const h = Math.floor((total % (24 * 60)) / 60);
  const m = total % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  return m > 0 ? `${h} h ${m} m` : `${h} h`;
}

/** "25 Dec" from "2026-12-25". */
export function formatHolidayDate(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
}

/** What the parenthesis says: business hours or not, pauses by reason, skipped holidays. */
export function clockNotes(cal: BusinessCalendar | null, walk: BusinessWalk): string[] {
  const notes = [cal ? 'business hours' : 'around the clock'];
  for (const reason of ['pending', 'snoozed'] as const) {
    const held = walk.pausedMs[reason] ?? 0;
    if (held >= MIN) notes.push(`paused ${formatDuration(held)} while ${reason}`);
  }
  if (walk.skippedHolidays.length > 0) {
    const days = walk.skippedHolidays.map((h) => formatHolidayDate(h.date));
    notes.push(`skipped ${days.join(', ')} ${days.length === 1 ? 'holiday' : 'holidays'}`);
  }
  return notes;
}

export interface ClockReading {
  state: SlaClockState;
  /** Running business time left (negative when breached: how long overdue, in business time). */
  leftMs: number;
  explanation: string;
}

/** At risk when this little business time is left (the sweep warns at the same point). */
export const AT_RISK_MS = 15 * MIN;

/**
 * Reads a clock at `nowMs`: started at `startMs`, budget `budgetMs` of business time, the pauses so far
 * (an open pause = paused now). `metAtMs` set: the response happened (state met, no countdown).
 */
export function readClock(opts: { cal: BusinessCalendar | null; startMs: number; budgetMs: number; nowMs: number; pauses: readonly Pause[]; metAtMs?: number | null }): ClockReading {
  const end = opts.metAtMs ?? opts.nowMs;
  const walk = businessElapsed(opts.cal, opts.startMs, end, opts.pauses);
  const leftMs = opts.budgetMs - walk.elapsedMs;
  const notes = `(${clockNotes(opts.cal, walk).join('; ')})`;
  if (opts.metAtMs != null) {
    return leftMs >= 0
      ? { state: 'met', leftMs, explanation: `met with ${formatDuration(leftMs)} to spare ${notes}` }
      : { state: 'breached', leftMs, explanation: `met ${formatDuration(-leftMs)} late ${notes}` };
  }
  const pausedNow = opts.pauses.some((p) => p.toMs === null);
  if (leftMs < 0) return { state: 'breached', leftMs, explanation: `overdue by ${formatDuration(-leftMs)} ${notes}` };
  if (pausedNow) {
    const reason = opts.pauses.find((p) => p.toMs === null)!.reason;
    return { state: 'paused', leftMs, explanation: `paused while ${reason}, ${formatDuration(leftMs)} left ${notes}` };
  }
  return { state: leftMs <= AT_RISK_MS ? 'at_risk' : 'on_track', leftMs, explanation: `due in ${formatDuration(leftMs)} ${notes}` };
}
