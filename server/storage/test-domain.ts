import type { CustomerSplitEvent, RecommendedAction, CustomerSummary, IngestEvent, MergeRecord, TimelineItem } from '../../shared/index.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import { DomainEventBus, type DomainEvents, type Unsubscribe } from '../events/bus.js';
import type { Dialect } from './schema.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

/*
 * Test support (not imported by production code): a real domain on a fresh database of the
 * given dialect, a recorder of every fact its event bus delivers, and an event builder.
 */

/** Subscribes to a domain event bus and records each fact, one entry per item / customer. */
export class EventRecorder {
  calls: ({ kind: 'item'; customerId: string; item: TimelineItem } | { kind: 'updated'; customer: CustomerSummary } | { kind: 'merged'; merge: MergeRecord } | { kind: 'split'; split: CustomerSplitEvent })[] = [];
  /** Runs inside each delivery (e.g. to check the transaction already committed); a throw fails that delivery. */
  onCall?: () => void;
  /** `actions.changed` facts, kept apart from `calls`: they arrive asynchronously after ingest. */
  actionUpdates: { customerId: string; actions: RecommendedAction[] }[] = [];
  /** Errors reported on the bus (failing subscribers, after-commit reads, background recomputes). */
  errors: unknown[] = [];

  private events: DomainEvents | null = null;

  attach(events: DomainEvents): Unsubscribe {
    this.events = events;
    const items = (list: readonly TimelineItem[]) => {
      for (const item of list) this.record({ kind: 'item', customerId: item.customerId, item });
    };
    return events.subscribe('test-recorder', {
      'customer.merged': (merge) => this.record({ kind: 'merged', merge }),
      'event.created': ({ items: list }) => items(list),
      'event.updated': ({ items: list }) => items(list),
      'customer.updated': async ({ customerIds, summaries }) => {
        for (const customer of await summaries(customerIds)) this.record({ kind: 'updated', customer });
      },
      'customer.split': (split) => this.record({ kind: 'split', split }),
      'actions.changed': ({ customerId, actions }) => void this.actionUpdates.push({ customerId, actions: [...actions] }),
    });
  }

  /** Waits until the bus delivered everything published so far (summaries are read on demand, after ingest answered). */
  async settled(): Promise<void> {
    await this.events?.idle();
  }

  /** Forgets what was recorded so far, after it has all arrived. */
  async clear(): Promise<void> {
    await this.settled();
    this.calls = [];
    this.errors = [];
  }

  private record(call: EventRecorder['calls'][number]): void {
    this.onCall?.();
    this.calls.push(call);
  }
}

/** A bus whose errors land in `recorder.errors`, with the recorder attached. */
export function recordingBus(recorder = new EventRecorder()): DomainEventBus {
  const bus = new DomainEventBus({ onError: (e) => recorder.errors.push(e) });
  recorder.attach(bus);
  return bus;
}

export async function openTestDomain(
  dialect: Dialect,
  defaultRegion = 'US',
): Promise<{ domain: SqlDomain; fanOut: EventRecorder; database: TestDatabase }> {
  const fanOut = new EventRecorder();
  const database = await openTestDatabase(dialect);
  const domain = await domainOn(database, { defaultRegion, events: recordingBus(fanOut) });
  return { domain, fanOut, database };
}

let counter = 0;
/** A valid event; override anything. Each call gets a fresh sourceEventId. */
export function testEvent(customer: IngestEvent['customer'], over: Partial<IngestEvent> = {}): IngestEvent {
  counter++;
  return {
    source: 'test',
    sourceEventId: `e${counter}`,
    channel: 'email',
    type: 'email.received',
    occurredAt: new Date(Date.UTC(2024, 4, 1, 10, 0, counter % 60)).toISOString(),
    customer,
    summary: `event ${counter}`,
    data: {},
    ...over,
  };
}
