/*
 * Wall-clock time in an IANA zone without a date library: Intl gives the zone's offset at an instant,
 * and a local time is turned into an instant by trying the offset and correcting once (DST).
 */

export interface LocalDate {
  y: number;
  m: number; // 1-12
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock fields of an instant in `timeZone`. */
export function localParts(timeZone: string, utcMs: number): LocalDate & { h: number; min: number; s: number } {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { y: out['year']!, m: out['month']!, d: out['day']!, h: out['hour']! % 24, min: out['minute']!, s: out['second']! };
}

/** Offset (local - UTC) in ms at an instant. */
export function offsetMs(timeZone: string, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const p = localParts(timeZone, whole);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - whole;
}

/**
 * The instant a local time of day (minutes after midnight, 1440 = next midnight) happens on a local date.
 * A time skipped by a spring-forward gap lands after the gap (02:30 -> 03:30); a repeated fall-back time
 * takes its later (standard-time) occurrence. Both are the rule of RFC 5545 §3.3.5 for gaps, and for the
 * repeat the one that never makes an interval longer than its wall-clock length.
 */
export function localToUtc(timeZone: string, date: LocalDate, minutes: number): number {
  const naive = Date.UTC(date.y, date.m - 1, date.d, 0, minutes);
  // A zone changes offset at most once around one local time: try the offsets of the day before and after.
  const before = offsetMs(timeZone, naive - DAY_MS);
  const after = offsetMs(timeZone, naive + DAY_MS);
  const valid = [...new Set([before, after])].map((o) => naive - o).filter((t) => t + offsetMs(timeZone, t) === naive);
  if (valid.length > 0) return Math.max(...valid);
  return naive - before; // in the gap: the offset before the gap puts it after the gap
}

const DAY_MS = 86_400_000;

export function localDateOf(timeZone: string, utcMs: number): LocalDate {
  const { y, m, d } = localParts(timeZone, utcMs);
  return { y, m, d };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
}

export function isoDate(date: LocalDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
