import { sql } from 'kysely';
import { ChannelSchema, roleCan, type Channel, type Priority, type Role } from '../../shared/index.js';
import { AGENT_CAPACITY_UNITS } from '../../shared/index.js';
import { unitsFor, type AgentLoad, type Waiting } from './choice.js';
import type { RoutingDb } from './tables.js';

/*
 * What the routing decision is fed, read in a few set-based queries: the online agents with their load,
 * the waiting line (one walk of a partial index in priority, then waiting-time order), who declined what,
 * and who last served each customer.
 */

/** A waiting conversation with what an offer shows. */
export interface WaitingRow extends Waiting {
  subject: string;
  priority: Priority;
  customerName: string | null;
}

/** Position in the line: (priority rank, waiting since, id). */
export type LineKey = readonly [number, number, string];

export type QueueUnits = ReadonlyMap<string, Partial<Record<Channel, number>>>;

export interface LineQuery {
  after?: LineKey;
  limit: number;
  /** Only these queues (null: every queue). */
  queues: readonly string[] | null;
  /** Also conversations without a queue. */
  unqueued: boolean;
}

/** A page of the line: the rows in scope, and where the next page starts (null: the line ends here). */
export interface LinePage {
  rows: WaitingRow[];
  next: LineKey | null;
}

/** Live offers and refusals of a page's conversations, in one read. */
export interface OfferState {
  /** conversation -> the agent it is offered to now. */
  pending: Map<string, string>;
  /** `${conversationId}|${userId}`: declined or let expire (never offered to them again). */
  refused: Set<string>;
}

const CHUNK = 500;
/** Up to this many queues, the line is read per queue and merged. */
const MERGE_QUEUES = 4;
const WAITED = sql<number>`coalesce(c.waiting_since_us, c.created_at_us)`;

/** The conversation's current channel: the latest one it joined. */
export function currentChannel(channelsJson: string): Channel {
  const list = JSON.parse(channelsJson) as unknown[];
  const parsed = ChannelSchema.safeParse(list[list.length - 1]);
  return parsed.success ? parsed.data : 'note';
}

export class RoutingReads {
  constructor(private readonly db: RoutingDb) {}

  async queueUnits(): Promise<QueueUnits> {
    const rows = await this.db.selectFrom('routing_queue_settings').select(['queue_id', 'units']).execute();
    return new Map(rows.map((r) => [r.queue_id, JSON.parse(r.units) as Partial<Record<Channel, number>>]));
  }

