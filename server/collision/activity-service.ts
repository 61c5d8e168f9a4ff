import { sql } from 'kysely';
import {
  COMPOSING_TTL_MS,
  EVENT_TYPE,
  VIEWING_TTL_MS,
  classifyEventType,
  emptyActivity,
  isoToMicros,
  type ActivitySignal,
  type Actor,
  type CustomerActivity,
  type TimelineItem,
} from '../../shared/index.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { DomainEventPublisher } from '../events/bus.js';
import type { Db } from '../storage/schema.js';
import { LIVE_CHANNELS, LIVE_WINDOW_US, liveCall, storeVisitNow, type LiveEventRow } from './live-events.js';
import { collisionDb, type CollisionDb } from './tables.js';

export interface ActivityServiceOptions {
  db: Db;
  events: DomainEventPublisher;
  /** Follows merges to the survivor; null for an unknown id. */
  resolveId(actor: Actor, id: string): Promise<string | null>;
  /** Milliseconds since the epoch (tests pass a fake clock). */
  now?: () => number;
}

/** A name that reads as a person's ("Tom Baker"), not an id, a number or an address. */
const PERSON_NAME = /^\p{L}[\p{L}\p{M} .'-]{0,79}$/u;

/**
 * Who is on a customer right now. Viewing and replying are rows in `customer_activity` that expire unless
 * refreshed (every hub on the database sees them, and every hub sweeps the expired ones); a live call and
 * a store visit are read from the timeline. Every change is published as `activity.changed` (pushed to the
 * customer's room by server/realtime/push.ts).
 */
export class CustomerActivityService {
  private readonly db: CollisionDb;
  private readonly now: () => number;

  constructor(private readonly opts: ActivityServiceOptions) {
    this.db = collisionDb(opts.db);
    this.now = opts.now ?? Date.now;
  }

  /** The caller is viewing / replying (refreshes its expiry) or stopped. Answers the customer's activity after it. */
  async signal(actor: Actor, customerId: string, signal: ActivitySignal): Promise<CustomerActivity> {
    if (actor.kind !== 'user') throw new ForbiddenError('actor', 'only a signed-in person can view or reply');
    const id = await this.survivor(actor, customerId);
    const nowUs = this.now() * 1000;
    const channel = signal.kind === 'composing' ? signal.channel : '';
    const key = { customer_id: id, user_id: actor.userId, kind: signal.kind, channel };
    const current = await this.db
      .selectFrom('customer_activity')
      .select(['conversation_id'])
      .where('customer_id', '=', id)
      .where('user_id', '=', actor.userId)
      .where('kind', '=', signal.kind)
      .where('channel', '=', channel)
      .where('expires_at_us', '>', nowUs)
      .executeTakeFirst();
    let changed: boolean;
    if (signal.active) {
      const ttlMs = signal.kind === 'viewing' ? VIEWING_TTL_MS : COMPOSING_TTL_MS;
      const conversationId = signal.kind === 'composing' ? (signal.conversationId ?? null) : null;
      await this.db
        .insertInto('customer_activity')
        .values({ ...key, conversation_id: conversationId, started_at_us: nowUs, expires_at_us: nowUs + ttlMs * 1000 })
        .onConflict((oc) =>
          oc.columns(['customer_id', 'user_id', 'kind', 'channel']).doUpdateSet({
            conversation_id: conversationId,
            expires_at_us: nowUs + ttlMs * 1000,
            // An expired row the sweep has not removed yet starts over: "since" is this signal.
            started_at_us: sql<number>`case when customer_activity.expires_at_us <= ${nowUs} then ${nowUs} else customer_activity.started_at_us end`,
          }),
        )
        .execute();
      changed = !current || current.conversation_id !== conversationId;
    } else {
      const res = await this.db
        .deleteFrom('customer_activity')
        .where('customer_id', '=', id)
        .where('user_id', '=', actor.userId)
        .where('kind', '=', signal.kind)
        .where('channel', '=', channel)
        .executeTakeFirst();
      changed = current !== undefined && Number(res.numDeletedRows) > 0;
    }
    if (changed) this.announce([id]);
    return (await this.read([id]))[0]!;
  }

  async get(actor: Actor, customerId: string): Promise<CustomerActivity> {
    return (await this.read([await this.survivor(actor, customerId)]))[0]!;
  }

  /** Several customers at once (an inbox page); unknown ids are left out, merged-away ones answer as their survivor. */
  async many(actor: Actor, customerIds: readonly string[]): Promise<CustomerActivity[]> {
    const survivors = await Promise.all(customerIds.map((id) => this.opts.resolveId(actor, id)));
    return this.read([...new Set(survivors.filter((s): s is string => s !== null))]);
  }

  /** Drops expired signals (on whichever hub runs first: each row is deleted once) and announces whose activity changed. */
  async sweep(): Promise<number> {
    const gone = await this.db.deleteFrom('customer_activity').where('expires_at_us', '<=', this.now() * 1000).returning('customer_id').execute();
    const ids = [...new Set(gone.map((r) => r.customer_id))];
    if (ids.length > 0) this.announce(ids);
    return ids.length;
  }

  /** New or changed timeline items: a call that started or ended, a check-in or check-out changes what is happening. */
  onTimeline(items: readonly TimelineItem[]): void {
    const ids = new Set<string>();
    // Old items (a history import) say nothing about now: no reads for them.
    const since = this.now() * 1000 - LIVE_WINDOW_US;
    for (const it of items) if (changesActivity(it.type) && (isoToMicros(it.occurredAt) ?? 0) >= since) ids.add(it.customerId);
    if (ids.size > 0) this.announce([...ids]);
  }

  /** Activity of survivor ids, in the order asked. */
  async read(ids: readonly string[]): Promise<CustomerActivity[]> {
    if (ids.length === 0) return [];
    const nowUs = this.now() * 1000;
    const [signals, events] = await Promise.all([
      this.db
        .selectFrom('customer_activity as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['a.customer_id', 'a.user_id', 'a.kind', 'a.channel', 'a.conversation_id', 'a.started_at_us', 'u.name'])
        .where('a.customer_id', 'in', ids)
        .where('a.expires_at_us', '>', nowUs)
        .orderBy('a.started_at_us')
        .orderBy('a.user_id')
        .execute(),
      this.db
        .selectFrom('events')
        .select(['customer_id', 'type', 'data', 'occurred_at_us'])
        .where('customer_id', 'in', ids)
        .where('channel', 'in', LIVE_CHANNELS)
        .where('occurred_at_us', '>=', nowUs - LIVE_WINDOW_US)
        .orderBy('occurred_at_us', 'desc')
        .orderBy('seq', 'desc')
        .execute(),
    ]);
    const byCustomer = new Map(ids.map((id) => [id, emptyActivity(id)]));
    for (const s of signals) {
      const a = byCustomer.get(s.customer_id)!;
      const since = new Date(Math.floor(s.started_at_us / 1000)).toISOString();
      if (s.kind === 'viewing') a.viewers.push({ userId: s.user_id, name: s.name, since });
      else a.composers.push({ userId: s.user_id, name: s.name, channel: s.channel as CustomerActivity['composers'][number]['channel'], conversationId: s.conversation_id, since });
    }
    const rowsOf = new Map<string, LiveEventRow[]>();
    for (const e of events) {
      const list = rowsOf.get(e.customer_id) ?? [];
      list.push({ type: e.type, occurredAtUs: e.occurred_at_us, data: parseData(e.data) });
      rowsOf.set(e.customer_id, list);
    }
    const agentNames = await this.agentNames([...rowsOf.values()].flat());
    for (const [id, rows] of rowsOf) {
      const a = byCustomer.get(id)!;
      a.call = liveCall(rows, nowUs, (raw) => agentNames.get(raw) ?? (PERSON_NAME.test(raw) ? raw : null));
      a.storeVisit = storeVisitNow(rows, nowUs);
    }
    return ids.map((id) => byCustomer.get(id)!);
  }

  /** `data.agent` of call records that name a user (by id or email): their name. */
  private async agentNames(rows: readonly LiveEventRow[]): Promise<Map<string, string>> {
    const raw = [...new Set(rows.flatMap((r) => (typeof r.data['agent'] === 'string' && classifyEventType(r.type).category === 'call' ? [r.data['agent']] : [])))];
    const names = new Map<string, string>();
    if (raw.length === 0) return names;
    const users = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where((eb) => eb.or([eb('id', 'in', raw), eb('email', 'in', raw)]))
      .execute();
    for (const u of users) {
      names.set(u.id, u.name);
      names.set(u.email, u.name);
    }
    return names;
  }

  private async survivor(actor: Actor, customerId: string): Promise<string> {
    const id = await this.opts.resolveId(actor, customerId);
    if (!id) throw new NotFoundError('id', `no customer with id "${customerId}"`);
    return id;
  }

  private announce(customerIds: readonly string[]): void {
    this.opts.events.publish('activity.changed', { customerIds, read: (ids) => this.read(ids) });
  }
}

/** Calls (any state) and store check-ins / check-outs: the timeline items that change "what is happening now". */
function changesActivity(type: string): boolean {
  const category = classifyEventType(type).category;
  return category === 'call' || type === EVENT_TYPE.storeCheckIn || category === 'store_exit';
}

function parseData(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
