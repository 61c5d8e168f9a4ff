import { sql } from 'kysely';
import { ChannelSchema, roleCan, type Channel, type Priority, type Role } from '../../shared/index.js';
import { AGENT_CAPACITY_UNITS } from '../../shared/index.js';
import { byWaitingOrder, unitsFor, type AgentLoad, type Waiting } from './choice.js';
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
  /** Skip conversations offered to someone right now: to anyone (null) or to anyone but this user. */
  notOfferedExceptTo?: string | null;
  /** Skip conversations this user declined or let expire. */
  notDeclinedBy?: string;
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

  async roleOf(userId: string): Promise<Role | null> {
    const row = await this.db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
    return (row?.role as Role | undefined) ?? null;
  }

  /** Agents with a live offer (push gives one offer at a time). */
  async withPendingOffer(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('routing_offers').select('user_id').where('status', '=', 'pending').execute();
    return new Set(rows.map((r) => r.user_id));
  }

  /** Each agent's queues, load and last offer. */
  async loads(agents: ReadonlyMap<string, Role>, units: QueueUnits, unqueuedRoles: readonly Role[]): Promise<AgentLoad[]> {
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
      const offers = await this.db
        .selectFrom('routing_offers')
        .select(['user_id', (eb) => eb.fn.max('created_at_us').as('at')])
        .where('user_id', 'in', chunk)
        .groupBy('user_id')
        .execute();
      for (const o of offers) last.set(o.user_id, Number(o.at));
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
   * A page of the waiting line (open, unassigned), in routing order. A few queues: one ordered index range
   * per queue, merged (cheaper than filtering the global line); many or all: one walk of the global line.
   */
  async line(q: LineQuery): Promise<WaitingRow[]> {
    if (q.queues !== null && q.queues.length === 0 && !q.unqueued) return [];
    if (q.queues === null || q.queues.length > MERGE_QUEUES) return this.lineWhere(q, q.queues === null ? null : { queues: q.queues, unqueued: q.unqueued });
    const scopes: (string | null)[] = [...q.queues, ...(q.unqueued ? [null] : [])];
    const parts = await Promise.all(scopes.map((queueId) => this.lineWhere(q, { queueId })));
    return parts.flat().sort(byWaitingOrder).slice(0, q.limit);
  }

  private async lineWhere(q: LineQuery, scope: null | { queueId: string | null } | { queues: readonly string[]; unqueued: boolean }): Promise<WaitingRow[]> {
    let query = this.db
      .selectFrom('conversations as c')
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.customer_id', 'c.queue_id', 'c.channels', 'c.priority_rank', 'c.priority', 'c.subject', 'cu.display_name', WAITED.as('waited_us')])
      // Literal, so both databases see the partial index's own condition.
      .where(sql<boolean>`c.status = 'open' and c.assignee_id is null`);
    if (scope !== null && 'queueId' in scope) {
      query = scope.queueId === null ? query.where('c.queue_id', 'is', null) : query.where('c.queue_id', '=', scope.queueId);
    } else if (scope !== null) {
      const queues = [...scope.queues];
      query = query.where((eb) => eb.or([eb('c.queue_id', 'in', queues), ...(scope.unqueued ? [eb('c.queue_id', 'is', null)] : [])]));
    }
    if (q.notOfferedExceptTo !== undefined) {
      const me = q.notOfferedExceptTo;
      query = query.where(({ not, exists, selectFrom }) => {
        let live = selectFrom('routing_offers as o').select('o.id').whereRef('o.conversation_id', '=', 'c.id').where(sql<boolean>`o.status = 'pending'`);
        if (me !== null) live = live.where('o.user_id', '!=', me);
        return not(exists(live));
      });
    }
    if (q.notDeclinedBy !== undefined) {
      const me = q.notDeclinedBy;
      query = query.where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('routing_offers as d').select('d.id').whereRef('d.conversation_id', '=', 'c.id').where('d.user_id', '=', me).where('d.status', 'in', ['declined', 'expired']))),
      );
    }
    if (q.after) {
      const [rank, waited, id] = q.after;
      query = query.where(sql<boolean>`(c.priority_rank, coalesce(c.waiting_since_us, c.created_at_us), c.id) > (${rank}, ${waited}, ${id})`);
    }
    const rows = await query.orderBy('c.priority_rank').orderBy(WAITED).orderBy('c.id').limit(q.limit).execute();
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

  /** `${conversationId}|${userId}` for every declined or expired offer of these conversations. */
  async declines(conversationIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < conversationIds.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('routing_offers')
        .select(['conversation_id', 'user_id'])
        .where('conversation_id', 'in', conversationIds.slice(i, i + CHUNK))
        .where('status', 'in', ['declined', 'expired'])
        .execute();
      for (const r of rows) out.add(`${r.conversation_id}|${r.user_id}`);
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
