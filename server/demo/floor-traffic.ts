import { ConversationListQuerySchema, systemActor, type Channel, type IngestEvent, type Priority } from '../../shared/index.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import type { CustomerQueries, IngestService } from '../domain.js';
import type { DomainEvents } from '../events/bus.js';
import type { PresenceService } from '../presence/presence-service.js';
import type { RoutingService } from '../routing/routing-service.js';
import { CHANNEL_MIX, dayShape, dayStarts, historyDay, seededRandom, type FloorQueue, type HistoryContact } from './floor-history.js';
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, identityAt } from './generator.js';
import { DEMO_PERSONAS } from './personas.js';

/*
 * The demo floor moving (issue 13): contacts arrive in the demo queues through the day (an inbound chat,
 * text or email, ingested like any connector's, then put in its queue), the demo agents are kept online
 * and accept what routing offers them after a human pause, work it for a while and solve it; some chat
 * customers give up before anyone answers. Everything goes through the services (ingest, conversations,
 * routing, presence), so the floor, the inbox and the metrics see the same facts as with real people.
 * At start the past is filled in once (today so far and the same weekday last week) via the metrics
 * service, so the interval chart has data at once.
 */

const actor = systemActor('demo');

export interface FloorTrafficDeps {
  ingest: IngestService;
  customers: Pick<CustomerQueries, 'search'>;
  conversations: Pick<ConversationService, 'list' | 'get' | 'update'>;
  routing: Pick<RoutingService, 'acceptOffer' | 'kick'>;
  presence: Pick<PresenceService, 'setFor' | 'list'>;
  events: Pick<DomainEvents, 'subscribe'>;
  /** The metrics service's history entry (absent: no history, live traffic only). */
  metrics?: { recordHistory(contacts: HistoryContact[]): Promise<void>; hasHistoryOn?(day: Date): Promise<boolean> };
  queues: readonly (FloorQueue & { name: string })[];
  agents: readonly { id: string; name: string }[];
  /** Runs once after the history is filled in: settling the seeded conversations (seed-settle.ts). */
  settle?: (startedAt: Date) => Promise<void>;
}

