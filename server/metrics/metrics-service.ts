import {
  AGENT_CAPACITY_UNITS,
  DEFAULT_CHANNEL_UNITS,
  STAFFING_HORIZON_MIN,
  can,
  isoToMicros,
  microsToIso,
  type Actor,
  type Channel,
  type Drilldown,
  type DrilldownQuery,
  type FloorAgents,
  type Intervals,
  type IntervalsQuery,
  type LiveMetrics,
  type LiveMetricsQuery,
  type MetricsSettings,
  type Presence,
  type PresenceState,
  type Staffing,
} from '../../shared/index.js';
import type { HistoryContact, MetricsPort } from '../domain.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { ulid } from '../storage/ids.js';
import { addSums, zeroSums, type Contact, type Sums } from './figures.js';
import { readAgents, readBacklog, readFcr, readQueueNames, readQueueUnits } from './floor-reads.js';
import { drillCsv, drillPick, drillRow, figuresRow, intervalsCsv, pairIntervals, slotSums, staffingRow } from './floor-views.js';
import { dayBoundsUs, intervalsOf, parseLocalDate, todayOf } from './intervals.js';
import { isoDate, addDays } from '../sla/zoned-time.js';
import type { LiveEngine } from './live-engine.js';
import { keyOf, splitKey } from './live-state.js';
import type { MetricsStore } from './metrics-store.js';
import { occupancyOf, onlineSeconds, type UnitsOf } from './occupancy.js';
import { withDefaults } from './settings.js';

/* The floor's reads and the lead's actions (the MetricsPort of server/domain.ts). */

export type { HistoryContact, MetricsPort };

const WINDOW_US = { '15m': 15 * 60_000_000, '1h': 60 * 60_000_000 } as const;
const DRILL_LIMIT = 1000;
const SIDE_TTL_MS = 2000;

export interface MetricsServiceOptions {
  engine: LiveEngine;
  store: MetricsStore;
  timeZone: string;
  nowMs: () => number;
  setPresence: (userId: string, state: PresenceState) => Promise<Presence>;
}

export class MetricsService implements MetricsPort {
  private sideAt = 0;
  private sideLoading: Promise<void> | null = null;
  private unitsOf: UnitsOf = (_q, ch) => DEFAULT_CHANNEL_UNITS[ch];

  constructor(private readonly o: MetricsServiceOptions) {}

  private get engine() {
    return this.o.engine;
  }
  private nowUs(): number {
    return this.o.nowMs() * 1000;
  }

  /** Backlog, FCR, CSAT, occupancy and queue names: read from the database at most every 2 s (one read at a time). */
  async refreshSide(force = false): Promise<void> {
    if (!force && this.o.nowMs() - this.sideAt < SIDE_TTL_MS) return;
    this.sideLoading ??= (async () => {
      const db = this.o.store.db;
      const now = this.nowUs();
      const dayStart = this.engine.state.dayStartUs;
      const [backlog, fcr, ratings, names, units, agents, spans] = await Promise.all([
        readBacklog(db, now),
        readFcr(db, dayStart),
        this.o.store.ratingsSince(dayStart),
        readQueueNames(db),
        readQueueUnits(db),
        readAgents(db),
        this.o.store.statesOverlapping(dayStart, now),
      ]);
      this.unitsOf = (q, ch) => (q ? units.get(q)?.[ch] : undefined) ?? DEFAULT_CHANNEL_UNITS[ch];
      const csat = new Map<string, { sum: number; n: number }>();
      for (const r of ratings) {
        const k = keyOf(r.queueId, r.channel as Channel);
        const c = csat.get(k) ?? { sum: 0, n: 0 };
        csat.set(k, { sum: c.sum + r.rating, n: c.n + 1 });
      }
      // Occupancy per queue today: its members' capacity-weighted handling over their online time.
      const busyOnline = new Map<string, { busy: number; online: number }>();
      for (const a of agents) {
        const busy = this.engine.state.agentWork(a.userId, now, this.unitsOf).busySec;
        const online = onlineSeconds(spans.filter((s) => s.userId === a.userId), dayStart, now);
        for (const q of a.queueIds) {
          const t = busyOnline.get(q) ?? { busy: 0, online: 0 };
          busyOnline.set(q, { busy: t.busy + busy, online: t.online + online });
        }
      }
      const occupancy = new Map([...busyOnline].map(([q, t]) => [q, occupancyOf(t.busy, t.online)]));
      this.engine.side = { backlog, fcr, csat, occupancy, queueNames: names };
      this.sideAt = this.o.nowMs();
    })().finally(() => (this.sideLoading = null));
    await this.sideLoading;
  }

