import type { Channel, IntervalFigures } from '../../shared/index.js';
import type { BusinessCalendar } from '../../shared/sla.js';
import { businessDeadline } from '../sla/business-time.js';

/*
 * The additive core of every queue figure (docs/metrics.md): one contact leg contributes a small vector,
 * and a window's figures are the sum of the vectors of the legs that arrived in it. Sums subtract exactly,
 * so a changed leg is folded by removing its old vector and adding its new one (no recomputation).
 */

/** A contact leg: one wait in one queue, from arrival to answer (then handling), abandon or transfer. */
export interface Contact {
  id: string;
  conversationId: string | null;
  /** Voice: the Twilio CallSid. */
  callSid: string | null;
  customerId: string | null;
  queueId: string | null;
  channel: Channel;
  arrivedUs: number;
  answeredUs: number | null;
  /** Leg over: abandon or transfer time, or (answered) when handling ended. */
  endedUs: number | null;
  outcome: 'waiting' | 'answered' | 'abandoned' | 'transferred';
  agentId: string | null;
  /** Handle time in seconds once known (talk + hold + wrap-up for calls; the work interval for chat and email). */
  handleSec: number | null;
  version: number;
}

export interface Rules {
  thresholdSec: number;
  shortAbandonSec: number;
  /**
   * Email: the queue's business-hours calendar (server/sla); T then counts business seconds only (closed hours,
   * weekends and holidays do not run the clock). null / absent: T is wall-clock seconds.
   */
  calendar?: BusinessCalendar | null;
}

/** The instant (µs) a leg arrived at `arrivedUs` passes T: wall clock, or T business seconds on the calendar (sla's businessDeadline). */
export function dueUs(arrivedUs: number, rules: Rules): number {
  if (!rules.calendar) return arrivedUs + rules.thresholdSec * 1e6;
  const d = businessDeadline(rules.calendar, arrivedUs / 1000, rules.thresholdSec * 1000).deadlineMs;
  return d === null ? Number.POSITIVE_INFINITY : d * 1000;
}

/** Whether an answer (or the clock) at `atUs` is still within T of the arrival. */
export const withinT = (arrivedUs: number, atUs: number, rules: Rules): boolean => atUs <= dueUs(arrivedUs, rules);

/** The additive vector (all counts and second sums). */
export interface Sums {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinT: number;
  /** Offered contacts still waiting and not yet past T: their outcome is open, so service level leaves them out. */
  waitingWithinT: number;
  waiting: number;
  waitSumSec: number;
  handled: number;
  handleSumSec: number;
}

export const zeroSums = (): Sums => ({ offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, answeredWithinT: 0, waitingWithinT: 0, waiting: 0, waitSumSec: 0, handled: 0, handleSumSec: 0 });

export const SUM_KEYS = Object.keys(zeroSums()) as (keyof Sums)[];
const KEYS = SUM_KEYS;
export function addSums(into: Sums, s: Sums, sign = 1): void {
  for (const k of KEYS) into[k] += sign * s[k];
}

/** The vector one leg contributes at `nowUs` (only a waiting leg depends on the clock: whether it passed T). */
export function contribution(c: Contact, rules: Rules, nowUs: number): Sums {
  const s = zeroSums();
  if (c.outcome === 'transferred') return s; // offered in the queue it went to, not in this one
  if (c.outcome === 'abandoned') {
    const waited = ((c.endedUs ?? c.arrivedUs) - c.arrivedUs) / 1e6;
    if (waited < rules.shortAbandonSec) s.shortAbandoned = 1;
    else {
      s.offered = 1;
      s.abandoned = 1;
    }
    return s;
  }
  s.offered = 1;
  if (c.answeredUs === null) {
    s.waiting = 1;
    if (withinT(c.arrivedUs, nowUs, rules)) s.waitingWithinT = 1;
    return s;
  }
  const waited = (c.answeredUs - c.arrivedUs) / 1e6;
  s.answered = 1;
  s.waitSumSec = waited;
  if (withinT(c.arrivedUs, c.answeredUs, rules)) s.answeredWithinT = 1;
  if (c.handleSec !== null) {
    s.handled = 1;
    s.handleSumSec = c.handleSec;
  }
  return s;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Published formulas over summed vectors. */
export function rates(s: Sums) {
  return {
    // Service level = answered within T / offered, leaving out contacts still waiting inside T (not decided yet).
    serviceLevel: ratio(s.answeredWithinT, s.offered - s.waitingWithinT),
    asaSec: ratio(s.waitSumSec, s.answered),
    ahtSec: ratio(s.handleSumSec, s.handled),
    abandonmentRate: ratio(s.abandoned, s.offered),
  };
}

export function intervalFigures(s: Sums): IntervalFigures {
  const r = rates(s);
  return { offered: s.offered, answered: s.answered, abandoned: s.abandoned, shortAbandoned: s.shortAbandoned, answeredWithinT: s.answeredWithinT, serviceLevel: r.serviceLevel, asaSec: r.asaSec, ahtSec: r.ahtSec };
}
