import { microsToIso, type Backlog, type Channel, type DrillMetric, type DrillRow, type IntervalFigures, type MetricsSettings, type QueueFigures, type StaffingRow } from '../../shared/index.js';
import { agentsNeeded, erlangAsa, erlangServiceLevel, staffingSummary } from './erlang.js';
import { addSums, contribution, intervalFigures, rates, withinT, zeroSums, type Contact, type Rules, type Sums } from './figures.js';
import { slotIndex, type IntervalSlot } from './intervals.js';
import { splitKey, type LiveState } from './live-state.js';
import { rulesOf } from './settings.js';

/* Response objects built from the live state and the cached side reads (pure: the service passes everything in). */

export interface SideReads {
  backlog: Map<string, Backlog>;
  fcr: Map<string, { first: number; solved: number }>;
  csat: Map<string, { sum: number; n: number }>;
  /** Queue id ('' = none) -> occupancy of its members. */
  occupancy: Map<string, number | null>;
  queueNames: Map<string, string>;
}

export const queueName = (names: Map<string, string>, id: string | null): string => (id === null ? 'No queue' : (names.get(id) ?? 'Removed queue'));

export function figuresRow(key: string, sums: Sums, state: LiveState, settings: MetricsSettings, side: SideReads): QueueFigures {
  const { queueId, channel } = splitKey(key);
  const rules = rulesOf(settings, queueId, channel);
  const r = rates(sums);
  const w = state.waitingOf(key);
  const fcr = side.fcr.get(key);
  const csat = side.csat.get(key);
  return {
    queueId,
    queueName: queueName(side.queueNames, queueId),
    channel,
    offered: sums.offered,
    answered: sums.answered,
    abandoned: sums.abandoned,
    shortAbandoned: sums.shortAbandoned,
    answeredWithinT: sums.answeredWithinT,
    waitingWithinT: sums.waitingWithinT,
    serviceLevel: r.serviceLevel,
    thresholdSec: rules.thresholdSec,
    target: rules.target,
    asaSec: r.asaSec,
    ahtSec: r.ahtSec,
    abandonmentRate: r.abandonmentRate,
    occupancy: side.occupancy.get(queueId ?? '') ?? null,
    waiting: w.count,
    oldestWaitingSince: w.oldestUs === null ? null : microsToIso(w.oldestUs),
    backlog: side.backlog.get(key) ?? { onTrack: 0, atRisk: 0, breached: 0 },
    fcr: fcr && fcr.solved > 0 ? fcr.first / fcr.solved : null,
    fcrSample: fcr?.solved ?? 0,
    csat: csat && csat.n > 0 ? csat.sum / csat.n : null,
    csatCount: csat?.n ?? 0,
  };
}

/** T, short abandons and (email) the queue's calendar per queue x channel: the live engine's `rules`. */
export type RulesFor = (queueId: string | null, channel: Channel) => Rules;

/** Sums per 15-minute slot of legs (arrival slot), one vector per slot. */
export function slotSums(legs: readonly Contact[], slots: readonly IntervalSlot[], rulesFor: RulesFor, nowUs: number): Sums[] {
  const out = slots.map(() => zeroSums());
  for (const c of legs) {
    const i = slotIndex(slots, c.arrivedUs);
    if (i >= 0) addSums(out[i]!, contribution(c, rulesFor(c.queueId, c.channel), nowUs));
  }
  return out;
}

export function pairIntervals(today: readonly IntervalSlot[], todaySums: readonly Sums[], lastWeek: readonly IntervalSlot[], lastWeekSums: readonly Sums[]) {
  const byLabel = new Map(lastWeek.map((s, i) => [`${s.label}#${s.occurrence}`, i]));
  return today.map((s, i) => {
    const j = byLabel.get(`${s.label}#${s.occurrence}`);
    return { start: microsToIso(s.startUs), label: s.label, today: intervalFigures(todaySums[i]!), lastWeek: intervalFigures(j === undefined ? zeroSums() : lastWeekSums[j]!) };
  });
}

export function intervalsCsv(rows: readonly { start: string; label: string; today: IntervalFigures; lastWeek: IntervalFigures }[]): string {
  const cols = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'answeredWithinT', 'serviceLevel', 'asaSec', 'ahtSec'] as const;
  const head = ['interval_start', 'local_time', ...cols.map((c) => `today_${c}`), ...cols.map((c) => `last_week_${c}`)];
  const fmt = (v: number | null) => (v === null ? '' : Number.isInteger(v) ? String(v) : v.toFixed(3));
  return [head.join(','), ...rows.map((r) => [r.start, r.label, ...cols.map((c) => fmt(r.today[c])), ...cols.map((c) => fmt(r.lastWeek[c]))].join(','))].join('\r\n') + '\r\n';
}

