import { describe, expect, it } from 'vitest';
import type { LiveMetrics, QueueFigures } from '../../../../../shared/metrics.js';
import { patchLive } from './patch.js';

const fig = (queueId: string | null, channel: QueueFigures['channel'], waiting: number): QueueFigures => ({
  queueId,
  queueName: queueId ?? 'No queue',
  channel,
  offered: waiting,
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
  waiting,
  oldestWaitingSince: null,
  backlog: { onTrack: 0, atRisk: 0, breached: 0 },
  fcr: null,
  fcrSample: 0,
  csat: null,
  csatCount: 0,
});
const cached = (rows: QueueFigures[], version = 5): LiveMetrics => ({ window: '15m', from: '2026-12-03T09:45:00Z', generatedAt: '2026-12-03T10:00:00Z', timeZone: 'UTC', rows, oldestWaitingByChannel: {}, version });

describe('patching pushed 15-minute rows into the cache', () => {
  it('replaces the pushed queues’ rows, keeps the others, adds new channels', () => {
    const c = cached([fig('qa', 'chat', 1), fig('qb', 'chat', 4)]);
    const next = patchLive(c, { queue: null, channel: null, window: '15m' }, { queueIds: ['qa'], rows: [fig('qa', 'chat', 3), fig('qa', 'sms', 1)], version: 6, eventAt: '2026-12-03T10:00:01Z' });
    expect(next.rows.map((r) => [r.queueId, r.channel, r.waiting])).toEqual([
      ['qa', 'chat', 3],
      ['qa', 'sms', 1],
      ['qb', 'chat', 4],
    ]);
    expect(next.version).toBe(6);
  });

  it('respects the filter and ignores older pushes and other windows', () => {
    const c = cached([fig('qa', 'chat', 1)]);
    const filtered = patchLive(c, { queue: 'qa', channel: 'chat', window: '15m' }, { queueIds: ['qa', 'qb'], rows: [fig('qa', 'chat', 2), fig('qa', 'sms', 1), fig('qb', 'chat', 9)], version: 6, eventAt: '2026-12-03T10:00:01Z' });
    expect(filtered.rows.map((r) => r.waiting)).toEqual([2]);
    expect(patchLive(c, { queue: null, channel: null, window: '15m' }, { queueIds: ['qa'], rows: [fig('qa', 'chat', 7)], version: 4, eventAt: '2026-12-03T10:00:01Z' })).toBe(c);
    const hour = { ...c, window: '1h' as const };
    expect(patchLive(hour, { queue: null, channel: null, window: '1h' }, { queueIds: ['qa'], rows: [fig('qa', 'chat', 7)], version: 9, eventAt: '2026-12-03T10:00:01Z' })).toBe(hour);
  });

  it('treats the no-queue filter as queue none', () => {
    const c = cached([]);
    const next = patchLive(c, { queue: 'none', channel: null, window: '15m' }, { queueIds: [null], rows: [fig(null, 'email', 2), fig('qa', 'email', 1)], version: 6, eventAt: '2026-12-03T10:00:01Z' });
    expect(next.rows.map((r) => r.queueId)).toEqual([null]);
  });
});
