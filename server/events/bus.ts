/*
 * The domain's in-process event bus: facts published AFTER COMMIT by ingest, merges and undo
 * (later: conversations), consumed by realtime, next actions, customer value, and later SLA, routing,
 * metrics and the duplicates index. It is not socket push: realtime is one subscriber among others.
 *
 * Usage (a feature subscribes once, at wiring time, and unsubscribes on close):
 *
 *   const stop = domain.events.subscribe('duplicates-index', {
 *     'customer.merged': (merge) => index.forget(merge.fromId),
 *     'customer.updated': async ({ customerIds }) => { await index.refresh(customerIds); },
 *   });
 *   // publishers (after their transaction committed):  bus.publish('customer.split', split);
 *
 * Delivery order:
 * - `publish` hands the fact to every subscriber in subscription order before it returns; it never throws
 *   and never waits for a subscriber. A failing handler (throw or rejection) goes to `onError`; the
 *   publisher and the other subscribers carry on.
 * - Each subscriber sees the facts it handles one at a time, in publish order: when a handler returns a
 *   promise, that subscriber's next facts wait for it (other subscribers are not held back). A subscriber
 *   with synchronous handlers therefore sees each fact during `publish` itself.
 * - Publishers publish in commit order (ingest under its write lock), so every subscriber sees commit order.
 * - Payloads are shared between subscribers: treat them as read-only.
 */
import type { Conversation, CustomerActivity, CustomerSplitEvent, CustomerSummary, InboxCounts, MergeRecord, RecommendedAction, TimelineItem } from '../../shared/index.js';

import type { SlaAlert } from '../../shared/sla.js';
import type { Presence, PresenceState } from '../../shared/presence.js';
import type { RoutingOffer, RoutingOfferEnded } from '../../shared/routing.js';
import type { MentionCreatedEvent } from '../../shared/outbound.js';
import type { MetricsUpdatedEvent } from '../../shared/metrics.js';

/** The one map of fact name -> payload. A new fact is one line here (plus its publisher). */
export interface DomainEventMap {
  /** New timeline rows of one committed ingest batch, in seq order, attributed to survivors. */
  'event.created': { items: readonly TimelineItem[] };
  /** Stored items an upsert changed (same id, new seq), in seq order. */
  'event.updated': { items: readonly TimelineItem[] };
  /**
   * Customers whose summary changed (survivor ids). `summaries(ids)` reads the fresh summaries of some of
   * them (those someone watches): read only on demand, because a bulk import touches thousands of customers
   * nobody looks at, and reading every summary cost a bulk load about a tenth of its time.
   */
  'customer.updated': {
    customerIds: readonly string[];
    summaries(customerIds: readonly string[]): Promise<readonly CustomerSummary[]>;
    /** Of `customerIds`, those whose name or identifiers changed, when the publisher knows (ingest); absent = any may have. */
    identityChangedIds?: readonly string[];
  };
  /** A merge committed (by ingest or by hand): `fromId` now resolves to `intoId`. Published before that batch's items. */
  'customer.merged': MergeRecord;
  /** An undo committed: `restoredId` is its own customer again, out of survivor `fromId`. */
  'customer.split': CustomerSplitEvent;
  /** The agent-role next actions of a customer someone is looking at changed (server/actions). */
  'actions.changed': { customerId: string; actions: readonly RecommendedAction[] };
  /**
   * Conversations created or changed (server/conversations), final state; `was` = the queue and assignee each
   * had before (so the old owner's inbox hears too). `counts(userId?)` reads the inbox counts on demand.
   */
  'conversation.updated': {
    conversations: readonly Conversation[];
    was: readonly { queueId: string | null; assigneeId: string | null }[];
    counts(userId: string | null): Promise<InboxCounts>;
  };
  /** Who is viewing / replying, a live call or a store visit changed for these customers (server/collision); `read` reads them on demand. */
  'activity.changed': { customerIds: readonly string[]; read(customerIds: readonly string[]): Promise<readonly CustomerActivity[]> };
}
export interface DomainEventMap {
  /** A conversation's SLA clock is 15 min from its deadline (server/sla/sla-sweep.ts; once per clock and deadline, on one hub). */
  'sla.warning': SlaAlert;
  /** A conversation's SLA clock passed its deadline: one per missed response. */
  'sla.breached': SlaAlert;
}
export interface DomainEventMap {
  /**
   * An agent's presence changed (server/presence; published by the hub that changed the row). `shown`: the
   * sockets already have it (a chosen change goes out before its commit; realtime does not send it again).
   */
  'presence.changed': { presence: Presence; was: PresenceState; shown?: true };
  /** A conversation was offered to `userId` (server/routing). */
  'routing.offered': { userId: string; offer: RoutingOffer };
  /** That offer ended (accepted, declined, expired, withdrawn). */
  'routing.offer-ended': { userId: string; ended: RoutingOfferEnded };
}
export interface DomainEventMap {
  /** A note mentioned `userId` (server/outbound): their user room hears `mention:created`. */
  'mention.created': { userId: string; mention: MentionCreatedEvent };
}
export interface DomainEventMap {
  /** Floor figures changed (server/metrics): to the user rooms of `userIds` (those with dashboard.view). */
  'metrics.updated': { userIds: readonly string[]; event: MetricsUpdatedEvent };
}
export type DomainEventName = keyof DomainEventMap;
export type DomainEventHandler<N extends DomainEventName> = (payload: DomainEventMap[N]) => void | Promise<void>;
/** One subscriber: a handler per fact it cares about. */
export type DomainEventHandlers = { [N in DomainEventName]?: DomainEventHandler<N> };
export type Unsubscribe = () => void;

