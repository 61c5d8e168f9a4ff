import { describe, expect, it } from 'vitest';
import type { QueueFigures } from '../../../../shared/metrics.js';
import { floorTotals } from './totals.js';

function row(over: Partial<QueueFigures>): QueueFigures {
  return {
    queueId: 'q1',
    queueName: 'Returns',
    channel: 'chat',
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    answeredWithinT: 0,
    waitingWithinT: 0,
    serviceLevel: null,
    thresholdSec: 60,
    target: 0.8,
    asaSec: null,
    ahtSec: null,
    abandonmentRate: null,
    occupancy: null,
    waiting: 0,
    oldestWaitingSince: null,
    backlog: { onTrack: 0, atRisk: 0, breached: 0 },
    fcr: null,
    fcrSample: 0,
    csat: null,
    csatCount: 0,
    ...over,
  };
}

describe('floor totals', () => {
  it('sums counts and recomputes rates from the sums, never averaging rates', () => {
    // Chat: 10 offered, 8 answered (6 in time), 2 abandoned, ASA 30 s. SMS: 2 offered, both answered in time, ASA 120 s.
    const t = floorTotals([
      row({ offered: 10, answered: 8, answeredWithinT: 6, abandoned: 2, serviceLevel: 0.6, asaSec: 30, abandonmentRate: 0.2, shortAbandoned: 1 }),
      row({ channel: 'sms', offered: 2, answered: 2, answeredWithinT: 2, serviceLevel: 1, asaSec: 120, abandonmentRate: 0 }),
    ]);
    expect(t.offered).toBe(12);
    expect(t.serviceLevel).toBeCloseTo(8 / 12);
    expect(t.asaSec).toBeCloseTo((8 * 30 + 2 * 120) / 10);
    expect(t.abandonmentRate).toBeCloseTo(2 / 12);
    expect(t.shortAbandoned).toBe(1);
  });

  it('leaves contacts still waiting inside T out of service level (their outcome is open)', () => {
    // 3 offered: 1 answered in time, 2 waiting inside T -> 1 decided -> 100%.
    const a = row({ offered: 3, answered: 1, answeredWithinT: 1, waiting: 2, waitingWithinT: 2, serviceLevel: 1 });
    const b = row({ channel: 'email', offered: 1, answered: 1, answeredWithinT: 0, serviceLevel: 0 });
    const t = floorTotals([a, b]);
    expect(t.slDecided).toBe(2);
    expect(t.serviceLevel).toBeCloseTo(0.5);
    expect(floorTotals([a]).serviceLevel).toBe(1);
  });

  it('keeps the oldest waiting and null rates with nothing to divide by', () => {
    const t = floorTotals([row({ oldestWaitingSince: '2026-12-03T09:00:00Z', waiting: 1, offered: 1 }), row({ channel: 'sms', oldestWaitingSince: '2026-12-03T08:00:00Z', waiting: 2, offered: 2 })]);
    expect(t.oldestWaitingSince).toBe('2026-12-03T08:00:00Z');
    expect(t.waiting).toBe(3);
    expect(floorTotals([]).serviceLevel).toBeNull();
    expect(floorTotals([]).asaSec).toBeNull();
  });
});
