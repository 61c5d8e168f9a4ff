import { addDays, localDateOf, localParts, localToUtc, type LocalDate } from '../sla/zoned-time.js';

/*
 * The 15-minute intervals of a local day in the hub's zone, in absolute time: a spring-forward day has 92,
 * a fall-back day 100 (the repeated hour's labels appear twice). Last week's row for an interval is the
 * same label (and same occurrence of it) on the same weekday a week earlier.
 */

export interface IntervalSlot {
  startUs: number;
  endUs: number;
  /** Local "HH:MM" of the start. */
  label: string;
  /** 0 for the first time a label appears that day, 1 for its repeat (fall back). */
  occurrence: number;
}

const STEP_MS = 15 * 60_000;

export function parseLocalDate(iso: string): LocalDate {
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) };
}

export function dayBoundsUs(timeZone: string, date: LocalDate): { startUs: number; endUs: number } {
  return { startUs: localToUtc(timeZone, date, 0) * 1000, endUs: localToUtc(timeZone, addDays(date, 1), 0) * 1000 };
}

export function todayOf(timeZone: string, nowMs: number): LocalDate {
  return localDateOf(timeZone, nowMs);
}

export function intervalsOf(timeZone: string, date: LocalDate): IntervalSlot[] {
  const { startUs, endUs } = dayBoundsUs(timeZone, date);
  const seen = new Map<string, number>();
  const out: IntervalSlot[] = [];
  for (let ms = startUs / 1000; ms * 1000 < endUs; ms += STEP_MS) {
    const p = localParts(timeZone, ms);
    const label = `${String(p.h).padStart(2, '0')}:${String(p.min).padStart(2, '0')}`;
    const occurrence = seen.get(label) ?? 0;
    seen.set(label, occurrence + 1);
    out.push({ startUs: ms * 1000, endUs: Math.min(endUs, (ms + STEP_MS) * 1000), label, occurrence });
  }
  return out;
}

/** Which slot of `slots` holds `us` (binary search); -1 outside the day. */
export function slotIndex(slots: readonly IntervalSlot[], us: number): number {
  let lo = 0;
  let hi = slots.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (us < slots[mid]!.startUs) hi = mid - 1;
    else if (us >= slots[mid]!.endUs) lo = mid + 1;
    else return mid;
  }
  return -1;
}
