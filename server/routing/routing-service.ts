import { DEFAULT_CHANNEL_UNITS, microsToIso, type Actor, type Channel, type Conversation, type QueueRoutingSettings, type RoutingHistory, type RoutingLogKind, type RoutingOffer } from '../../shared/index.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { DomainEventPublisher } from '../events/bus.js';
import type { PresencePort } from '../presence/presence-service.js';
import type { Mutex } from '../storage/mutex.js';
import type { Db, Dialect } from '../storage/schema.js';
import { chooseAgent, eligible, smallestUnits, unitsFor, type ChoiceContext } from './choice.js';
import { RoutingClaims, type OfferEnded, type OfferPair } from './claims.js';
import { currentChannel, RoutingReads, type LineKey, type QueueUnits, type WaitingRow } from './reads.js';
import type { RoutingSettings } from './settings.js';
import { routingDb, type RoutingDb, type RoutingOffersTable } from './tables.js';

export interface RoutingServiceOptions {
  db: Db;
  /** PostgreSQL takes row locks where SQLite relies on the hub's write lock. */
  dialect?: Dialect;
  events: DomainEventPublisher;
  writeLock: Mutex;
  conversations: ConversationService;
  presence: PresencePort;
  settings: RoutingSettings;
  /** Clock in ms (tests). */
  now?: () => number;
  onError?: (err: unknown) => void;
}

const PAGE = 200;
/** Pull's line pages: a short first one (its head usually fits, and each row read costs two lookups), then longer ones past work offered to others. */
const PULL_PAGES = [10, 50, 50, 50, 50, 50];
const DAY_US = 86_400_000_000;

/**
 * Routing: pushes offers to online agents (dispatch), lets them accept, decline or pull, and takes work
 * back from agents gone for longer than the grace period. Decisions are pure (choice.ts) on set-based
 * reads (reads.ts); every write is conditional (claims.ts), so any number of hubs may run all of it.
 */
export class RoutingService {
  readonly claims: RoutingClaims;
  readonly reads: RoutingReads;
  private readonly db: RoutingDb;
  private readonly nowMs: () => number;
  private chain: Promise<unknown> = Promise.resolve();
  private kickTimer: NodeJS.Timeout | null = null;
  private kickQueued = false;
  private stopped = false;

  constructor(private readonly o: RoutingServiceOptions) {
    this.db = routingDb(o.db);
    this.claims = new RoutingClaims(this.db, o.writeLock, o.dialect);
    this.reads = new RoutingReads(this.db);
    this.nowMs = o.now ?? Date.now;
  }

