import { DEFAULT_CHANNEL_UNITS, type Channel } from '../../shared/index.js';
import type { AgentStateSpan } from './metrics-store.js';

/*
 * Occupancy = handling time / logged-in available time (docs/metrics.md). Handling time counts each
 * answered leg from answer to end (or now) weighted by its share of the agent's capacity (a chat at 33
 * units is a third of an agent), so three parallel chats make one busy agent: kept per agent by the live
 * state (LiveState.agentWork). Available = time online.
 */

export type UnitsOf = (queueId: string | null, channel: Channel) => number;
export const defaultUnits: UnitsOf = (_q, ch) => DEFAULT_CHANNEL_UNITS[ch];

const overlapUs = (a0: number, a1: number, b0: number, b1: number): number => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/** Online seconds of one agent's spans inside [fromUs, toUs]. */
export function onlineSeconds(spans: readonly AgentStateSpan[], fromUs: number, toUs: number): number {
  let us = 0;
  for (const s of spans) if (s.state === 'online') us += overlapUs(s.fromUs, s.toUs ?? toUs, fromUs, toUs);
  return us / 1e6;
}

/** busy / online, at most 1 (work finished while away still counts as handled, not as over 100%); null with no online time. */
export function occupancyOf(busy: number, online: number): number | null {
  return online > 0 ? Math.min(1, busy / online) : null;
}