  /** Side reads no older than 2 s, and fresh when a queue is not named yet (created since). */
  private async freshSide(): Promise<void> {
    await this.refreshSide();
    const names = this.engine.side.queueNames;
    if (this.engine.state.keys().some((k) => { const q = splitKey(k).queueId; return q !== null && !names.has(q); })) await this.refreshSide(true);
  }

  async live(q: LiveMetricsQuery): Promise<LiveMetrics> {
    await this.freshSide();
    const now = this.nowUs();
    const from = q.window === 'today' ? null : now - WINDOW_US[q.window];
    const keys = this.engine.state.keys().filter((k) => matches(k, q.queue, q.channel));
    // Queues with a backlog but no leg today still show.
    for (const k of this.engine.side.backlog.keys()) if (!keys.includes(k) && matches(k, q.queue, q.channel)) keys.push(k);
    const rows = keys.map((k) => figuresRow(k, this.engine.state.window(k, from, now), this.engine.state, this.engine.settings, this.engine.side)).sort((a, b) => a.queueName.localeCompare(b.queueName) || a.channel.localeCompare(b.channel));
    const oldest: Partial<Record<Channel, string>> = {};
    for (const r of rows) if (r.oldestWaitingSince && (!oldest[r.channel] || r.oldestWaitingSince < oldest[r.channel]!)) oldest[r.channel] = r.oldestWaitingSince;
    return { window: q.window, from: microsToIso(from ?? this.engine.state.dayStartUs), generatedAt: microsToIso(now), timeZone: this.o.timeZone, rows, oldestWaitingByChannel: oldest, version: this.engine.version };
  }

  async intervals(q: IntervalsQuery): Promise<Intervals> {
    const tz = this.o.timeZone;
    const date = q.date ? parseLocalDate(q.date) : todayOf(tz, this.o.nowMs());
    const lastWeek = addDays(date, -7);
    const [slots, lastSlots] = [intervalsOf(tz, date), intervalsOf(tz, lastWeek)];
    const queue = q.queue === undefined ? undefined : q.queue === 'none' ? null : q.queue;
    const now = this.nowUs();
    const read = async (s: typeof slots) => {
      const { startUs, endUs } = { startUs: s[0]!.startUs, endUs: s[s.length - 1]!.endUs };
      // Today's legs are in memory; other days come from the database.
      if (startUs === this.engine.state.dayStartUs) return this.todaySlots(queue, q.channel, s.length);
      return slotSums(await this.o.store.arrivedBetween(startUs, endUs, queue, q.channel), s, this.engine.rules, now);
    };
    const [todaySums, lastSums] = await Promise.all([read(slots), read(lastSlots)]);
    return { date: isoDate(date), lastWeekDate: isoDate(lastWeek), timeZone: tz, queueId: queue ?? null, intervals: pairIntervals(slots, todaySums, lastSlots, lastSums) };
  }

  async intervalsCsv(q: IntervalsQuery): Promise<string> {
    return intervalsCsv((await this.intervals(q)).intervals);
  }

  /** Today's slots from the live state's quarter-hour sums (today's legs are not held one by one). */
  private todaySlots(queue: string | null | undefined, channel: Channel | undefined, n: number): Sums[] {
    const out = Array.from({ length: n }, () => zeroSums());
    for (const k of this.engine.state.keys()) {
      const { queueId, channel: ch } = splitKey(k);
      if ((queue !== undefined && queueId !== queue) || (channel && ch !== channel)) continue;
      this.engine.state.slotSums(k).forEach((v, i) => i < n && addSums(out[i]!, v));
    }
    return out;
  }

