import { z } from 'zod';

/*
 * Event times are stored as integer epoch MICROseconds. A double holds integers exactly only up to
 * 2^53 µs (about 1684..2255), and JavaScript dates stop at year 9999 in ISO form, so the hub accepts
 * a fixed window well inside both: 1900-01-01T00:00:00Z .. 2199-12-31T23:59:59.999999Z (UTC instant,
 * after applying the offset). Inside it every microsecond round-trips exactly; digits beyond the
 * sixth fractional one are truncated.
 */
export const EARLIEST_EVENT_TIME = '1900-01-01T00:00:00Z';
export const LATEST_EVENT_TIME = '2199-12-31T23:59:59.999999Z';
const MIN_US = Date.UTC(1900, 0, 1) * 1000;
const MAX_US = Date.UTC(2200, 0, 1) * 1000 - 1;

const FORMAT_MESSAGE = 'must be an ISO 8601 date-time with an offset, e.g. 2024-05-01T10:00:00Z';
export const TIME_RANGE_MESSAGE = `must be between ${EARLIEST_EVENT_TIME} and ${LATEST_EVENT_TIME}`;

/** Whether epoch microseconds fall inside the accepted window. */
export function isAcceptedMicros(us: number): boolean {
  return Number.isSafeInteger(us) && us >= MIN_US && us <= MAX_US;
}

/** Whether a Date (e.g. a parsed email Date header) falls inside the accepted window. */
export function isAcceptedDate(d: Date): boolean {
  const ms = d.getTime();
  return Number.isFinite(ms) && isAcceptedMicros(ms * 1000);
}

/**
 * ISO 8601 timestamp that MUST carry an offset (Z or +hh:mm) and lie inside the accepted window.
 * Sub-millisecond digits are kept: storage orders by integer microseconds so two events 1 µs apart
 * never collide or swap.
 */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true, precision: undefined, message: FORMAT_MESSAGE }).superRefine((value, ctx) => {
  const us = isoToMicros(value);
  // null: not a date at all, which the format check above already reported.
  if (us !== null && !isAcceptedMicros(us)) ctx.addIssue({ code: 'custom', message: TIME_RANGE_MESSAGE, input: value });
});

/* The canonical spelling's fixed layout (canonicalIsoToMicros, below). */
const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25];
/** (position, char code) pairs, flat: - - T : : . Z */
const PUNCT_AT = [4, 45, 7, 45, 10, 84, 13, 58, 16, 58, 19, 46, 26, 90];

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Day 0 of the next month is the last day of this one (year >= 1000, so no 0..99 quirk). */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO 8601 date-time with offset to epoch microseconds, or null when invalid: the calendar
 * is checked (no 30 February, no hour 24), nothing rolls over. Years before 1000 are refused (out of
 * any accepted window, and `Date.UTC` would read 0..99 as 1900..1999).
 */
export function isoToMicros(iso: string): number | null {
  // Most times in the hub are the one spelling microsToIso writes (stored, echoed by feeds, re-read by every
  // subscriber of an ingest): read without the regex.
  return canonicalIsoToMicros(iso) ?? isoToMicrosByPattern(iso);
}

/** isoToMicros without its fast path (tests hold the fast path to it). */
export function isoToMicrosByPattern(iso: string): number | null {
  const m = ISO_RE.exec(iso);
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss = '0', frac = '', off] = m;
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs, mis, ss].map(Number) as [number, number, number, number, number, number];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  let offsetMin = 0;
  if (off!.toUpperCase() !== 'Z') {
    const digits = off!.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMin = (digits[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000;
  const micros = Number((frac + '000000').slice(0, 6));
  return ms * 1000 + micros;
}

/** Epoch microseconds to a UTC ISO string with 6 fractional digits (lossless round trip inside the accepted window). */
export function microsToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us - ms * 1000;
  const base = new Date(ms).toISOString(); // 2024-01-01T00:00:00.123Z
  return `${base.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}


/**
 * The one spelling microsToIso writes (`2024-05-01T10:00:00.123456Z`, which most feeds echo) read
 * without a regex; null for anything else (any other valid spelling goes through the pattern, whose
 * calendar rules this keeps: no 30 February, no hour 24, years from 1000). For a non-null answer
 * microsToIso(answer) is the input itself.
 */
export function canonicalIsoToMicros(s: string): number | null {
  if (s.length !== 27) return null;
  // Plain loops over constant tables, no closures: this runs once per ingested event.
  for (let i = 0; i < PUNCT_AT.length; i += 2) if (s.charCodeAt(PUNCT_AT[i]!) !== PUNCT_AT[i + 1]) return null;
  for (let i = 0; i < DIGIT_AT.length; i++) {
    const c = s.charCodeAt(DIGIT_AT[i]!);
    if (c < 48 || c > 57) return null;
  }
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  const h = digits(s, 11, 13);
  const mi = digits(s, 14, 16);
  const sec = digits(s, 17, 19);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec) * 1000 + digits(s, 20, 26);
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

function daysIn(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}
