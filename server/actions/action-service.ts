import { systemActor, type ActionExecuteResponse, type ActionFeedbackRequest, type ActionFeedbackResponse, type Actor, type RecommendedAction, type Role, type User } from '../../shared/index.js';
import { ForbiddenError } from '../errors.js';
import type { ActionService, CustomerQueries, IngestService } from '../domain.js';
import type { DomainEventPublisher, DomainEvents, Unsubscribe } from '../events/bus.js';
import { InputError } from '../domain.js';
import { parseActionId } from './action-id.js';
import { CATALOG_VERSION, definitionOf } from './catalog/index.js';
import { rankActions, toPublic, type RankedAction } from './engine.js';
import { ActionForbiddenError } from './errors.js';
import { executionEvent, recentExecution, refFor } from './executor.js';
import { SqlFeedbackStore } from './feedback-store.js';
import { eventWindow } from './event-window.js';
import { computeFeatures, type CustomerFeatures } from './features.js';
import { fnv1a, seededRng } from './ranking.js';
import type { Db } from '../storage/schema.js';

/*
 * The next-action engine as a service. It READS the timeline beside the data flow: ingest never
 * waits for it. It subscribes to `customer.updated` on the event bus: `touched()` schedules a recompute
 * (next macrotask, so after every subscriber, realtime included, saw the fact) for customers someone is
 * looking at (asked for their actions in the last 30 minutes) and publishes `actions.changed` when the list changed.
 * Executing an action writes through ingest, which is built before this service: no wiring cycle.
 */

/** How many of the newest events the features read. */
export const FEATURE_WINDOW = 300;
const SNOOZE_MS = 24 * 3_600_000;
const INTEREST_MS = 30 * 60_000;
const MAX_INTEREST = 2_000;

export interface ActionServiceOptions {
  db: Db;
  /** PostgreSQL: several hubs may share the database, so who looks at which customer is kept in it too (action_interest). */
  dialect?: 'sqlite' | 'postgres';
  customers: CustomerQueries;
  ingest: IngestService;
  /** Subscribed to (customer.updated) and published on (actions.changed). */
  events: DomainEvents & DomainEventPublisher;
  clock?: () => Date;
  onError?: (err: unknown) => void;
}

export interface Computed {
  customerId: string;
  features: CustomerFeatures;
  actions: RankedAction[];
}

const listKey = (actions: readonly RecommendedAction[]) => actions.map((a) => a.id).join(',');

export class SqlActionService implements ActionService {
  readonly store: SqlFeedbackStore;
  private readonly clock: () => Date;
  /** Customers whose actions were asked for recently -> key of the list last sent for the agent role. */
  private readonly interest = new Map<string, { until: number; lastKey: string | null }>();
  private pending = new Set<string>();
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly unsubscribe: Unsubscribe;
  /** Interest other hubs registered (PostgreSQL); null on SQLite, where one process owns the database. */
  private readonly shared: SharedInterest | null;

  constructor(private readonly o: ActionServiceOptions) {
    this.store = new SqlFeedbackStore(o.db);
    this.clock = o.clock ?? (() => new Date());
    this.unsubscribe = o.events.subscribe('actions', { 'customer.updated': ({ customerIds }) => this.touched(customerIds) });
    this.shared = o.dialect === 'postgres' ? new SharedInterest(o.db) : null;
  }

  /** Features + ranking for one customer (survivor id resolved). `hide` applies dismissals and snoozes. */
  async compute(actor: Actor, customerId: string, role: Role, hide = true): Promise<Computed | null> {
    const survivor = await this.o.customers.resolveId(actor, customerId);
    if (!survivor) return null;
    const now = this.clock();
    const [profile, items, { stats, version }, hidden] = await Promise.all([
      this.o.customers.profile(actor, survivor),
      eventWindow(this.o.db, survivor, FEATURE_WINDOW),
      this.store.stats(),
      hide ? this.store.hidden(survivor, now.getTime() * 1000) : Promise.resolve(new Set<string>()),
    ]);
    if (!profile) return null;
    const features = computeFeatures({ items, stats: profile.stats, now, value: profile.value ?? null, consents: profile.consents ?? null });
    // Seeded by customer + feedback version: the order is stable until feedback changes the posteriors.
    const rng = seededRng(fnv1a(`${survivor}|${version}`));
    const { actions } = rankActions({ customerId: survivor, features, role, stats, rng, hidden });
    return { customerId: survivor, features, actions };
  }

