import type { Channel } from '../../../../shared/index.js';
import { isLiveAnswerChannel, type QueueFigures } from '../../../../shared/metrics.js';

/** The floor's headline: every shown queue x channel row summed, rates recomputed from the sums (never averaged). */
export interface FloorTotals {
  waiting: number;
  oldestWaitingSince: string | null;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinT: number;
  serviceLevel: number | null;
  /** Offered contacts whose service-level outcome is known (answered, abandoned, or waiting past T). */
  slDecided: number;
  asaSec: number | null;
  /** ASA of calls and chats, and first reply of message channels with their answered-weighted answer-time goal (T). */
  asaLive: { sec: number | null; answered: number };
  asaMessages: { sec: number | null; answered: number; thresholdSec: number | null; byChannel: { channel: Channel; sec: number }[] };
  abandonmentRate: number | null;
  backlog: { onTrack: number; atRisk: number; breached: number };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/**
 * The row's service-level denominator: offered minus those still waiting inside T (their outcome is open).
 */
export function decided(r: QueueFigures): number {
  return r.offered - r.waitingWithinT;
}

export function floorTotals(rows: readonly QueueFigures[]): FloorTotals {
  let waiting = 0;
  let oldest: string | null = null;
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  let shortAbandoned = 0;
  let within = 0;
  let decidedSum = 0;
  let waitSum = 0;
  const live = { wait: 0, answered: 0 };
  const messages = { wait: 0, answered: 0, t: 0 };
  const byChannel = new Map<Channel, { wait: number; answered: number }>();
  const backlog = { onTrack: 0, atRisk: 0, breached: 0 };
  for (const r of rows) {
    waiting += r.waiting;
    if (r.oldestWaitingSince && (oldest === null || Date.parse(r.oldestWaitingSince) < Date.parse(oldest))) oldest = r.oldestWaitingSince;
    offered += r.offered;
    answered += r.answered;
    abandoned += r.abandoned;
    shortAbandoned += r.shortAbandoned;
    within += r.answeredWithinT;
    decidedSum += decided(r);
    // ASA is total wait / answered: the row's total wait is its ASA times its answered.
    waitSum += (r.asaSec ?? 0) * r.answered;
    const side = isLiveAnswerChannel(r.channel) ? live : messages;
    side.wait += (r.asaSec ?? 0) * r.answered;
    side.answered += r.answered;
    if (side === messages && r.answered > 0) {
      messages.t += r.thresholdSec * r.answered;
      const c = byChannel.get(r.channel) ?? { wait: 0, answered: 0 };
      byChannel.set(r.channel, { wait: c.wait + (r.asaSec ?? 0) * r.answered, answered: c.answered + r.answered });
    }
    backlog.onTrack += r.backlog.onTrack;
    backlog.atRisk += r.backlog.atRisk;
    backlog.breached += r.backlog.breached;
  }
  return {
    waiting,
    oldestWaitingSince: oldest,
    offered,
    answered,
    abandoned,
    shortAbandoned,
    answeredWithinT: within,
    slDecided: decidedSum,
    serviceLevel: rows.length === 1 ? rows[0]!.serviceLevel : ratio(within, decidedSum),
    asaSec: ratio(waitSum, answered),
    asaLive: { sec: ratio(live.wait, live.answered), answered: live.answered },
    asaMessages: { sec: ratio(messages.wait, messages.answered), answered: messages.answered, thresholdSec: ratio(messages.t, messages.answered), byChannel: [...byChannel].map(([channel, c]) => ({ channel, sec: c.wait / c.answered })) },
    abandonmentRate: ratio(abandoned, offered),
    backlog,
  };
}
