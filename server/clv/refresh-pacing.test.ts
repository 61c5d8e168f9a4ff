import { describe, expect, it } from 'vitest';
import { RefreshPacing } from './refresh-pacing.js';

describe('value refresh pacing', () => {
  it('holds back a heavy buyer an interval per 20 orders read, up to a cap, and never a light one', () => {
    const p = new RefreshPacing(60_000, 20, 20_000, 15);
    p.refreshed('costly', 20, 1_000);
    p.refreshed('heavy', 200, 1_000);
    p.refreshed('heaviest', 5_000, 1_000);
    p.refreshed('light', 3, 1_000);
    expect(p.due('costly')).toBe(61_000);
    expect(p.due('heavy')).toBe(1_000 + 10 * 60_000);
    expect(p.due('heaviest')).toBe(1_000 + 15 * 60_000);
    expect(p.due('light')).toBe(0);
    // A heavy buyer whose orders went (a merge undone) is no longer held back.
    p.refreshed('heavy', 2, 2_000);
    expect(p.due('heavy')).toBe(0);
  });

  it('keeps a heavy buyer through a bulk load that refreshes a hundred thousand light ones', () => {
    const p = new RefreshPacing(60_000, 20, 1_000);
    p.refreshed('heavy', 30, 1_000);
    for (let i = 0; i < 100_000; i++) p.refreshed(`light-${i}`, 1 + (i % 5), 1_000 + i);
    expect(p.due('heavy')).toBe(61_000);
    expect(p.size).toBe(1);
  });

  it('stays bounded, letting go of the buyers refreshed longest ago first', () => {
    const p = new RefreshPacing(60_000, 20, 3);
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) p.refreshed(id, 20, i);
    expect(p.size).toBe(3);
    expect(p.due('a')).toBe(0);
    expect(p.due('d')).toBe(60_003);
    // Refreshed again: now the newest, so the next to go is b.
    p.refreshed('b', 20, 10);
    p.refreshed('e', 20, 11);
    expect(['b', 'c', 'd', 'e'].map((id) => p.due(id) > 0)).toEqual([true, false, true, true]);
  });
});
