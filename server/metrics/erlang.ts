/*
 * Erlang C (M/M/N, no abandons): the probability a contact waits, the service level at T and the ASA,
 * for `servers` parallel slots offered `erlangs` of traffic (arrival rate x AHT). Chat concurrency is
 * slots: an agent who works 3 chats at once is 3 servers (docs/metrics.md, "Staffing").
 */

/** P(wait > 0). 1 when the slots cannot keep up (erlangs >= servers). Stable for hundreds of servers (Erlang B recursion). */
export function erlangC(servers: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (servers <= erlangs) return 1;
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (erlangs * b) / (k + erlangs * b);
  return (servers * b) / (servers - erlangs * (1 - b));
}

/** Fraction answered within `thresholdSec`: 1 - C x e^(-(N - A) T / AHT). Null when the queue grows without bound. */
export function erlangServiceLevel(servers: number, erlangs: number, thresholdSec: number, ahtSec: number): number | null {
  if (erlangs <= 0) return 1;
  if (servers <= erlangs) return null;
  return 1 - erlangC(servers, erlangs) * Math.exp((-(servers - erlangs) * thresholdSec) / ahtSec);
}

/** Average speed of answer: C x AHT / (N - A). */
export function erlangAsa(servers: number, erlangs: number, ahtSec: number): number | null {
  if (erlangs <= 0) return 0;
  if (servers <= erlangs) return null;
  return (erlangC(servers, erlangs) * ahtSec) / (servers - erlangs);
}

export interface StaffingInput {
  arrivalsPerHour: number;
  ahtSec: number;
  /** Contacts one agent works at once (1 for calls). */
  concurrency: number;
  thresholdSec: number;
  target: number;
}

/** The fewest agents whose slots (agents x concurrency) meet the target; 0 with no traffic. */
export function agentsNeeded(i: StaffingInput): number {
  const erlangs = (i.arrivalsPerHour / 3600) * i.ahtSec;
  if (erlangs <= 0) return 0;
  const c = Math.max(1, Math.floor(i.concurrency));
  for (let agents = Math.max(1, Math.ceil(erlangs / c)); agents < 100_000; agents++) {
    const sl = erlangServiceLevel(agents * c, erlangs, i.thresholdSec, i.ahtSec);
    if (sl !== null && sl >= i.target) return agents;
  }
  return 100_000;
}

/** "need 2 more for 80/20", "1 spare for 80/20", "on target for 80/20". */
export function staffingSummary(needed: number, online: number, target: number, thresholdSec: number): string {
  const label = `${Math.round(target * 100)}/${thresholdLabel(thresholdSec)}`;
  if (needed > online) return `need ${needed - online} more for ${label}`;
  if (needed < online) return `${online - needed} spare for ${label}`;
  return `on target for ${label}`;
}

/** 20 -> "20", 900 -> "15m", 14400 -> "4h": the T of "80/20" in the unit people say it in. */
export function thresholdLabel(sec: number): string {
  if (sec < 120) return `${sec}`;
  if (sec < 7200 || sec % 3600 !== 0) return `${Math.round(sec / 60)}m`;
  return `${sec / 3600}h`;
}
