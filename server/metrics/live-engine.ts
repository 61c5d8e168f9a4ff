import { EVENT_TYPE, isoToMicros, roleCan, type Conversation, type MetricsSettings, type MetricsUpdatedEvent, type Role, type TimelineItem, microsToIso } from '../../shared/index.js';
import type { BusinessCalendar } from '../../shared/sla.js';
import type { DomainEventBus } from '../events/bus.js';
import { ulid } from '../storage/ids.js';
import type { Contact, Rules } from './figures.js';
import { figuresRow, type SideReads } from './floor-views.js';
import { dayBoundsUs, todayOf } from './intervals.js';
import { legTransitions } from './legs.js';
import { keyOf, LiveState, splitKey } from './live-state.js';
import type { MetricsStore } from './metrics-store.js';
import { rulesOf, settingsFrom } from './settings.js';
import { legFromCallCompleted, legFromQueueCallback } from './twilio-legs.js';

/*
 * Keeps the live state current on this hub and pushes changes: facts of the local bus (conversations,
 * Twilio queue callbacks, presence, ratings) become legs, written to the database and folded at once;
 * the legs other hubs wrote arrive through the change feed (`metrics_contacts.changed_us`), polled every
 * tick and folded idempotently by version. The hub that folded a fact first pushes `metrics:updated`
 * (through the socket.io adapter, so every hub's leads hear it); the others only fold. A change no fact
 * caused (a waiting contact passing T) is seen by every hub's clock: the hub that claims it first in the
 * database (`metrics_push_claims`) pushes it, so a lead hears each change once.
 */

export interface EngineOptions {
  store: MetricsStore;
  events: DomainEventBus;
  timeZone: string;
  nowMs: () => number;
  onError: (err: unknown) => void;
  /** Push delay: facts within it go out as one push. */
  pushDelayMs?: number;
  /** A queue's business-hours calendar (server/sla, read only): email's T counts business time on it. */
  calendarFor?: (queueId: string | null) => BusinessCalendar | null;
}

const FEED_OVERLAP_US = 5_000_000;

export class LiveEngine {
  settings: MetricsSettings = settingsFrom(null);
  state: LiveState;
  side: SideReads = { backlog: new Map(), fcr: new Map(), csat: new Map(), occupancy: new Map(), queueNames: new Map() };
  version = 0;
  private dayEndUs = 0;
  private feedFromUs = 0;
  private dirty = new Set<string | null>();
  private newestEventUs = 0;
  private pushTimer: NodeJS.Timeout | null = null;
  private leadIds: { at: number; ids: string[] } = { at: 0, ids: [] };
  private stopBus: (() => void) | null = null;
  /** Called after a push was published (bench, tests). */
  onPushed: ((e: MetricsUpdatedEvent) => void) | null = null;

  private calendarsSeen = '';
  private claimsForgottenUs = 0;

  constructor(private readonly o: EngineOptions) {
    this.state = new LiveState(this.rules, 0);
  }

  /** T, short abandons and (email) the queue's calendar for one queue x channel: what every vector is folded with. */
  rules = (queueId: string | null, channel: Contact['channel']): Rules => ({ ...rulesOf(this.settings, queueId, channel), calendar: channel === 'email' ? (this.o.calendarFor?.(queueId) ?? null) : null });

  /** Which calendars the email legs held are judged on (a change refolds). */
  private calendarsKey(): string {
    if (!this.o.calendarFor) return '';
    const queues = [...new Set(this.state.keys().filter((k) => splitKey(k).channel === 'email').map((k) => splitKey(k).queueId))];
    return JSON.stringify(queues.map((q) => [q, this.o.calendarFor!(q)]));
  }

  private nowUs(): number {
    return this.o.nowMs() * 1000;
  }

  async start(): Promise<void> {
    this.settings = settingsFrom(await this.o.store.readSettings());
    const { startUs, endUs } = dayBoundsUs(this.o.timeZone, todayOf(this.o.timeZone, this.o.nowMs()));
    this.state.dayStartUs = startUs;
    this.dayEndUs = endUs;
    this.feedFromUs = this.nowUs() - FEED_OVERLAP_US;
    for await (const page of this.o.store.todayPages(startUs)) {
      const now = this.nowUs();
      // Only a leg written since the feed's start can come again through it: the others need not be held.
      for (const { c, changedUs } of page) this.state.applyLoaded(c, now, changedUs >= this.feedFromUs);
    }
    this.calendarsSeen = this.calendarsKey();
    this.stopBus = this.o.events.subscribe('metrics', {
      'conversation.updated': ({ conversations }) => this.onConversations(conversations),
      'event.created': ({ items }) => this.onItems(items),
      'event.updated': ({ items }) => this.onItems(items),
      'presence.changed': ({ presence }) => this.o.store.recordState(presence.userId, presence.state, isoToMicros(presence.since) ?? this.nowUs()),
    });
  }

