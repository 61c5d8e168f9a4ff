import { isAcceptedMicros, isoToMicros, TIME_RANGE_MESSAGE, type IngestEvent } from '../../shared/index.js';
import { InputError } from '../domain.js';
import { displayCandidate, type DisplayCandidate } from '../identity/display-name.js';
import { identifiersOf, normalizeOrderRef, type Identifier } from '../identity/normalize.js';

/** One event after validation and normalization, ready for the write transaction. */
export interface PreparedEvent {
  index: number;
  event: IngestEvent;
  /** `${source}\u0000${sourceEventId}`: the idempotency key. */
  dedupeKey: string;
  identifiers: Identifier[];
  display: DisplayCandidate;
  occurredUs: number;
  dataJson: string;
  /** Normalized order/receipt numbers this event makes searchable. */
  orderRefs: string[];
}

/**
 * Normalizes the whole batch before anything is written: the first problem throws an
 * InputError whose path is `${pathPrefix}[i].field` (default prefix `events`), so a bad
 * phone in event 3 reports `events[3].customer.phone` and nothing is written.
 */
export function prepareBatch(events: readonly IngestEvent[], defaultRegion: string, pathPrefix = 'events'): PreparedEvent[] {
  return events.map((event, index) => {
    const path = `${pathPrefix}[${index}]`;
    const identifiers = identifiersOf(event.customer, defaultRegion, `${path}.customer`);
    const occurredUs = isoToMicros(event.occurredAt);
    if (occurredUs === null) throw new InputError(`${path}.occurredAt`, 'must be an ISO 8601 date-time with an offset, e.g. 2024-05-01T10:00:00Z');
    // Callers that skip the schema (imports) get the same window: outside it microseconds are not exact.
    if (!isAcceptedMicros(occurredUs)) throw new InputError(`${path}.occurredAt`, TIME_RANGE_MESSAGE);
    const data = event.data ?? {};
    let dataJson: string;
    try {
      dataJson = JSON.stringify(data);
    } catch {
      throw new InputError(`${path}.data`, 'data must be JSON-serializable');
    }
    const orderRefs = new Set<string>();
    for (const field of ['orderNumber', 'receiptNumber']) {
      const ref = normalizeOrderRef(data[field]);
      if (ref) orderRefs.add(ref);
    }
    return {
      index,
      event,
      dedupeKey: `${event.source}\u0000${event.sourceEventId}`,
      identifiers,
      display: displayCandidate(event.customer, identifiers),
      occurredUs,
      dataJson,
      orderRefs: [...orderRefs],
    };
  });
}