export interface FloorTrafficOptions {
  /** Floor-wide arrivals per hour at the busiest time of day; default 90. */
  peakPerHour?: number;
  /** Arrivals never drop below this share of the peak (a demo at night still moves); default 0.35. */
  minShare?: number;
  /** Scales every pause (offer answer, handle time, patience, breaks); tests use a small factor. Default 1. */
  timeScale?: number;
  /** Fill in today and last week's same weekday; default true. */
  history?: boolean;
  seed?: number;
  customers?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface FloorTraffic {
  stop(): Promise<void>;
  /** Contacts put in a queue so far (tests). */
  readonly arrivals: number;
  readonly accepted: number;
  readonly solved: number;
  readonly abandoned: number;
}

/** How often new conversations in no queue are looked for (and how old they must be: ours are queued by then). */
const ADOPT_EVERY_MS = 1_000;
/** Heartbeat for the demo agents: presence turns silent users away after 12 s by default. */
const PRESENCE_EVERY_MS = 5_000;

export function startFloorTraffic(deps: FloorTrafficDeps, opts: FloorTrafficOptions = {}): FloorTraffic {
  const peak = opts.peakPerHour ?? 90;
  const minShare = opts.minShare ?? 0.35;
  const scale = opts.timeScale ?? 1;
  const seed = opts.seed ?? DEFAULT_SEED;
  const customers = opts.customers ?? DEFAULT_CUSTOMERS;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((line: string) => console.warn(line));
  const random = seededRandom(Date.now() % 2_147_483_647);
  const runId = Date.now().toString(36);
  const timers = new Set<NodeJS.Timeout>();
  const pending = new Set<Promise<unknown>>();
  const agentIds = new Set(deps.agents.map((a) => a.id));
  const queueIds = new Set(deps.queues.map((q) => q.id));
  /** What the demo wants each agent to be; a lead's change on the floor wins (read back from presence). */
  const wanted = new Map(deps.agents.map((a) => [a.id, 'online' as 'online' | 'away' | 'offline']));
  const onBreakUntil = new Map<string, number>();
  const startedAt = Date.now();
  let n = 0;
  let stopped = false;
  const counts = { arrivals: 0, accepted: 0, solved: 0, abandoned: 0 };

  const later = (ms: number, fn: () => Promise<void>) => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (stopped) return;
      const p = fn()
        .catch((err: unknown) => log(`demo floor: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => pending.delete(p));
      pending.add(p);
    }, Math.max(1, Math.round(ms)));
    t.unref?.();
    timers.add(t);
  };
  const exp = (meanMs: number) => -Math.log(1 - random()) * meanMs * scale;

  // --- agents: online (heartbeat), short breaks, and whatever a lead chose ---------------------------
  const keepPresence = async () => {
    const shown = new Map((await deps.presence.list()).map((p) => [p.userId, p]));
    const at = now().getTime();
    for (const a of deps.agents) {
      const p = shown.get(a.id);
      const breakEnds = onBreakUntil.get(a.id);
      // Someone (a lead on the floor, or the agent signing in) chose another state than ours: keep it.
      if (p && p.reason === 'chosen' && p.state !== wanted.get(a.id) && breakEnds === undefined && Date.parse(p.since) >= startedAt) wanted.set(a.id, p.state);
      if (breakEnds !== undefined && at >= breakEnds) {
        onBreakUntil.delete(a.id);
        wanted.set(a.id, 'online');
      }
      const state = wanted.get(a.id)!;
      if (state !== 'offline') await deps.presence.setFor(a.id, state);
    }
    // Now and then someone takes a short break (shorter than routing's grace period: their work stays).
    if (random() < 0.04) {
      const online = deps.agents.filter((a) => wanted.get(a.id) === 'online' && !onBreakUntil.has(a.id));
      const who = online[Math.floor(random() * online.length)];
      if (who && online.length > 1) {
        wanted.set(who.id, 'away');
        onBreakUntil.set(who.id, at + 20_000 + random() * 25_000);
      }
    }
    later(PRESENCE_EVERY_MS, keepPresence);
  };

  // --- arrivals ---------------------------------------------------------------------------------------
  const nextArrival = () => {
    const t = now();
    const share = Math.max(minShare, dayShape(t.getHours() + t.getMinutes() / 60));
    later(exp(3_600_000 / (peak * share)), arrive);
  };
  // The next arrival is timed from the end of this one: on a slow machine (or a shrunk time scale) arrivals
  // cannot pile up faster than they are taken in, which starved the offers and made stop() wait on hundreds.
  const arrive = async () => {
    try {
      await arriveOne();
    } finally {
      nextArrival();
    }
  };
  const arriveOne = async () => {
    const queue = pick(deps.queues, (q) => q.weight, random);
    const mix = pick(CHANNEL_MIX, (m) => m.share, random);
    if (!queue || !mix) return;
    // Never a persona: their timelines tell their own story.
    const who = identityAt(seed, DEMO_PERSONAS.length + Math.floor(random() * Math.max(1, customers - DEMO_PERSONAS.length)));
    const event = inboundEvent(mix.channel, who, now(), `${runId}-${n++}`, random);
    const out = await deps.ingest.ingest(actor, [event]);
    const customerId = out.results[0]?.customerId;
    if (!customerId) return;
    const page = await deps.conversations.list(actor, ConversationListQuerySchema.parse({ view: 'all', customerId, status: 'open', limit: 5 }));
    const conv = page.conversations.filter((c) => c.assigneeId === null && c.channels.includes(mix.channel)).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!conv) return;
    const priority: Priority = mix.channel === 'chat' ? 'high' : 'normal';
    if (conv.queueId !== queue.id) await deps.conversations.update(actor, conv.id, { queueId: queue.id, priority });
    counts.arrivals++;
    deps.routing.kick();
    // Impatient customers: a chat (and rarely a text) closed before anyone answered is an abandon.
    const patience = mix.channel === 'chat' ? exp(150_000) : mix.channel === 'sms' && random() < 0.05 ? exp(600_000) : null;
    if (patience !== null) later(patience, () => giveUp(conv.id));
  };
  const giveUp = async (conversationId: string) => {
    const { conversation } = await deps.conversations.get(actor, conversationId);
    if (conversation.assigneeId !== null || conversation.status !== 'open') return;
    await deps.conversations.update(actor, conversationId, { status: 'solved' });
    counts.abandoned++;
  };

  // --- offers: a human pause, accept, work, solve -------------------------------------------------------
  const stopOffers = deps.events.subscribe('demo-floor', {
    'routing.offered': ({ userId, offer }) => {
      if (!agentIds.has(userId)) return;
      const pause = offer.channel === 'chat' ? exp(8_000) : exp(20_000);
      later(Math.min(pause, 25_000 * scale), async () => {
        try {
          await deps.routing.acceptOffer(userId, offer.offerId);
        } catch {
          return; // taken back, expired or gone elsewhere meanwhile: nothing to do
        }
        counts.accepted++;
        deps.routing.kick();
        const mix = CHANNEL_MIX.find((m) => m.channel === offer.channel);
        later(exp((mix?.handleSec ?? 300) * 1000), () => solve(offer.conversationId, userId));
      });
    },
  });
  // Every new contact lands in a queue, as a contact centre's entry points do: one the demo's simulator or a widget
  // visitor opened without a queue is put in one within a second or two (ours are queued by `arrive` at once).
  const adoptUnqueued = async () => {
    later(ADOPT_EVERY_MS, adoptUnqueued);
    const page = await deps.conversations.list(actor, ConversationListQuerySchema.parse({ view: 'unassigned', status: 'open', limit: 50 }));
    const settledBefore = Date.now() - ADOPT_EVERY_MS;
    for (const c of page.conversations) {
      const created = Date.parse(c.createdAt);
      if (c.queueId !== null || c.assigneeId !== null || created < startedAt || created > settledBefore) continue;
      const queue = pick(deps.queues, (q) => q.weight, random);
      if (queue) await deps.conversations.update(actor, c.id, { queueId: queue.id });
    }
    deps.routing.kick();
  };
  const solve = async (conversationId: string, userId: string) => {
    const { conversation } = await deps.conversations.get(actor, conversationId);
    // A lead reassigned or pulled it back meanwhile: the new owner decides.
    if (conversation.assigneeId !== userId || conversation.status === 'solved' || conversation.status === 'closed') return;
    await deps.conversations.update(actor, conversationId, { status: 'solved' });
    counts.solved++;
    deps.routing.kick();
  };

  // --- the past ----------------------------------------------------------------------------------------
  const fillHistory = async () => {
    const metrics = deps.metrics;
    if (!metrics || opts.history === false) return;
    const at = now();
    const days = dayStarts(at);
    if (metrics.hasHistoryOn && (await metrics.hasHistoryOn(days.lastWeek))) return;
    const sample = (await deps.customers.search(actor, '', 200)).map((c) => c.id);
    const queues = deps.queues.filter((q) => queueIds.has(q.id));
    const lastWeek = historyDay({ dayStart: days.lastWeek, until: new Date(days.lastWeek.getTime() + 86_400_000), queues, peakPerHour: peak * 0.9, random: seededRandom(seed + 7), customerIds: sample, agentIds: deps.agents.map((a) => a.id) });
    const today = historyDay({ dayStart: days.today, until: at, queues, peakPerHour: peak, random: seededRandom(seed + 1), customerIds: sample });
    // Today's past answers name nobody: agents' occupancy counts only the time they were online on this hub.
    await metrics.recordHistory([...lastWeek, ...today]);
    log(`demo floor: history filled in (${today.length} contacts today so far, ${lastWeek.length} on the same day last week)`);
  };

  // The history first: its check for last week's day must not count the settled seed's legs as a filled day.
  const floorStartedAt = now();
  later(1, async () => {
    await fillHistory();
    await deps.settle?.(floorStartedAt);
  });
  later(1, keepPresence);
  later(ADOPT_EVERY_MS, adoptUnqueued);
  nextArrival();

  return {
    async stop() {
      stopped = true;
      stopOffers();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...pending]);
    },
    get arrivals() {
      return counts.arrivals;
    },
    get accepted() {
      return counts.accepted;
    },
    get solved() {
      return counts.solved;
    },
    get abandoned() {
      return counts.abandoned;
    },
  };
}

function pick<T>(list: readonly T[], weight: (t: T) => number, random: () => number): T | undefined {
  const total = list.reduce((s, x) => s + weight(x), 0);
  let r = random() * total;
  for (const x of list) {
    r -= weight(x);
    if (r < 0) return x;
  }
  return list[list.length - 1];
}

const ASKS = ['Where is my order?', 'Can I return these shoes?', 'My refund has not arrived yet', 'I was charged twice', 'Do you have this in a size 9?', 'Can I change my delivery address?'];

/** A customer writing in now: a chat message, a text or an email, as the connectors deliver them. */
export function inboundEvent(channel: Channel, who: { name: string; emails: string[]; phoneE164: string }, at: Date, id: string, random: () => number): IngestEvent {
  const ask = ASKS[Math.floor(random() * ASKS.length)]!;
  const occurredAt = at.toISOString();
  const sourceEventId = `floor-${id}`;
  if (channel === 'sms') return { source: 'demo-floor', sourceEventId, channel: 'sms', type: 'sms.received', occurredAt, customer: { phone: who.phoneE164, name: who.name }, summary: ask, data: { direction: 'inbound', body: ask } };
  if (channel === 'email') {
    const email = who.emails[0]!;
    return {
      source: 'demo-floor',
      sourceEventId,
      channel: 'email',
      type: 'email.received',
      occurredAt,
      customer: { email, name: who.name },
      summary: ask,
      data: { direction: 'inbound', subject: ask, from: email, to: ['support@omni.example'], text: `Hi,\n\n${ask}\n\nThanks, ${who.name.split(' ')[0]}` },
    };
  }
  return {
    source: 'demo-floor',
    sourceEventId,
    channel: 'chat',
    type: 'chat.message',
    occurredAt,
    customer: { email: who.emails[0]!, name: who.name },
    summary: ask,
    data: { direction: 'inbound', conversationId: `floor-${id}`, text: ask },
  };
}
