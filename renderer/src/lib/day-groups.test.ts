import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../../shared/index.js';
import { buildRows, dayLabel } from './day-groups.js';

const at = (d: Date, id: string): TimelineItem => ({ id, customerId: 'c', channel: 'note', type: 'note', occurredAt: d.toISOString(), summary: null, source: 's', sourceEventId: id, data: {}, seq: 1 });

describe('day grouping', () => {
  const now = new Date(2025, 2, 5, 15, 0); // Wed 5 Mar 2025, local time
  it('labels today, yesterday and older days', () => {
    expect(dayLabel('2025-03-05', now)).toBe('Today');
    expect(dayLabel('2025-03-04', now)).toBe('Yesterday');
    expect(dayLabel('2025-03-03', now)).toBe('Mon 3 Mar 2025');
    expect(dayLabel('2024-12-31', now)).toBe('Tue 31 Dec 2024');
  });
  it('puts one separator before each new local day, newest first', () => {
    const rows = buildRows([at(new Date(2025, 2, 5, 9), 'a'), at(new Date(2025, 2, 5, 1), 'b'), at(new Date(2025, 2, 4, 23), 'c'), at(new Date(2025, 2, 3, 8), 'd')], now);
    expect(rows.map((r) => (r.kind === 'day' ? r.label : r.key))).toEqual(['Today', 'a', 'b', 'Yesterday', 'c', 'Mon 3 Mar 2025', 'd']);
    expect(rows.filter((r) => r.kind === 'item').map((r) => (r.kind === 'item' ? r.posInSet : 0))).toEqual([1, 2, 3, 4]);
  });
});