  async list(actor: Actor, customerId: string): Promise<RecommendedAction[] | null> {
    const user = userOf(actor);
    const c = await this.compute(actor, customerId, user.role);
    if (!c) return null;
    const actions = c.actions.map(toPublic);
    const prev = this.interest.get(c.customerId);
    this.interest.delete(c.customerId); // re-insert: Map order = least recently asked first
    this.interest.set(c.customerId, { until: this.clock().getTime() + INTEREST_MS, lastKey: user.role === 'agent' ? listKey(actions) : (prev?.lastKey ?? null) });
    while (this.interest.size > MAX_INTEREST) this.interest.delete(this.interest.keys().next().value!);
    await this.shared?.register(c.customerId, this.clock().getTime() + INTEREST_MS);
    return actions;
  }

  async feedback(actor: Actor, actionId: string, input: ActionFeedbackRequest): Promise<ActionFeedbackResponse> {
    const user = userOf(actor);
    const parsed = this.parse(actionId);
    const survivor = await this.o.customers.resolveId(actor, parsed.customerId);
    if (!survivor) throw new InputError('id', `no customer for action "${actionId}"`, 'not_found');
    const now = this.clock().getTime();
    await this.store.record({
      actionId,
      customerId: survivor,
      kind: parsed.kind,
      segment: parsed.segment,
      outcome: input.outcome,
      ...(input.reason ? { reason: input.reason } : {}),
      userId: user.id,
      catalogVersion: CATALOG_VERSION,
      atUs: now * 1000,
      ...(input.outcome === 'snoozed' ? { untilUs: (now + SNOOZE_MS) * 1000 } : {}),
    });
    return { ok: true, actionId, outcome: input.outcome };
  }

  async execute(actor: Actor, actionId: string): Promise<ActionExecuteResponse> {
    const user = userOf(actor);
    const parsed = this.parse(actionId);
    const def = definitionOf(parsed.kind);
    if (!def.roles.includes(user.role)) throw new ActionForbiddenError('id', `role "${user.role}" may not execute ${parsed.kind}`);
    const c = await this.compute(actor, parsed.customerId, user.role, false);
    if (!c) throw new InputError('id', `no customer for action "${actionId}"`, 'not_found');
    const action = c.actions.find((a) => a.id === actionId);
    if (!action) {
      // Executed a moment ago (a double click, a retry): the same answer as ingest's duplicate, not a 409.
      const done = await recentExecution(this.o.db, actionId, this.clock());
      if (done) return { actionId, kind: parsed.kind, customerId: (await this.o.customers.resolveId(actor, done.customerId)) ?? done.customerId, eventId: done.id, status: 'duplicate' };
      throw new InputError('id', 'this action no longer applies: reload the customer’s actions', 'conflict');
    }
    const profile = await this.o.customers.profile(actor, c.customerId);
    const ref = profile ? refFor(profile) : null;
    if (!ref) throw new InputError('id', 'the customer has no identifier to attach the event to', 'conflict');
    const now = this.clock();
    const outcome = await this.o.ingest.ingest(actor, [executionEvent(action, ref, user, now)]);
    const result = outcome.results[0]!;
    if (result.status === 'created') {
      await this.store.record({ actionId, customerId: c.customerId, kind: action.kind, segment: action.segment, outcome: 'executed', userId: user.id, catalogVersion: CATALOG_VERSION, atUs: now.getTime() * 1000, actor, eventId: result.eventId });
    }
    return { actionId, kind: action.kind, customerId: result.customerId, eventId: result.eventId, status: result.status };
  }