/** The subscribe side, what the Domain exposes. */
export interface DomainEvents {
  /** `name` says who is listening in error reports. Returns the unsubscribe function. */
  subscribe(name: string, handlers: DomainEventHandlers): Unsubscribe;
  /** Resolves once every subscriber has finished what was published so far (tests, shutdown). */
  idle(): Promise<void>;
}

/** The publish side, for the services that commit facts. */
export interface DomainEventPublisher {
  publish<N extends DomainEventName>(name: N, payload: DomainEventMap[N]): void;
  /** For a publisher's own after-commit failure (e.g. reading summaries to publish): same channel as subscriber errors. */
  reportError(err: unknown): void;
}

export interface DomainEventBusOptions {
  /** Where failing handlers go; default: console.error. */
  onError?: (err: unknown, where: { subscriber: string; event: DomainEventName | null }) => void;
}

interface Subscriber {
  name: string;
  handlers: DomainEventHandlers;
  /** Set while an async handler runs: later facts for this subscriber chain onto it. */
  backlog: Promise<void> | null;
  waiting: number;
  active: boolean;
}

export class DomainEventBus implements DomainEvents, DomainEventPublisher {
  private subscribers: Subscriber[] = [];

  constructor(private readonly opts: DomainEventBusOptions = {}) {}

  subscribe(name: string, handlers: DomainEventHandlers): Unsubscribe {
    const sub: Subscriber = { name, handlers, backlog: null, waiting: 0, active: true };
    this.subscribers = [...this.subscribers, sub];
    return () => {
      sub.active = false;
      this.subscribers = this.subscribers.filter((s) => s !== sub);
    };
  }

  publish<N extends DomainEventName>(name: N, payload: DomainEventMap[N]): void {
    // A snapshot: subscribing or unsubscribing inside a handler affects the next publish, not this one.
    for (const sub of this.subscribers) {
      const handler = sub.handlers[name] as DomainEventHandler<N> | undefined;
      if (!handler) continue;
      if (sub.backlog) this.enqueue(sub, name, () => handler(payload));
      else this.run(sub, name, () => handler(payload));
    }
  }

  reportError(err: unknown): void {
    this.fail(err, 'publisher', null);
  }

  async idle(): Promise<void> {
    for (;;) {
      const pending = this.subscribers.map((s) => s.backlog).filter((b): b is Promise<void> => b !== null);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /** Runs a handler now; if it turns out async, the subscriber's later facts queue behind it. */
  private run(sub: Subscriber, name: DomainEventName, call: () => void | Promise<void>): void {
    let result: void | Promise<void>;
    try {
      result = call();
    } catch (err) {
      this.fail(err, sub.name, name);
      return;
    }
    if (result instanceof Promise) this.track(sub, result.catch((err: unknown) => this.fail(err, sub.name, name)));
  }

  private enqueue(sub: Subscriber, name: DomainEventName, call: () => void | Promise<void>): void {
    this.track(
      sub,
      (sub.backlog ?? Promise.resolve()).then(async () => {
        if (!sub.active) return;
        try {
          await call();
        } catch (err) {
          this.fail(err, sub.name, name);
        }
      }),
    );
  }

  private track(sub: Subscriber, step: Promise<void>): void {
    sub.waiting++;
    sub.backlog = step.finally(() => {
      if (--sub.waiting === 0) sub.backlog = null;
    });
  }

  private fail(err: unknown, subscriber: string, event: DomainEventName | null): void {
    try {
      if (this.opts.onError) this.opts.onError(err, { subscriber, event });
      else console.error(`omni: ${subscriber} failed on ${event ?? 'publish'} after commit:`, err);
    } catch {
      // An error reporter that throws must not reach the publisher either.
    }
  }
}