  stop(): void {
    this.stopBus?.();
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
  }

  /** Legs from conversation changes (chat, SMS, email, …): stored, folded, pushed. */
  async onConversations(conversations: readonly Conversation[]): Promise<void> {
    const now = this.nowUs();
    const changed: Contact[] = [];
    for (const conv of conversations) {
      const legs = legTransitions(
        {
          id: conv.id,
          customerId: conv.customerId,
          status: conv.status,
          queueId: conv.queueId,
          assigneeId: conv.assigneeId,
          channel: conv.channels[conv.channels.length - 1] ?? 'note',
          createdUs: isoToMicros(conv.createdAt) ?? now,
          firstResponseUs: conv.firstResponseAt ? isoToMicros(conv.firstResponseAt) : null,
        },
        { open: this.state.openLegOf(conv.id), hadLegs: this.state.hadLegs(conv.id), nowUs: now, newId: () => `mc_${ulid()}` },
      );
      for (const leg of legs) if (this.state.apply(leg, now)) changed.push(leg);
    }
    await this.commit(changed, now);
  }

  /** Twilio queue callbacks and completed calls (voice legs), and satisfaction ratings. */
  async onItems(items: readonly TimelineItem[]): Promise<void> {
    const now = this.nowUs();
    const changed: Contact[] = [];
    for (const it of items) {
      const d = it.data;
      const atUs = isoToMicros(it.occurredAt) ?? now;
      if (it.type === EVENT_TYPE.callQueue && typeof d['callSid'] === 'string') {
        const leg = legFromQueueCallback(
          { callSid: d['callSid'], customerId: it.customerId, queueId: typeof d['queueId'] === 'string' ? d['queueId'] : null, result: typeof d['queueResult'] === 'string' ? d['queueResult'] : null, queueTimeSec: Number(d['queueTimeSec'] ?? 0) || 0, atUs },
          this.state.latestCallLeg(d['callSid']),
          () => `mc_${ulid()}`,
        );
        if (leg && this.state.apply(leg, now)) changed.push(leg);
      } else if (it.type === EVENT_TYPE.callInbound && d['status'] === 'completed' && typeof d['callSid'] === 'string') {
        // An upserted call keeps its first occurredAt: the completed step carries when it completed.
        const steps = Array.isArray(d['statuses']) ? (d['statuses'] as { status?: unknown; at?: unknown }[]) : [];
        const done = steps.find((x) => x?.status === 'completed' && typeof x.at === 'string');
        const endUs = (done ? isoToMicros(done.at as string) : null) ?? atUs;
        // Wrap-up: as reported with the call (`wrapUpSec`), else the lead's after-call work time (docs/metrics.md, AHT).
        const reported = Number(d['wrapUpSec']);
        const wrapUpSec = Number.isFinite(reported) && reported >= 0 ? reported : (this.settings.afterCallWorkSec ?? 0);
        const leg = legFromCallCompleted(this.state.latestCallLeg(d['callSid']), endUs, wrapUpSec);
        if (leg && this.state.apply(leg, now)) changed.push(leg);
      } else if (it.type === EVENT_TYPE.csatRating) {
        const rating = Number(d['rating']);
        if (Number.isInteger(rating) && rating >= 1 && rating <= 5) {
          await this.o.store.addRating({ eventId: it.id, conversationId: typeof d['conversationId'] === 'string' ? d['conversationId'] : null, customerId: it.customerId, queueId: typeof d['queueId'] === 'string' ? d['queueId'] : null, channel: typeof d['ratedChannel'] === 'string' ? d['ratedChannel'] : it.channel, rating, atUs });
        }
      }
    }
    await this.commit(changed, now);
  }

  /** Past legs (demo history, imports): stored and, when they arrived today, folded. */
  async record(legs: readonly Contact[]): Promise<void> {
    const now = this.nowUs();
    const changed = legs.filter((l) => this.state.apply(l, now));
    await this.commit(changed, now);
  }

  private async commit(changed: readonly Contact[], nowUs: number): Promise<void> {
    if (changed.length === 0) return;
    await this.o.store.save(changed, nowUs);
    for (const c of changed) this.dirty.add(c.queueId);
    this.newestEventUs = Math.max(this.newestEventUs, nowUs);
    this.schedulePush();
  }

