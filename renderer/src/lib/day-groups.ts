import type { TimelineItem } from '../../../shared/index.js';

/*
 * Turns newest-first items into virtual rows with a day separator before each new local day.
 * Day keys are cached per item object: react-query keeps item objects stable across pages and
 * live patches, so a 100k-item timeline only pays for the new rows.
 */

export type TimelineRow =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'item'; key: string; item: TimelineItem; posInSet: number };

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const dayKeyCache = new WeakMap<object, string>();

/** Local calendar day, `YYYY-MM-DD`. */
export function dayKeyOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function itemDayKey(item: TimelineItem): string {
  let k = dayKeyCache.get(item);
  if (k === undefined) {
    k = dayKeyOf(new Date(item.occurredAt));
    dayKeyCache.set(item, k);
  }
  return k;
}

/** `Today`, `Yesterday`, else `Mon 3 Mar 2025` (relative to `now`, local time). */
export function dayLabel(key: string, now: Date = new Date()): string {
  const today = dayKeyOf(now);
  if (key === today) return 'Today';
  const y = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (key === dayKeyOf(y)) return 'Yesterday';
  const [yy, mm, dd] = key.split('-').map(Number) as [number, number, number];
  const d = new Date(yy, mm - 1, dd);
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

export function buildRows(items: readonly TimelineItem[], now: Date = new Date()): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let prev: string | null = null;
  let pos = 0;
  for (const item of items) {
    const k = itemDayKey(item);
    if (k !== prev) {
      rows.push({ kind: 'day', key: `day:${k}`, label: dayLabel(k, now) });
      prev = k;
    }
    rows.push({ kind: 'item', key: item.id, item, posInSet: ++pos });
  }
  return rows;
}
