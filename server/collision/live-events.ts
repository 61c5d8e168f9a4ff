import {
  CALL_MAX_HOURS,
  CONNECTED_CALL_STATUSES,
  EVENT_TYPE,
  EVENT_VOCABULARY,
  LIVE_CALL_TYPE_SUFFIXES,
  RINGING_CALL_STATUSES,
  VISIT_MAX_HOURS,
  classifyEventType,
  type LiveCall,
  type StoreVisitNow,
} from '../../shared/index.js';

/*
 * What the timeline says is happening now: a call not yet over, a store visit not yet ended. Types are
 * classified with the shared vocabulary (shared/event-types.ts), never matched as loose strings.
 */

/** One stored event as the readers need it, newest first per customer. */
export interface LiveEventRow {
  type: string;
  occurredAtUs: number;
  data: Record<string, unknown>;
}

const HOUR_US = 3_600_000_000;
/** How far back the readers look (the longest of the two staleness caps). */
export const LIVE_WINDOW_US = Math.max(CALL_MAX_HOURS, VISIT_MAX_HOURS) * HOUR_US;
/** Timeline channels the readers need: calls and store check-ins/outs. */
export const LIVE_CHANNELS = ['phone', 'store'] as const;

/** Every type the vocabulary files as leaving a store (the counter's "End visit" is one of them). */
const STORE_EXIT_TYPES: ReadonlySet<string> = new Set(Object.entries(EVENT_VOCABULARY).flatMap(([type, e]) => (e.category === 'store_exit' ? [type] : [])));

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The newest call of these rows when it is still going on (ringing or connected) and not older than CALL_MAX_HOURS. */
export function liveCall(rows: readonly LiveEventRow[], nowUs: number, agentName: (raw: string) => string | null): LiveCall | null {
  const newest = rows.find((r) => classifyEventType(r.type).category === 'call');
  if (!newest) return null;
  const steps = Array.isArray(newest.data['statuses']) ? (newest.data['statuses'] as unknown[]).flatMap((s) => (s && typeof s === 'object' ? [s as Record<string, unknown>] : [])) : [];
  const state = callState(newest);
  if (!state) return null;
  const stepAt = (set: ReadonlySet<string>) => steps.map((s) => (set.has(String(s['status']).toLowerCase()) ? text(s['at']) : undefined)).find((at) => at !== undefined);
  const lastAt = steps.map((s) => text(s['at'])).filter((at): at is string => at !== undefined && !Number.isNaN(Date.parse(at))).sort().at(-1);
  const lastUs = Math.max(newest.occurredAtUs, lastAt ? Date.parse(lastAt) * 1000 : 0);
  // A call whose end callback never came: after CALL_MAX_HOURS it is no longer "on a call".
  if (nowUs - lastUs > CALL_MAX_HOURS * HOUR_US) return null;
  const answeredAt = state === 'connected' ? Date.parse(stepAt(CONNECTED_CALL_STATUSES) ?? '') : Number.NaN;
  const sinceMs = Number.isNaN(answeredAt) ? Math.floor(newest.occurredAtUs / 1000) : answeredAt;
  const direction = text(newest.data['direction']) ?? classifyEventType(newest.type).direction;
  const agent = text(newest.data['agent']);
  return {
    state,
    direction: direction === 'inbound' || direction === 'outbound' ? direction : null,
    agentName: agent ? agentName(agent) : null,
    since: new Date(sinceMs).toISOString(),
  };
}

/** Ringing / connected from data.status (Twilio), else from a generic `call.<state>` type; null when the call is over. */
function callState(row: LiveEventRow): LiveCall['state'] | null {
  const status = text(row.data['status'])?.toLowerCase();
  if (status !== undefined) {
    if (RINGING_CALL_STATUSES.has(status)) return 'ringing';
    if (CONNECTED_CALL_STATUSES.has(status)) return 'connected';
    return null;
  }
  if (row.type === EVENT_TYPE.callInbound || row.type === EVENT_TYPE.callOutbound) return null;
  const suffix = row.type.slice(row.type.indexOf('.') + 1);
  if (!LIVE_CALL_TYPE_SUFFIXES.has(suffix)) return null;
  return suffix === 'ringing' ? 'ringing' : 'connected';
}

/** In a store now: the newest check-in or exit is a check-in, not older than VISIT_MAX_HOURS. */
export function storeVisitNow(rows: readonly LiveEventRow[], nowUs: number): StoreVisitNow | null {
  const newest = rows.find((r) => r.type === EVENT_TYPE.storeCheckIn || STORE_EXIT_TYPES.has(r.type));
  if (!newest || newest.type !== EVENT_TYPE.storeCheckIn) return null;
  if (nowUs - newest.occurredAtUs > VISIT_MAX_HOURS * HOUR_US) return null;
  return { storeName: text(newest.data['storeName']) ?? null, since: new Date(Math.floor(newest.occurredAtUs / 1000)).toISOString() };
}
