import type { ActionExecuteResponse, ActionFeedbackRequest, ActionFeedbackResponse, RecommendedAction, Role, User } from '../../shared/index.js';
import type { ActionService, CustomerQueries, FanOut, IngestService } from '../domain.js';
import { InputError } from '../domain.js';
import { parseActionId } from './action-id.js';
import { CATALOG_VERSION, definitionOf } from './catalog/index.js';
import { rankActions, toPublic, type RankedAction } from './engine.js';
import { ActionForbiddenError } from './errors.js';
import { executionEvent, refFor } from './executor.js';
import { SqlFeedbackStore } from './feedback-store.js';
import { computeFeatures, type CustomerFeatures } from './features.js';
import { fnv1a, seededRng } from './ranking.js';
import type { Db } from '../storage/schema.js';

/*
 * The next-action engine as a service. It READS the timeline beside the data flow: ingest never
 * waits for it. After fan-out, `touched()` schedules a recompute for customers someone is looking at
 * (asked for their actions in the last 30 minutes) and emits `actionsUpdated` when the list changed.
 */

/** How many of the newest events the features read. */
export const FEATURE_WINDOW = 300;
const SNOOZE_MS = 24 * 3_600_000;
const INTEREST_MS = 30 * 60_000;
const MAX_INTEREST = 2_000;

export interface ActionServiceOptions {
  db: Db;
  customers: CustomerQueries;
  /** Lazy: the ingest service is built with a fan-out that already points here. */
  ingest: () => IngestService;
  fanOut: FanOut;
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

  constructor(private readonly o: ActionServiceOptions) {
    this.store = new SqlFeedbackStore(o.db);
    this.clock = o.clock ?? (() => new Date());
  }

  /** Features + ranking for one customer (survivor id resolved). `hide` applies dismissals and snoozes. */
  async compute(customerId: string, role: Role, hide = true): Promise<Computed | null> {
    const survivor = await this.o.customers.resolveId(customerId);
    if (!survivor) return null;
    const now = this.clock();
    const [profile, page, { stats, version }, hidden] = await Promise.all([
      this.o.customers.profile(survivor),
      this.o.customers.timeline(survivor, { limit: FEATURE_WINDOW, channel: undefined }),
      this.store.stats(),
      hide ? this.store.hidden(survivor, now.getTime() * 1000) : Promise.resolve(new Set<string>()),
    ]);
    if (!profile || !page) return null;
    const features = computeFeatures({ items: page.items, stats: profile.stats, now, value: profile.value ?? null });
    // Seeded by customer + feedback version: the order is stable until feedback changes the posteriors.
    const rng = seededRng(fnv1a(`${survivor}|${version}`));
    const { actions } = rankActions({ customerId: survivor, features, role, stats, rng, hidden });
    return { customerId: survivor, features, actions };
  }

  async list(customerId: string, user: User): Promise<RecommendedAction[] | null> {
    const c = await this.compute(customerId, user.role);
    if (!c) return null;
    const actions = c.actions.map(toPublic);
    const prev = this.interest.get(c.customerId);
    this.interest.delete(c.customerId); // re-insert: Map order = least recently asked first
    this.interest.set(c.customerId, { until: this.clock().getTime() + INTEREST_MS, lastKey: user.role === 'agent' ? listKey(actions) : (prev?.lastKey ?? null) });
    while (this.interest.size > MAX_INTEREST) this.interest.delete(this.interest.keys().next().value!);
    return actions;
  }

  async feedback(actionId: string, input: ActionFeedbackRequest, user: User): Promise<ActionFeedbackResponse> {
    const parsed = this.parse(actionId);
    const survivor = await this.o.customers.resolveId(parsed.customerId);
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

  async execute(actionId: string, user: User): Promise<ActionExecuteResponse> {
    const parsed = this.parse(actionId);
    const def = definitionOf(parsed.kind);
    if (!def.roles.includes(user.role)) throw new ActionForbiddenError('id', `role "${user.role}" may not execute ${parsed.kind}`);
    const c = await this.compute(parsed.customerId, user.role, false);
    if (!c) throw new InputError('id', `no customer for action "${actionId}"`, 'not_found');
    const action = c.actions.find((a) => a.id === actionId);
    if (!action) throw new InputError('id', 'this action no longer applies: reload the customer’s actions', 'conflict');
    const profile = await this.o.customers.profile(c.customerId);
    const ref = profile ? refFor(profile) : null;
    if (!ref) throw new InputError('id', 'the customer has no identifier to attach the event to', 'conflict');
    const now = this.clock();
    const outcome = await this.o.ingest().ingest([executionEvent(action, ref, user, now)]);
    const result = outcome.results[0]!;
    if (result.status === 'created') {
      await this.store.record({ actionId, customerId: c.customerId, kind: action.kind, segment: action.segment, outcome: 'executed', userId: user.id, catalogVersion: CATALOG_VERSION, atUs: now.getTime() * 1000 });
    }
    return { actionId, kind: action.kind, customerId: result.customerId, eventId: result.eventId, status: result.status };
  }

  /** After fan-out: recompute watched customers off the ingest path (next macrotask), emitting changes. */
  touched(customerIds: readonly string[]): void {
    if (this.closed) return;
    const now = this.clock().getTime();
    for (const id of customerIds) {
      const i = this.interest.get(id);
      if (!i) continue;
      if (i.until < now) this.interest.delete(id);
      else this.pending.add(id);
    }
    if (this.pending.size > 0 && !this.running) this.running = new Promise((r) => setImmediate(r)).then(() => this.drain());
  }

  /** Resolves once scheduled recomputes are done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.closed = true;
    this.pending.clear();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0 && !this.closed) {
        const [id] = this.pending;
        this.pending.delete(id!);
        try {
          const c = await this.compute(id!, 'agent');
          if (!c || this.closed) continue;
          const actions = c.actions.map(toPublic);
          const key = listKey(actions);
          const i = this.interest.get(c.customerId) ?? this.interest.get(id!);
          if (i && i.lastKey === key) continue;
          if (i) i.lastKey = key;
          this.o.fanOut.actionsUpdated(c.customerId, actions);
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

/** A FanOut that also tells the action service which customers changed. New FanOut methods pass through untouched. */
export function withActionRecompute(inner: FanOut, touched: (customerIds: string[]) => void): FanOut {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'customerUpdated') {
        return (customer: Parameters<FanOut['customerUpdated']>[0]) => {
          target.customerUpdated(customer);
          touched([customer.id]);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
