import { describe, expect, it } from 'vitest';
import { SLICES, slicesOf, threadCpuClock } from './ingest-bench.js';
import { sliceFlatness } from './ingest-report.js';

describe('ingest slices', () => {
  it('cuts the load into tenths in order, with ingest and floor rates per tenth', () => {
    // 20 batches of 1000: the first half takes 100 ms per batch, the second 200 ms; the floor a steady 50 ms.
    const batches = Array.from({ length: 20 }, (_, i) => ({ events: 1000, ms: i < 10 ? 100 : 200 }));
    const slices = slicesOf(batches, Array(20).fill(50), 20_000);
    expect(slices).toHaveLength(SLICES);
    expect(slices.map((s) => s.fromEvents)).toEqual([0, 2000, 4000, 6000, 8000, 10_000, 12_000, 14_000, 16_000, 18_000]);
    expect(slices[0]!.ingestEventsPerSecond).toBeCloseTo(10_000);
    expect(slices[9]!.ingestEventsPerSecond).toBeCloseTo(5000);
    expect(slices[9]!.floorEventsPerSecond).toBeCloseTo(20_000);
    expect(sliceFlatness({ slices } as never)).toBeCloseTo(0.5);
  });

  it('keeps a short last batch in the last slice', () => {
    const slices = slicesOf([{ events: 1000, ms: 10 }, { events: 500, ms: 10 }], [5, 5], 1500);
    expect(slices.reduce((a, s) => a + s.events, 0)).toBe(1500);
    expect(sliceFlatness({ slices: slices.slice(0, 1) } as never)).toBeNull();
  });
});

// The clock reads Linux's /proc; elsewhere it is null and the bench reports no CPU line, so there is nothing to check.
describe.skipIf(threadCpuClock() === null)('thread CPU clock', () => {
  it('counts time on a core, not time waited', async () => {
    const cpu = threadCpuClock()!;
    const c0 = cpu();
    await new Promise((r) => setTimeout(r, 200));
    const waited = cpu() - c0;
    const c1 = cpu();
    const until = performance.now() + 50;
    let spins = 0;
    while (performance.now() < until) spins++;
    const busy = cpu() - c1;
    expect(spins).toBeGreaterThan(0);
    expect(waited).toBeLessThan(100);
    expect(busy).toBeGreaterThan(0);
  });
});