/** Which legs a drill-down figure is made of (the same rules as the vector that counted them). */
export function drillPick(metric: DrillMetric, rulesFor: RulesFor): ((c: Contact) => boolean) | null {
  const waited = (c: Contact) => ((c.answeredUs ?? c.endedUs ?? c.arrivedUs) - c.arrivedUs) / 1e6;
  const rules = (c: Contact) => rulesFor(c.queueId, c.channel);
  switch (metric) {
    case 'offered':
      return (c) => c.outcome !== 'transferred' && !(c.outcome === 'abandoned' && waited(c) < rules(c).shortAbandonSec);
    case 'answered':
      return (c) => c.answeredUs !== null;
    case 'answered_within_t':
      return (c) => c.answeredUs !== null && withinT(c.arrivedUs, c.answeredUs, rules(c));
    case 'abandoned':
      return (c) => c.outcome === 'abandoned' && waited(c) >= rules(c).shortAbandonSec;
    case 'short_abandoned':
      return (c) => c.outcome === 'abandoned' && waited(c) < rules(c).shortAbandonSec;
    case 'waiting':
      return (c) => c.outcome === 'waiting';
    default:
      return null; // backlog figures come from conversations, not legs
  }
}

export function drillRow(c: Contact, names: Map<string, string>, customerNames: Map<string, string | null>, rulesFor: RulesFor, nowUs: number): DrillRow {
  const waitedUs = (c.answeredUs ?? (c.outcome === 'waiting' ? nowUs : (c.endedUs ?? nowUs))) - c.arrivedUs;
  const short = c.outcome === 'abandoned' && waitedUs / 1e6 < rulesFor(c.queueId, c.channel).shortAbandonSec;
  return {
    contactId: c.id,
    conversationId: c.conversationId,
    customerId: c.customerId,
    customerName: c.customerId ? (customerNames.get(c.customerId) ?? null) : null,
    channel: c.channel,
    queueId: c.queueId,
    queueName: queueName(names, c.queueId),
    arrivedAt: microsToIso(c.arrivedUs),
    answeredAt: c.answeredUs === null ? null : microsToIso(c.answeredUs),
    endedAt: c.endedUs === null ? null : microsToIso(c.endedUs),
    waitSec: Math.round(waitedUs / 1e5) / 10,
    outcome: c.outcome === 'transferred' ? 'answered' : short ? 'short_abandoned' : c.outcome,
  };
}

export function drillCsv(rows: readonly DrillRow[]): string {
  const esc = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
  };
  const head = ['contact', 'conversation', 'customer', 'channel', 'queue', 'arrived_at', 'answered_at', 'ended_at', 'wait_sec', 'outcome'];
  return [head.join(','), ...rows.map((r) => [r.contactId, r.conversationId, r.customerName, r.channel, r.queueName, r.arrivedAt, r.answeredAt, r.endedAt, r.waitSec, r.outcome].map(esc).join(','))].join('\r\n') + '\r\n';
}

export interface StaffingInputRow {
  queueId: string | null;
  channel: Channel;
  /** Offered in the last 30 minutes. */
  offeredLast30: number;
  ahtSec: number | null;
  concurrency: number;
  agentsOnline: number;
}

export function staffingRow(i: StaffingInputRow, settings: MetricsSettings, names: Map<string, string>): StaffingRow {
  const rules = rulesOf(settings, i.queueId, i.channel);
  const arrivalsPerHour = i.offeredLast30 * 2;
  const aht = i.ahtSec ?? rules.thresholdSec; // no handled contact yet today: assume one T of work, stated in docs
  const c = Math.max(1, Math.floor(i.concurrency));
  const erlangs = (arrivalsPerHour / 3600) * aht;
  const needed = agentsNeeded({ arrivalsPerHour, ahtSec: aht, concurrency: c, thresholdSec: rules.thresholdSec, target: rules.target });
  const servers = i.agentsOnline * c;
  return {
    queueId: i.queueId,
    queueName: queueName(names, i.queueId),
    channel: i.channel,
    arrivalsPerHour,
    ahtSec: i.ahtSec,
    concurrency: c,
    thresholdSec: rules.thresholdSec,
    target: rules.target,
    erlangs: erlangs / c,
    agentsNeeded: needed,
    agentsOnline: i.agentsOnline,
    gap: needed - i.agentsOnline,
    predictedServiceLevel: servers > 0 ? erlangServiceLevel(servers, erlangs, rules.thresholdSec, aht) : erlangs > 0 ? null : 1,
    predictedAsaSec: servers > 0 ? erlangAsa(servers, erlangs, aht) : erlangs > 0 ? null : 0,
    summary: staffingSummary(needed, i.agentsOnline, rules.target, rules.thresholdSec),
  };
}