  async staffing(): Promise<Staffing> {
    await this.freshSide();
    const now = this.nowUs();
    const agents = await readAgents(this.o.store.db);
    const rows = this.engine.state.keys().map((k) => {
      const { queueId, channel } = splitKey(k);
      const last30 = this.engine.state.window(k, now - 30 * 60_000_000, now);
      const today = this.engine.state.window(k, null, now);
      const units = this.unitsOf(queueId, channel);
      // Online agents who serve this queue (no queue: every online agent).
      const online = agents.filter((a) => a.state === 'online' && (queueId === null || a.queueIds.includes(queueId))).length;
      return staffingRow({ queueId, channel, offeredLast30: last30.offered, ahtSec: today.handled > 0 ? today.handleSumSec / today.handled : null, concurrency: Math.floor(AGENT_CAPACITY_UNITS / Math.max(1, units)), agentsOnline: online }, this.engine.settings, this.engine.side.queueNames);
    });
    return { generatedAt: microsToIso(now), horizonMin: STAFFING_HORIZON_MIN, rows: rows.filter((r) => r.arrivalsPerHour > 0 || r.agentsOnline > 0) };
  }

  async agents(q: { queue?: string | undefined }): Promise<FloorAgents> {
    await this.refreshSide();
    const now = this.nowUs();
    const dayStart = this.engine.state.dayStartUs;
    const spans = await this.o.store.statesOverlapping(dayStart, now);
    const rows = (await readAgents(this.o.store.db)).filter((a) => !q.queue || a.queueIds.includes(q.queue));
    return {
      agents: rows.map((a) => {
        const work = this.engine.state.agentWork(a.userId, now, this.unitsOf);
        const online = onlineSeconds(spans.filter((s) => s.userId === a.userId), dayStart, now);
        return {
          userId: a.userId,
          name: a.name,
          state: a.state,
          since: microsToIso(a.sinceUs ?? dayStart),
          queueIds: a.queueIds,
          held: a.held,
          heldUnits: a.heldUnits,
          capacityUnits: AGENT_CAPACITY_UNITS,
          occupancy: occupancyOf(work.busySec, online),
          handledToday: work.handledToday,
        };
      }),
    };
  }