  private schedulePush(): void {
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.push().catch(this.o.onError);
    }, this.o.pushDelayMs ?? 100);
  }

  /** One `metrics:updated` with the 15-minute rows of the queues that changed. */
  async push(): Promise<MetricsUpdatedEvent | null> {
    if (this.dirty.size === 0) return null;
    const queues = [...this.dirty];
    this.dirty.clear();
    const event = this.changedRows(queues);
    const userIds = await this.leads();
    if (userIds.length > 0) this.o.events.publish('metrics.updated', { userIds, event });
    this.onPushed?.(event);
    return event;
  }

  /** The payload for these queues, all channels, 15-minute window (what a push costs in hub time). */
  changedRows(queues: readonly (string | null)[]): MetricsUpdatedEvent {
    const now = this.nowUs();
    const wanted = new Set(queues.map((q) => q ?? ''));
    const rows = this.state
      .keys()
      .filter((k) => wanted.has(splitKey(k).queueId ?? ''))
      .map((k) => figuresRow(k, this.state.window(k, now - 15 * 60_000_000, now), this.state, this.settings, this.side));
    this.version++;
    return { queueIds: [...queues], rows, eventAt: microsToIso(this.newestEventUs || now), version: this.version };
  }

  /** Once a second: a new day, the other hubs' legs, waiting legs passing T, settings changed elsewhere. */
  async tick(): Promise<void> {
    const now = this.nowUs();
    if (now >= this.dayEndUs) {
      const { startUs, endUs } = dayBoundsUs(this.o.timeZone, todayOf(this.o.timeZone, this.o.nowMs()));
      this.dayEndUs = endUs;
      this.state.rollDay(startUs, now);
    }
    const since = this.feedFromUs;
    this.feedFromUs = now - FEED_OVERLAP_US;
    for await (const page of this.o.store.changedSince(since)) {
      const missing = page.filter((r) => !this.state.holds(r.id, r.version, now)).map((r) => r.id);
      if (missing.length > 0) for (const c of await this.o.store.byIds(missing)) this.state.apply(c, now);
    }
    // Waiting contacts that just passed T change service level with no fact behind them: every hub folds the
    // crossing, and the hub that claims it first pushes it (one push per change across hubs).
    const crossed = this.state.tickLegs(now);
    if (crossed.size > 0) {
      const won = new Set(await this.o.store.claimPushes([...crossed.keys()].map((id) => `cross:${id}`), now));
      let any = false;
      for (const [id, k] of crossed) {
        if (!won.has(`cross:${id}`)) continue;
        this.dirty.add(splitKey(k).queueId);
        any = true;
      }
      if (any) {
        this.newestEventUs = Math.max(this.newestEventUs, now);
        this.schedulePush();
      }
    }
    if (now - this.claimsForgottenUs > 3600_000_000) {
      this.claimsForgottenUs = now;
      await this.o.store.forgetClaims(now - 86_400_000_000);
    }
  }

  /** Settings changed (here or on another hub) or a queue's calendar did: every vector again, from today's legs in the database. */
  async reloadSettings(): Promise<void> {
    const next = settingsFrom(await this.o.store.readSettings());
    const calendars = this.calendarsKey();
    if (JSON.stringify(next) === JSON.stringify(this.settings) && calendars === this.calendarsSeen) return;
    this.settings = next;
    this.calendarsSeen = calendars;
    // Built aside and swapped: reads meanwhile see the old figures; legs folded meanwhile come again through the feed.
    // The next feed read starts from before the rebuild, so a leg written while it ran is folded into the new state.
    const from = Math.min(this.feedFromUs, this.nowUs() - FEED_OVERLAP_US);
    const fresh = new LiveState(this.rules, this.state.dayStartUs);
    for await (const page of this.o.store.todayPages(this.state.dayStartUs)) {
      const now = this.nowUs();
      for (const { c, changedUs } of page) fresh.apply(c, now, changedUs >= from);
    }
    this.state = fresh;
    this.feedFromUs = Math.min(this.feedFromUs, from);
  }

  /** Signed-in users who may see the floor: their user rooms hear the push (cached 2 s, so a new lead hears the next push). */
  private async leads(): Promise<string[]> {
    if (this.o.nowMs() - this.leadIds.at < 2_000) return this.leadIds.ids;
    const users = await this.o.store.db.selectFrom('users').select(['id', 'role']).where('active', '=', 1).execute();
    this.leadIds = { at: this.o.nowMs(), ids: users.filter((u) => roleCan(u.role as Role, 'dashboard.view')).map((u) => u.id) };
    return this.leadIds.ids;
  }

  keyOf = keyOf;
}
