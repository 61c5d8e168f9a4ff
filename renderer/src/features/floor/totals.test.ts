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

  it('reads answer speed apart for calls and chats and for message channels, each from its own sums', () => {
    // Phone: 10 answered, ASA 20 s; chat: 10 answered, ASA 40 s -> live 30 s. Email: 2 answered, ASA 2 h, T 4 h;
    // SMS: 2 answered, ASA 10 min, T 15 min -> first reply 65 min against an answered-weighted goal of 127.5 min.
    const t = floorTotals([
      row({ channel: 'phone', answered: 10, offered: 10, asaSec: 20, thresholdSec: 20 }),
      row({ channel: 'chat', answered: 10, offered: 10, asaSec: 40 }),
      row({ channel: 'email', answered: 2, offered: 2, asaSec: 7200, thresholdSec: 14_400 }),
      row({ channel: 'sms', answered: 2, offered: 2, asaSec: 600, thresholdSec: 900 }),
    ]);
    expect(t.asaLive).toEqual({ sec: 30, answered: 20 });
    expect(t.asaMessages.sec).toBeCloseTo(3900);
    expect(t.asaMessages.thresholdSec).toBeCloseTo(7650);
    expect(t.asaMessages.answered).toBe(4);
    expect(t.asaMessages.byChannel).toEqual([{ channel: 'email', sec: 7200 }, { channel: 'sms', sec: 600 }]);
    // The mixed average the floor no longer shows: (200 + 400 + 14,400 + 1,200) / 24 = 675 s.
    expect(t.asaSec).toBeCloseTo(675);
    expect(floorTotals([row({ channel: 'email', offered: 1 })]).asaLive).toEqual({ sec: null, answered: 0 });
  });
});
