import { canonicalIsoToMicros, isAcceptedMicros, isoToMicros, microsToIso, TIME_RANGE_MESSAGE, type IngestEvent } from '../../shared/index.js';
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
  /** `occurredUs` as the timeline shows it (microsToIso), without formatting it again when the input already was. */
  occurredIso: string;
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
  const out = new Array<PreparedEvent>(events.length);
  for (let index = 0; index < events.length; index++) out[index] = prepareOne(events[index]!, index, defaultRegion, pathPrefix);
  return out;
}

function prepareOne(event: IngestEvent, index: number, defaultRegion: string, pathPrefix: string): PreparedEvent {
  // Error paths are built only on an error: a batch of valid events never formats them.
  const path = () => `${pathPrefix}[${index}]`;
  const identifiers = identifiersOf(event.customer, defaultRegion, () => `${path()}.customer`);
  const canonical = canonicalIsoToMicros(event.occurredAt);
  const occurredUs = canonical ?? isoToMicros(event.occurredAt);
  if (occurredUs === null) throw new InputError(`${path()}.occurredAt`, 'must be an ISO 8601 date-time with an offset, e.g. 2024-05-01T10:00:00Z');
  // Callers that skip the schema (imports) get the same window: outside it microseconds are not exact.
  if (!isAcceptedMicros(occurredUs)) throw new InputError(`${path()}.occurredAt`, TIME_RANGE_MESSAGE);
  const data = event.data ?? {};
  let dataJson: string;
  try {
    dataJson = JSON.stringify(data);
  } catch {
    throw new InputError(`${path()}.data`, 'data must be JSON-serializable');
  }
  // Most events carry no order number: no Set, no array copy.
  const order = normalizeOrderRef(data['orderNumber']);
  const receipt = normalizeOrderRef(data['receiptNumber']);
  const orderRefs = order === null ? (receipt === null ? [] : [receipt]) : receipt === null || receipt === order ? [order] : [order, receipt];
  return {
    index,
    event,
    dedupeKey: `${event.source}\u0000${event.sourceEventId}`,
    identifiers,
    display: displayCandidate(event.customer, identifiers),
    occurredUs,
    occurredIso: canonical !== null ? event.occurredAt : microsToIso(occurredUs),
    dataJson,
    orderRefs,
  };
}
