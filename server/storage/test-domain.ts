import type { CustomerSplitEvent, RecommendedAction, CustomerSummary, IngestEvent, MergeRecord, TimelineItem } from '../../shared/index.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import type { FanOut } from '../domain.js';
import type { Dialect } from './schema.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

/*
 * Test support (not imported by production code): a real domain on a fresh database of the
 * given dialect, a FanOut that records every call, and an event builder.
 */

export class RecordingFanOut implements FanOut {
  calls: ({ kind: 'item'; customerId: string; item: TimelineItem } | { kind: 'updated'; customer: CustomerSummary } | { kind: 'merged'; merge: MergeRecord } | { kind: 'split'; split: CustomerSplitEvent })[] = [];
  /** Runs inside each call (e.g. to check the transaction already committed). */
  onCall?: () => void;
  timelineItem(customerId: string, item: TimelineItem): void {
    this.onCall?.();
    this.calls.push({ kind: 'item', customerId, item });
  }
  customerUpdated(customer: CustomerSummary): void {
    this.onCall?.();
    this.calls.push({ kind: 'updated', customer });
  }
  customerMerged(merge: MergeRecord): void {
    this.onCall?.();
    this.calls.push({ kind: 'merged', merge });
  }
  customerSplit(split: CustomerSplitEvent): void {
    this.onCall?.();
    this.calls.push({ kind: 'split', split });
  }
  /** `actionsUpdated` calls, kept apart from `calls`: they arrive asynchronously after ingest. */
  actionUpdates: { customerId: string; actions: RecommendedAction[] }[] = [];
  actionsUpdated(customerId: string, actions: RecommendedAction[]): void {
    this.actionUpdates.push({ customerId, actions });
  }
  /** Errors the ingest service caught from this fan-out. */
  errors: unknown[] = [];
  clear(): void {
    this.calls = [];
    this.errors = [];
  }
}

export async function openTestDomain(
  dialect: Dialect,
  defaultRegion = 'US',
): Promise<{ domain: SqlDomain; fanOut: RecordingFanOut; database: TestDatabase }> {
  const fanOut = new RecordingFanOut();
  const database = await openTestDatabase(dialect);
  const domain = await domainOn(database, { defaultRegion, fanOut, onFanOutError: (e) => fanOut.errors.push(e) });
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
