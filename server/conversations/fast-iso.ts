import { microsToIso } from '../../shared/index.js';

/*
 * microsToIso for the inbox rows, without a Date per value: a page of 50 maps ~400 timestamps, and
 * `new Date().toISOString()` was the largest cost of the in-process inbox page after SQLite itself
 * (a CPU profile of bench/inbox-bench.ts). The date part ("2025-06-01T") is cached per UTC day (inbox
 * timestamps fall on a few dozen days); the time of day is plain arithmetic. Same text as microsToIso.
 */

const DAY_MS = 86_400_000;
/** Years 1970..9999: where toISOString writes the plain "YYYY-MM-DDT…" form. */
const MAX_MS = 253_402_300_800_000;
const MAX_DAYS_CACHED = 4096;
const days = new Map<number, string>();
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export function fastMicrosToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  if (!Number.isSafeInteger(us) || ms < 0 || ms >= MAX_MS) return microsToIso(us);
  const day = Math.floor(ms / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    if (days.size >= MAX_DAYS_CACHED) days.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    days.set(day, date);
  }
  let t = ms - day * DAY_MS;
  const h = Math.floor(t / 3_600_000);
  t -= h * 3_600_000;
  const m = Math.floor(t / 60_000);
  t -= m * 60_000;
  const s = Math.floor(t / 1000);
  return `${date}${TWO[h]}:${TWO[m]}:${TWO[s]}.${THREE[t - s * 1000]}${THREE[us - ms * 1000]}Z`;
}