  /** Online users who may work conversations, with their role. */
  async onlineAgents(): Promise<Map<string, Role>> {
    const rows = await this.db
      .selectFrom('agent_presence as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.user_id', 'u.role'])
      .where('p.state', '=', 'online')
      .where('u.active', '=', 1)
      .execute();
    return new Map(rows.filter((r) => roleCan(r.role as Role, 'conversation.work')).map((r) => [r.user_id, r.role as Role]));
  }

  /** A user's role and presence in one read (pull's first question); null when there is no such user. */
  async agentOf(userId: string): Promise<{ role: Role; state: string } | null> {
    const row = await this.db
      .selectFrom('users as u')
      .leftJoin('agent_presence as p', 'p.user_id', 'u.id')
      .select(['u.role', 'p.state'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
    return row ? { role: row.role as Role, state: row.state ?? 'offline' } : null;
  }

  /** Agents with a live offer (push gives one offer at a time). */
  async withPendingOffer(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('routing_offers').select('user_id').where('status', '=', 'pending').execute();
    return new Set(rows.map((r) => r.user_id));
  }

  /** Each agent's queues, load and last offer. */
  async loads(agents: ReadonlyMap<string, Role>, units: QueueUnits, unqueuedRoles: readonly Role[], withLastOffer = true): Promise<AgentLoad[]> {
    const ids = [...agents.keys()];
    const queues = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    const used = new Map<string, number>(ids.map((id) => [id, 0]));
    const last = new Map<string, number>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      for (const m of await this.db.selectFrom('team_members').select(['team_id', 'user_id']).where('user_id', 'in', chunk).execute()) queues.get(m.user_id)?.add(m.team_id);
      const open = await this.db.selectFrom('conversations').select(['assignee_id', 'queue_id', 'channels']).where('status', '=', 'open').where('assignee_id', 'in', chunk).execute();
      for (const c of open) {
        const overrides = c.queue_id === null ? undefined : units.get(c.queue_id);
        used.set(c.assignee_id!, (used.get(c.assignee_id!) ?? 0) + unitsFor(currentChannel(c.channels), overrides));
      }
      // Only push ranks agents by their last offer: a pull does not read it.
      if (!withLastOffer) continue;
      // One index probe per agent (its newest offer), not a max over every offer they were ever made: that
      // grouped read grew with the offer history and made each dispatch slower than the one before.
      const offers = await this.db
        .selectFrom('agent_presence as p')
        .select(['p.user_id', (eb) => eb.selectFrom('routing_offers as o').select('o.created_at_us').whereRef('o.user_id', '=', 'p.user_id').orderBy('o.created_at_us', 'desc').limit(1).as('at')])
        .where('p.user_id', 'in', chunk)
        .execute();
      for (const o of offers) if (o.at !== null) last.set(o.user_id, Number(o.at));
    }
    return ids.map((userId) => ({
      userId,
      queues: queues.get(userId)!,
      takesUnqueued: unqueuedRoles.includes(agents.get(userId)!),
      usedUnits: used.get(userId)!,
      capacity: AGENT_CAPACITY_UNITS,
      lastOfferedUs: last.get(userId) ?? 0,
    }));
  }

  /**
   * A page of the waiting line (open, unassigned), in routing order. Every statement is a plain walk of a
   * partial index in line order stopped by LIMIT (no anti-join a planner without statistics could turn into
   * a scan and a sort): a few queues, one walk per queue (the scope index) merged in one statement; many or
   * all, one walk of the global line with other queues' rows dropped here. Offers and refusals are the
   * caller's (offerState on the page's ids).
   */
  async line(q: LineQuery): Promise<LinePage> {
    if (q.queues !== null && q.queues.length === 0 && !q.unqueued) return { rows: [], next: null };
    if (q.queues === null || q.queues.length > MERGE_QUEUES) {
      const rows = await this.fetch([this.scoped(q, null)], q.limit);
      const next = rows.length < q.limit ? null : lineKey(rows[rows.length - 1]!);
      if (q.queues === null) return { rows, next };
      const queues = new Set(q.queues);
      return { rows: rows.filter((w) => (w.queueId === null ? q.unqueued : queues.has(w.queueId))), next };
    }
    const scopes = [...q.queues, ...(q.unqueued ? [''] : [])];
    const rows = await this.fetch(scopes.map((scope) => this.scoped(q, scope)), q.limit);
    return { rows, next: rows.length < q.limit ? null : lineKey(rows[rows.length - 1]!) };
  }

  /** One bounded walk: the global line (null) or one scope (a queue id, or '' for no queue), read from `conversations` only. */
  private scoped(q: LineQuery, scope: string | null) {
    let inner = this.db
      .selectFrom('conversations as c')
      .select(['c.id', 'c.customer_id', 'c.queue_id', 'c.channels', 'c.priority_rank', 'c.priority', 'c.subject', WAITED.as('waited_us')])
      // Literal, so both databases see the partial index's own condition.
      .where(sql<boolean>`c.status = 'open' and c.assignee_id is null`);
    // The scope index's key (migration 0040): one equality for a queue and for "no queue" alike.
    if (scope !== null) inner = inner.where(sql<boolean>`coalesce(c.queue_id, '') = ${scope}`);
    if (q.after) {
      const [rank, waited, id] = q.after;
      inner = inner.where(sql<boolean>`(c.priority_rank, coalesce(c.waiting_since_us, c.created_at_us), c.id) > (${rank}, ${waited}, ${id})`);
    }
    return inner.orderBy('c.priority_rank').orderBy(WAITED).orderBy('c.id').limit(q.limit);
  }

  /** The scopes' walks in one statement (UNION ALL of bounded pages), merged in line order, names joined. */
  private async fetch(pages: readonly ReturnType<RoutingReads['scoped']>[], limit: number): Promise<WaitingRow[]> {
    const parts = pages.map((p, i) => this.db.selectFrom(p.as(`s${i}`)).selectAll());
    let merged = parts[0]!;
    for (const part of parts.slice(1)) merged = merged.unionAll(part);
    const rows = await this.db
      .selectFrom(merged.as('w'))
      .leftJoin('customers as cu', 'cu.id', 'w.customer_id')
      .select(['w.id', 'w.customer_id', 'w.queue_id', 'w.channels', 'w.priority_rank', 'w.priority', 'w.subject', 'w.waited_us', 'cu.display_name'])
      .orderBy('w.priority_rank')
      .orderBy('w.waited_us')
      .orderBy('w.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      queueId: r.queue_id,
      channel: currentChannel(r.channels),
      priorityRank: r.priority_rank,
      waitingSinceUs: Number(r.waited_us),
      subject: r.subject,
      priority: r.priority as Priority,
      customerName: r.display_name ?? null,
    }));
  }

  /** Live offers and refusals of these conversations (a page's worth), one indexed read per chunk. */
  async offerState(conversationIds: readonly string[]): Promise<OfferState> {
    const out: OfferState = { pending: new Map(), refused: new Set() };
    for (let i = 0; i < conversationIds.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('routing_offers')
        .select(['conversation_id', 'user_id', 'status'])
        .where('conversation_id', 'in', conversationIds.slice(i, i + CHUNK))
        .where('status', 'in', ['pending', 'declined', 'expired'])
        .execute();
      for (const r of rows) {
        if (r.status === 'pending') out.pending.set(r.conversation_id, r.user_id);
        else out.refused.add(`${r.conversation_id}|${r.user_id}`);
      }
    }
    return out;
  }

  /** customer -> the assignee of their most recently active conversation with one, since `sinceUs`. */
  async lastServed(customerIds: readonly string[], sinceUs: number): Promise<Map<string, string>> {
    const best = new Map<string, { userId: string; at: number }>();
    const unique = [...new Set(customerIds)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('conversations')
        .select(['customer_id', 'assignee_id', 'last_activity_us'])
        .where('customer_id', 'in', unique.slice(i, i + CHUNK))
        .where('assignee_id', 'is not', null)
        .where('last_activity_us', '>=', sinceUs)
        .execute();
      for (const r of rows) {
        const seen = best.get(r.customer_id);
        if (!seen || r.last_activity_us > seen.at) best.set(r.customer_id, { userId: r.assignee_id!, at: r.last_activity_us });
      }
    }
    return new Map([...best].map(([customer, v]) => [customer, v.userId]));
  }
}

export const lineKey = (w: Waiting): LineKey => [w.priorityRank, w.waitingSinceUs, w.id];