  /** After commit: recompute watched customers off the ingest path (next macrotask), publishing changes. */
  touched(customerIds: readonly string[]): void | Promise<void> {
    if (this.closed) return;
    const now = this.clock().getTime();
    const elsewhere: string[] = [];
    for (const id of customerIds) {
      const i = this.interest.get(id);
      if (!i) elsewhere.push(id);
      else if (i.until < now) this.interest.delete(id);
      else this.pending.add(id);
    }
    this.schedule();
    // Asked for on another hub: this hub ingested the event, so it recomputes and pushes (through the Redis adapter).
    if (this.shared && elsewhere.length > 0)
      return this.shared.interested(elsewhere, now).then((ids) => {
        if (this.closed) return;
        for (const id of ids) {
          this.interest.set(id, { until: now + INTEREST_MS, lastKey: null });
          this.pending.add(id);
        }
        this.schedule();
      });
  }

  private schedule(): void {
    if (this.pending.size > 0 && !this.running) this.running = new Promise((r) => setImmediate(r)).then(() => this.drain());
  }

  /** Resolves once scheduled recomputes are done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.pending.clear();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0 && !this.closed) {
        const [id] = this.pending;
        this.pending.delete(id!);
        try {
          const c = await this.compute(SWEEP, id!, 'agent');
          if (!c || this.closed) continue;
          const actions = c.actions.map(toPublic);
          const key = listKey(actions);
          const i = this.interest.get(c.customerId) ?? this.interest.get(id!);
          if (i && i.lastKey === key) continue;
          if (i) i.lastKey = key;
          this.o.events.publish('actions.changed', { customerId: c.customerId, actions });
        } catch (err) {
          if (!this.closed) this.o.onError?.(err);
        }
      }
    } finally {
      this.running = null;
    }
  }

  private parse(actionId: string) {
    const parsed = parseActionId(actionId);
    if (!parsed) throw new InputError('id', 'not an action id issued by this hub (expected act.<kind>.<segment>.<customer>.<hash>)');
    return parsed;
  }
}

/** After-commit recomputes act as the system (nobody asked; the list is pushed to whoever watches). */
const SWEEP = systemActor('sweep');

/** Actions are ranked for a person's role and credited to them: a system actor may not use them. */
function userOf(actor: Actor): User {
  if (actor.kind !== 'user') throw new ForbiddenError('authorization', `recommended actions are for a signed-in user, not ${actor.name}`);
  return { id: actor.userId, email: actor.email, name: actor.name ?? actor.email, role: actor.role };
}

/** action_interest: which customers' actions someone asked for lately, on any hub of this database. */
class SharedInterest {
  /** What this hub last wrote per customer: re-written only when half its time is used up (one write per ~15 min per customer). */
  private readonly written = new Map<string, number>();
  constructor(private readonly db: Db) {}

  async register(customerId: string, untilMs: number): Promise<void> {
    const prev = this.written.get(customerId);
    if (prev !== undefined && prev - untilMs > -INTEREST_MS / 2) return;
    if (this.written.size >= MAX_INTEREST) this.written.delete(this.written.keys().next().value!);
    this.written.set(customerId, untilMs);
    const until_us = untilMs * 1000;
    await this.db
      .insertInto('action_interest')
      .values({ customer_id: customerId, until_us })
      .onConflict((oc) => oc.column('customer_id').doUpdateSet({ until_us }))
      .execute();
  }

  /** Which of these customers someone looks at now (one indexed query per committed batch). */
  async interested(customerIds: readonly string[], nowMs: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < customerIds.length; i += 1000) {
      const rows = await this.db
        .selectFrom('action_interest')
        .select('customer_id')
        .where('customer_id', 'in', customerIds.slice(i, i + 1000))
        .where('until_us', '>', nowMs * 1000)
        .execute();
      for (const r of rows) out.push(r.customer_id);
    }
    return out;
  }
}
