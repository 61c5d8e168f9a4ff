import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createImportProgress, PROGRESS_EVERY_MS } from './import-progress.js';

beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
afterEach(() => vi.useRealTimers());

function recorder() {
  const lines: { at: number; text: string }[] = [];
  const progress = createImportProgress({ tty: false, write: (text) => lines.push({ at: Date.now(), text }) });
  return { lines, progress };
}
const counts = (n: number) => ({ created: n, duplicate: 0, rejected: 0 });

describe('import progress off a terminal', () => {
  it('writes a line at start, at least every 5 s while a slow batch runs, and at the end', () => {
    const { lines, progress } = recorder();
    progress.start(40_000);
    expect(lines.map((l) => l.text)).toEqual([expect.stringMatching(/^import: 40,000 units; a progress line at least every 5 s$/)]);
    progress.update(500, counts(500));
    vi.advanceTimersByTime(30_000); // one batch that takes 30 s: the import must still look alive
    progress.update(1_000, counts(1_000));
    progress.stop();
    const gaps = lines.slice(1).map((l, i) => l.at - lines[i]!.at);
    expect(lines.length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(PROGRESS_EVERY_MS);
    expect(lines.at(-1)!.text).toMatch(/^import: 1,000\/40,000 \(2%\) after 30 s, 33 events\/s, about 19 min 30 s left; created 1000, duplicate 0, rejected 0$/);
  });

  it('never leaves more than 5 s between lines nor writes more than about one per 4 s, for any batch timing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 40 }), (batchMs) => {
        vi.setSystemTime(Date.UTC(2026, 0, 1));
        const { lines, progress } = recorder();
        progress.start(batchMs.length * 100);
        batchMs.forEach((ms, i) => {
          vi.advanceTimersByTime(ms);
          progress.update((i + 1) * 100, counts((i + 1) * 100));
        });
        progress.stop();
        const gaps = lines.slice(1).map((l, i) => l.at - lines[i]!.at);
        expect(Math.max(0, ...gaps)).toBeLessThanOrEqual(PROGRESS_EVERY_MS);
        expect(Math.min(Infinity, ...gaps.slice(0, -1))).toBeGreaterThanOrEqual(PROGRESS_EVERY_MS * 0.8);
        expect(lines.at(-1)!.text).toContain('(100%)');
        expect(vi.getTimerCount()).toBe(0); // stop() leaves nothing running
      }),
      { numRuns: 200 },
    );
  });

  it('says where a resumed import starts', () => {
    const { lines, progress } = recorder();
    progress.start(10_000, 4_000);
    progress.stop();
    expect(lines[0]!.text).toBe('import: 10,000 units, resuming after 4,000; a progress line at least every 5 s');
    expect(lines[1]!.text).toMatch(/^import: 4,000\/10,000 \(40%\)/);
  });
});
