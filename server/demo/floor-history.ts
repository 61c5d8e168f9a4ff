import type { Channel } from '../../shared/index.js';

/*
 * The demo floor's past: contacts of today (midnight until now) and of the same weekday last week, so a
 * newcomer's interval chart has two lines to compare from the first minute. A working day's shape (quiet
 * night, morning peak, lunch dip, afternoon peak), Poisson arrivals per minute, waits that grow with load,
 * impatient chat customers who leave. Pure given the random source: the same seed gives the same day.
 */

/** One past wait leg, as the metrics service records it (`recordHistory`). */
export interface HistoryContact {
  queueId: string | null;
  channel: Channel;
  arrivedAt: string;
  answeredAt: string | null;
  abandonedAt: string | null;
  handleSec: number;
  customerId?: string;
  /** Who answered (agents' handled today and occupancy). */
  agentId?: string;
  /** The conversation it was (a seeded one settled by the demo): its running leg is replaced. */
  conversationId?: string;
}

export interface FloorQueue {
  id: string;
  /** Share of the floor's contacts (the weights need not add up to 1). */
  weight: number;
}

/** Per channel: share of contacts, mean wait at quiet times, mean patience (chat customers leave), mean handle time. */
export const CHANNEL_MIX: readonly { channel: Channel; share: number; meanWaitSec: number; patienceSec: number; handleSec: number }[] = [
  { channel: 'chat', share: 0.45, meanWaitSec: 22, patienceSec: 240, handleSec: 330 },
  { channel: 'sms', share: 0.25, meanWaitSec: 240, patienceSec: 3 * 3600, handleSec: 200 },
  { channel: 'email', share: 0.3, meanWaitSec: 2400, patienceSec: 48 * 3600, handleSec: 420 },
];

/**
 * What the history fills in: the written channels and calls (about a fifth of the floor's contacts, as the live
 * voice traffic in floor-voice.ts); callers hang up sooner than chatters and talk about as long.
 */
export const HISTORY_MIX: readonly (typeof CHANNEL_MIX)[number][] = [...CHANNEL_MIX, { channel: 'phone', share: 0.25, meanWaitSec: 8, patienceSec: 150, handleSec: 290 }];

/** Relative arrivals (0..1) at a local hour of the day (fractional): a service desk open 7:00 to 21:00. */
export function dayShape(hour: number): number {
  if (hour < 7 || hour >= 21) return 0.03;
  const bump = (centre: number, width: number) => Math.exp(-((hour - centre) ** 2) / (2 * width * width));
  return Math.min(1, 0.15 + 0.85 * bump(10.5, 1.4) + 0.7 * bump(15, 1.6) - 0.25 * bump(12.75, 0.5));
}

/** A small, fast, seedable random source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const exponential = (random: () => number, mean: number) => -Math.log(1 - random()) * mean;

function poisson(random: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export interface HistoryOptions {
  /** Local midnight of the day. */
  dayStart: Date;
  /** Nothing after this (today: now); contacts still open at this time are left out (live traffic takes over). */
  until: Date;
  queues: readonly FloorQueue[];
  /** Floor-wide arrivals per hour at the busiest time. */
  peakPerHour: number;
  random: () => number;
  /** Demo customers to attribute contacts to (drill-down shows their names); none: anonymous. */
  customerIds?: readonly string[];
  /** Agents who answer (one at random per answered contact); none: nobody named. */
  agentIds?: readonly string[];
}

/** A day's contacts, oldest first. */
export function historyDay(o: HistoryOptions): HistoryContact[] {
  const out: HistoryContact[] = [];
  const totalWeight = o.queues.reduce((s, q) => s + q.weight, 0) || 1;
  const end = Math.min(o.until.getTime(), o.dayStart.getTime() + 86_400_000);
  for (let t = o.dayStart.getTime(); t < end; t += 60_000) {
    const minute = new Date(t);
    const shape = dayShape(minute.getHours() + minute.getMinutes() / 60);
    for (const q of o.queues) {
      for (const mix of HISTORY_MIX) {
        const lambda = (o.peakPerHour * shape * (q.weight / totalWeight) * mix.share) / 60;
        const n = poisson(o.random, lambda);
        for (let i = 0; i < n; i++) {
          const arrived = t + o.random() * 60_000;
          // Busy hours wait longer (more contacts per agent on shift).
          const wait = exponential(o.random, mix.meanWaitSec * (0.4 + 1.6 * shape));
          const patience = exponential(o.random, mix.patienceSec);
          const leaves = patience < wait;
          const outcomeAt = arrived + (leaves ? patience : wait) * 1000;
          if (outcomeAt >= end) continue;
          const customerId = o.customerIds && o.customerIds.length > 0 ? o.customerIds[Math.floor(o.random() * o.customerIds.length)] : undefined;
          const agentId = !leaves && o.agentIds && o.agentIds.length > 0 ? o.agentIds[Math.floor(o.random() * o.agentIds.length)] : undefined;
          out.push({
            queueId: q.id,
            channel: mix.channel,
            arrivedAt: new Date(arrived).toISOString(),
            answeredAt: leaves ? null : new Date(outcomeAt).toISOString(),
            abandonedAt: leaves ? new Date(outcomeAt).toISOString() : null,
            handleSec: leaves ? 0 : Math.round(30 + exponential(o.random, mix.handleSec)),
            ...(customerId ? { customerId } : {}),
            ...(agentId ? { agentId } : {}),
          });
        }
      }
    }
  }
  return out.sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt));
}

/** Local midnight of `d`'s day (the hub's zone), and the same weekday a week earlier. */
export function dayStarts(now: Date): { today: Date; lastWeek: Date } {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  // Calendar arithmetic, not 7 x 24 h: correct across a DST change.
  const lastWeek = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 7);
  return { today, lastWeek };
}