  async drilldown(q: DrilldownQuery): Promise<Drilldown> {
    await this.freshSide();
    const now = this.nowUs();
    const pick = drillPick(q.metric, this.engine.rules);
    const names = this.engine.side.queueNames;
    let legs: Contact[] = [];
    if (pick) {
      const from = q.window === 'today' ? this.engine.state.dayStartUs : now - WINDOW_US[q.window];
      // Running legs from memory (the newest versions); finished ones of the window from the database.
      const byId = new Map<string, Contact>();
      if (q.metric !== 'waiting') {
        const queue = q.queue === undefined ? undefined : q.queue === 'none' ? null : q.queue;
        for (const c of await this.o.store.arrivedBetween(from, now + 1, queue, q.channel)) byId.set(c.id, c);
      }
      for (const k of this.engine.state.keys()) if (matches(k, q.queue, q.channel)) for (const c of this.engine.state.runningOf(k, () => true)) if (q.metric === 'waiting' || c.arrivedUs >= from) byId.set(c.id, c);
      legs = [...byId.values()].filter(pick).sort((a, b) => a.arrivedUs - b.arrivedUs);
    } else {
      legs = await this.backlogLegs(q, now);
    }
    const total = legs.length;
    const shown = legs.slice(0, DRILL_LIMIT);
    const customerIds = [...new Set(shown.map((c) => c.customerId).filter((x): x is string => x !== null))];
    const customers = new Map<string, string | null>();
    for (let i = 0; i < customerIds.length; i += 500) {
      for (const r of await this.o.store.db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', customerIds.slice(i, i + 500)).execute()) customers.set(r.id, r.display_name);
    }
    return { metric: q.metric, rows: shown.map((c) => drillRow(c, names, customers, this.engine.rules, now)), total, truncated: total > shown.length };
  }

  async drilldownCsv(q: DrilldownQuery): Promise<string> {
    return drillCsv((await this.drilldown(q)).rows);
  }

  /** Backlog figures are conversations: shown as their running legs (or the conversation alone). */
  private async backlogLegs(q: DrilldownQuery, nowUs: number): Promise<Contact[]> {
    const atRisk = 15 * 60_000_000;
    let sel = this.o.store.db.selectFrom('conversations').select(['id', 'customer_id', 'queue_id', 'channels', 'sla_due_us', 'waiting_since_us', 'created_at_us']).where('status', '=', 'open').where('waiting_since_us', 'is not', null);
    if (q.metric === 'backlog_breached') sel = sel.where('sla_due_us', '<=', nowUs);
    else if (q.metric === 'backlog_at_risk') sel = sel.where('sla_due_us', '>', nowUs).where('sla_due_us', '<=', nowUs + atRisk);
    else sel = sel.where('sla_due_us', '>', nowUs + atRisk);
    if (q.queue) sel = q.queue === 'none' ? sel.where('queue_id', 'is', null) : sel.where('queue_id', '=', q.queue);
    const rows = await sel.limit(DRILL_LIMIT * 2).execute();
    return rows
      .map((r): Contact => {
        const list = JSON.parse(r.channels) as Channel[];
        const open = this.engine.state.openLegOf(r.id);
        return open ?? { id: r.id, conversationId: r.id, callSid: null, customerId: r.customer_id, queueId: r.queue_id, channel: list[list.length - 1] ?? 'note', arrivedUs: Number(r.waiting_since_us ?? r.created_at_us), answeredUs: null, endedUs: null, outcome: 'waiting', agentId: null, handleSec: null, version: 0 };
      })
      .filter((c) => !q.channel || c.channel === q.channel);
  }

  settings(): MetricsSettings {
    return this.engine.settings;
  }

  async putSettings(actor: Actor, s: MetricsSettings): Promise<MetricsSettings> {
    const next = withDefaults(s);
    await this.o.store.writeSettings(JSON.stringify(next), actor.kind === 'user' ? actor.userId : 'system', this.nowUs());
    await this.engine.reloadSettings();
    return this.engine.settings;
  }

  /** A lead sets another agent's presence from the floor: also needs conversation.assign (moving someone's work). */
  async setAgentState(actor: Actor, userId: string, state: PresenceState): Promise<{ presence: Presence }> {
    if (!can(actor, 'conversation.assign')) throw new ForbiddenError('userId', "needs conversation.assign to change another agent's state");
    const user = await this.o.store.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new NotFoundError('userId', `no user with id "${userId}"`);
    return { presence: await this.o.setPresence(userId, state) };
  }

  /**
   * Past contacts (demo history): legs written and, for today, folded live. A contact naming its conversation
   * replaces that conversation's running leg (same id, next version): how the demo settles what it seeded.
   */
  async recordHistory(contacts: readonly HistoryContact[]): Promise<void> {
    const legs = contacts.map((h): Contact => {
      const running = h.conversationId ? this.engine.state.openLegOf(h.conversationId) : null;
      const arrivedUs = isoToMicros(h.arrivedAt) ?? this.nowUs();
      const answeredUs = h.answeredAt ? isoToMicros(h.answeredAt) : null;
      const abandonedUs = h.abandonedAt ? isoToMicros(h.abandonedAt) : null;
      const outcome: Contact['outcome'] = answeredUs !== null ? 'answered' : abandonedUs !== null ? 'abandoned' : 'waiting';
      const endedUs = answeredUs !== null ? answeredUs + Math.round(h.handleSec * 1e6) : abandonedUs;
      return { id: running?.id ?? `mc_${ulid()}`, conversationId: h.conversationId ?? null, callSid: null, customerId: h.customerId ?? null, queueId: h.queueId, channel: h.channel, arrivedUs, answeredUs, endedUs, outcome, agentId: h.agentId ?? null, handleSec: answeredUs !== null ? h.handleSec : null, version: (running?.version ?? 0) + 1 };
    });
    await this.engine.record(legs);
  }
}

function matches(key: string, queue: string | undefined, channel: Channel | undefined): boolean {
  const k = splitKey(key);
  if (queue !== undefined && (queue === 'none' ? k.queueId !== null : k.queueId !== queue)) return false;
  return !channel || k.channel === channel;
}

/** The hub's day boundaries in its zone, for callers outside (bench, demo). */
export function localDayBounds(timeZone: string, nowMs: number): { startUs: number; endUs: number; date: string } {
  const d = todayOf(timeZone, nowMs);
  return { ...dayBoundsUs(timeZone, d), date: isoDate(d) };
}
