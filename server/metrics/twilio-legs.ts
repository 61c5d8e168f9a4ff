import type { Contact } from './figures.js';

/*
 * Voice legs from Twilio's queue callbacks (<Enqueue action> / waitUrl, carried by the signed voice
 * webhook as `call.queue` items): QueueTime says how long the caller waited, QueueResult how it ended
 * (bridged = answered, hangup = abandoned, redirected / leave = moved on). The call's own completed
 * status callback ends the talk; wrap-up (reported, else the lead's after-call work time) ends the handling.
 */

export interface QueueCallback {
  callSid: string;
  customerId: string | null;
  queueId: string | null;
  /** Twilio QueueResult; absent while the caller still waits (waitUrl / enqueue). */
  result: string | null;
  queueTimeSec: number;
  /** When Twilio sent the callback (µs). */
  atUs: number;
}

const ANSWERED = new Set(['bridged', 'bridging']);
const MOVED_ON = new Set(['redirected', 'leave', 'error', 'system-error']);

/** The leg changed or started by one queue callback; null when it changes nothing. */
export function legFromQueueCallback(cb: QueueCallback, open: Contact | null, newId: () => string): Contact | null {
  const arrivedUs = Math.round(cb.atUs - cb.queueTimeSec * 1e6);
  // Decided already: a retry, a late waitUrl or the merged item re-read changes nothing.
  if (open && open.queueId === cb.queueId && open.outcome !== 'waiting') return null;
  const leg: Contact =
    open && open.queueId === cb.queueId && open.outcome === 'waiting'
      ? { ...open, version: open.version + 1 }
      : { id: newId(), conversationId: null, callSid: cb.callSid, customerId: cb.customerId, queueId: cb.queueId, channel: 'phone', arrivedUs, answeredUs: null, endedUs: null, outcome: 'waiting', agentId: null, handleSec: null, version: 1 };
  const endUs = leg.arrivedUs + Math.round(cb.queueTimeSec * 1e6);
  if (cb.result === null) return open && open.answeredUs === null && open.endedUs === null ? null : leg;
  const r = cb.result.toLowerCase();
  if (ANSWERED.has(r)) return { ...leg, outcome: 'answered', answeredUs: endUs };
  if (MOVED_ON.has(r)) return { ...leg, outcome: 'transferred', endedUs: endUs };
  // hangup, queue-full and anything else unknown: the caller did not get an agent.
  return { ...leg, outcome: 'abandoned', endedUs: endUs };
}

/**
 * The call completed: talk + hold run from the answer to completion, then wrap-up (after-call work) follows;
 * the leg's handling ends when the wrap-up does, so the agent's occupancy counts it too.
 */
export function legFromCallCompleted(open: Contact | null, atUs: number, wrapUpSec: number): Contact | null {
  if (!open || open.answeredUs === null || open.endedUs !== null) return null;
  const wrapUs = Math.round(Math.max(0, wrapUpSec) * 1e6);
  return { ...open, endedUs: Math.max(atUs, open.answeredUs) + wrapUs, handleSec: Math.max(0, (atUs - open.answeredUs) / 1e6) + wrapUs / 1e6, version: open.version + 1 };
}