  /** Soon (coalesced), one dispatch on this hub: something changed that may let work move. */
  kick(): void {
    if (this.kickTimer || this.stopped) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      // One pass waiting behind the running one is enough: it will see everything that changed meanwhile.
      if (this.kickQueued) return;
      this.kickQueued = true;
      // Expiry and withdrawal are the sweep's (every hub, each second): a kick only offers what waits.
      this.serial(async () => {
        this.kickQueued = false;
        await this.dispatch();
      }).catch((err: unknown) => this.o.onError?.(err));
    }, 10);
    this.kickTimer.unref();
  }

  /** The periodic pass any hub runs: expire, withdraw, release after the grace period, then offer. */
  sweep(): Promise<void> {
    return this.serial(async () => {
      await this.expireAndWithdraw();
      await this.releaseAbsent();
      await this.dispatch();
    });
  }

  stop(): Promise<unknown> {
    this.stopped = true;
    if (this.kickTimer) clearTimeout(this.kickTimer);
    return this.chain;
  }

  async expireAndWithdraw(): Promise<number> {
    const now = this.nowUs();
    const ended = [...(await this.claims.expireDue(now)), ...(await this.claims.withdrawStale(now))];
    this.publishEnded(ended);
    return ended.length;
  }

  /**
   * One push round: every online agent with room and no live offer gets at most one offer, walking the line
   * in order (priority, then waiting time) and preferring the agent who last served the customer.
   */
  async dispatch(): Promise<number> {
    const now = this.nowUs();
    const online = await this.reads.onlineAgents();
    if (online.size === 0) return 0;
    for (const busy of await this.reads.withPendingOffer()) online.delete(busy);
    if (online.size === 0) return 0;
    const units = await this.reads.queueUnits();
    let free = (await this.reads.loads(online, units, this.o.settings.unqueuedRoles)).filter((a) => a.usedUnits < a.capacity);
    if (free.length === 0) return 0;
    const queues = [...new Set(free.flatMap((a) => [...a.queues]))];
    const unqueued = free.some((a) => a.takesUnqueued);
    let after: LineKey | undefined;
    let scanned = 0;
    const chosen: OfferPair[] = [];
    const rows = new Map<string, WaitingRow>();
    while (free.length > 0 && scanned < this.o.settings.maxScan) {
      const page = await this.reads.line({ ...(after ? { after } : {}), limit: PAGE, queues, unqueued });
      scanned += PAGE;
      if (page.rows.length > 0) {
        const { ctx, pending } = await this.context(page.rows, units, now);
        for (const w of page.rows) {
          if (free.length === 0) break;
          if (pending.has(w.id)) continue;
          const agent = chooseAgent(w, free, ctx);
          if (!agent) continue;
          free = free.filter((a) => a !== agent);
          chosen.push({ conversationId: w.id, userId: agent.userId });
          rows.set(w.id, w);
        }
      }
      if (page.next === null) break;
      after = page.next;
    }
    // The round's offers in one transaction (each still conditional): hubs stay fast at 200+ agents.
    const made = await this.claims.offerMany(chosen, now, now + this.o.settings.offerTimeoutMs * 1000);
    for (const offer of made) this.o.events.publish('routing.offered', { userId: offer.user_id, offer: toOffer(offer, rows.get(offer.conversation_id)!) });
    return made.length;
  }

  /** Agents away or offline longer than the grace period give their open conversations back, with the reason logged. */
  async releaseAbsent(): Promise<number> {
    const now = this.nowUs();
    const leftBefore = now - this.o.settings.graceMs * 1000;
    let count = 0;
    for (const [userId, held] of await this.claims.heldByAbsent(leftBefore)) {
      const reason = `${held.state} for more than ${Math.round(this.o.settings.graceMs / 1000)} s: back to the queue`;
      const released = await this.claims.release(userId, held.ids, leftBefore, reason, now);
      if (released.length === 0) continue;
      count += released.length;
      await this.o.conversations.announceAssignees(new Map(released.map((id) => [id, userId])));
    }
    return count;
  }

  /** Accept an offer: the conversation is the agent's (or a 409 saying why not). Returns its id. */
  async acceptOffer(userId: string, offerId: string): Promise<string> {
    return (await this.acceptClaim(userId, offerId)).id;
  }

  /** Accept, returning the conversation as the claim left it (no re-read). */
  private async acceptClaim(userId: string, offerId: string): Promise<Conversation> {
    const res = await this.claims.accept(offerId, userId, this.nowUs());
    this.publishEnded(res.ended);
    if (!res.ok) throw new ConflictError('offerId', res.message);
    const [conversation] = await this.o.conversations.announceClaimed([res.claimed]);
    return conversation!;
  }

  async declineOffer(userId: string, offerId: string): Promise<void> {
    this.publishEnded([await this.claims.decline(offerId, userId, this.nowUs())]);
  }

  /** Pull: the best conversation this agent may take now, assigned to them; null when nothing fits. */
  async pullNext(userId: string): Promise<string | null> {
    return (await this.pullClaim(userId))?.id ?? null;
  }

  private async pullClaim(userId: string): Promise<Conversation | null> {
    for await (const w of this.pullCandidates(userId)) {
      const done = await this.claims.pull(w.id, userId, this.nowUs());
      if (done === null) continue; // taken or offered meanwhile: the next candidate
      this.publishEnded(done.ended);
      const [conversation] = await this.o.conversations.announceClaimed([done.claimed]);
      return conversation!;
    }
    return null;
  }

  /**
   * Pull's decision, without the claim: the conversations this agent may take now, best first (their queues,
   * room in their capacity, not offered to someone else, never refused by them). The bench times the first.
   */
  async *pullCandidates(userId: string): AsyncGenerator<WaitingRow> {
    const me = await this.reads.agentOf(userId);
    if ((me?.state ?? 'offline') === 'offline') throw new ConflictError('(presence)', 'you are offline: set yourself online or away to take work');
    if (!me) throw new NotFoundError('(actor)', 'no such user');
    const units = await this.reads.queueUnits();
    const [agent] = await this.reads.loads(new Map([[userId, me.role]]), units, this.o.settings.unqueuedRoles, false);
    // At capacity (no room for the smallest unit any of their work takes): no line walk at all.
    if (agent!.capacity - agent!.usedUnits < smallestUnits(agent!.queues, agent!.takesUnqueued, units)) return;
    let after: LineKey | undefined;
    const ctx: ChoiceContext = { unitsOf: (w) => unitsFor(w.channel, w.queueId ? units.get(w.queueId) : undefined), declined: () => false, lastServedBy: () => null };
    for (const limit of PULL_PAGES) {
      const page = await this.reads.line({ ...(after ? { after } : {}), limit, queues: [...agent!.queues], unqueued: agent!.takesUnqueued });
      const fits = page.rows.filter((w) => eligible(agent!, w, ctx));
      // Offered to someone else right now, or refused by this agent: not theirs to pull.
      const state = fits.length > 0 ? await this.reads.offerState(fits.map((w) => w.id)) : null;
      for (const w of fits) {
        const offeredTo = state!.pending.get(w.id);
        if ((offeredTo !== undefined && offeredTo !== userId) || state!.refused.has(`${w.id}|${userId}`)) continue;
        yield w;
      }
      if (page.next === null) return;
      after = page.next;
    }
  }

  // --- API shapes -------------------------------------------------------------------------------------

  async accept(actor: Actor, offerId: string): Promise<Conversation> {
    const conversation = await this.acceptClaim(userIdOf(actor), offerId);
    this.kick();
    return conversation;
  }

  async decline(actor: Actor, offerId: string): Promise<{ ok: true }> {
    await this.declineOffer(userIdOf(actor), offerId);
    this.kick();
    return { ok: true };
  }

  async next(actor: Actor): Promise<{ conversation: Conversation | null }> {
    const conversation = await this.pullClaim(userIdOf(actor));
    if (conversation !== null) this.kick();
    return { conversation };
  }

  /** The caller's live offers (a console that reloads shows them again). */
  async offers(actor: Actor): Promise<{ offers: RoutingOffer[] }> {
    const pending = await this.claims.pendingFor(userIdOf(actor));
    const out: RoutingOffer[] = [];
    for (const offer of pending) {
      const c = await this.db
        .selectFrom('conversations as c')
        .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
        .select(['c.channels', 'c.subject', 'c.priority', 'cu.display_name'])
        .where('c.id', '=', offer.conversation_id)
        .executeTakeFirst();
      if (c) out.push({ offerId: offer.id, conversationId: offer.conversation_id, customerName: c.display_name ?? null, channel: currentChannel(c.channels), subject: c.subject, priority: c.priority as RoutingOffer['priority'], expiresAt: microsToIso(offer.expires_at_us) });
    }
    return { offers: out };
  }

  async history(conversationId: string): Promise<RoutingHistory> {
    const rows = await this.claims.history(conversationId);
    return { entries: rows.map((r) => ({ kind: r.kind as RoutingLogKind, userId: r.user_id, reason: r.reason, at: microsToIso(r.at_us) })) };
  }

  async queueSettings(queueId: string): Promise<QueueRoutingSettings> {
    await this.requireTeam(queueId);
    const overrides = (await this.reads.queueUnits()).get(queueId) ?? {};
    return { queueId, units: { ...DEFAULT_CHANNEL_UNITS, ...overrides } };
  }

  async setQueueUnits(queueId: string, units: Partial<Record<Channel, number>>): Promise<QueueRoutingSettings> {
    await this.requireTeam(queueId);
    const value = JSON.stringify(units);
    const now = this.nowUs();
    await this.db
      .insertInto('routing_queue_settings')
      .values({ queue_id: queueId, units: value, updated_at_us: now })
      .onConflict((oc) => oc.column('queue_id').doUpdateSet({ units: value, updated_at_us: now }))
      .execute();
    this.kick();
    return this.queueSettings(queueId);
  }

  private async requireTeam(queueId: string): Promise<void> {
    const team = await this.db.selectFrom('teams').select('id').where('id', '=', queueId).executeTakeFirst();
    if (!team) throw new NotFoundError('id', `no team (queue) with id "${queueId}"`);
  }

  private async context(page: readonly WaitingRow[], units: QueueUnits, nowUs: number): Promise<{ ctx: ChoiceContext; pending: ReadonlyMap<string, string> }> {
    const state = await this.reads.offerState(page.map((w) => w.id));
    const days = this.o.settings.relationshipDays;
    const lastServed = days > 0 ? await this.reads.lastServed(page.map((w) => w.customerId), nowUs - days * DAY_US) : new Map<string, string>();
    const ctx: ChoiceContext = {
      unitsOf: (w) => unitsFor(w.channel, w.queueId ? units.get(w.queueId) : undefined),
      declined: (conversationId, userId) => state.refused.has(`${conversationId}|${userId}`),
      lastServedBy: (customerId) => lastServed.get(customerId) ?? null,
    };
    return { ctx, pending: state.pending };
  }

  private publishEnded(ended: readonly OfferEnded[]): void {
    for (const { offer, outcome } of ended) {
      this.o.events.publish('routing.offer-ended', { userId: offer.user_id, ended: { offerId: offer.id, conversationId: offer.conversation_id, outcome } });
    }
  }

  /** One routing pass at a time on this hub (other hubs are kept honest by the conditional writes). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }

  private nowUs(): number {
    return Math.floor(this.nowMs() * 1000);
  }
}

function userIdOf(actor: Actor): string {
  if (actor.kind !== 'user') throw new ForbiddenError('(actor)', 'routing works for signed-in users');
  return actor.userId;
}

function toOffer(offer: RoutingOffersTable, w: WaitingRow): RoutingOffer {
  return { offerId: offer.id, conversationId: w.id, customerName: w.customerName, channel: w.channel, subject: w.subject, priority: w.priority, expiresAt: microsToIso(offer.expires_at_us) };
}
