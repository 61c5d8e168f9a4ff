import { isAcceptedMicros, isoToMicros, microsToIso, TIME_RANGE_MESSAGE, type IngestEvent } from '../../shared/index.js';
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

const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25];
/** (position, char code) pairs, flat: - - T : : . Z */
const PUNCT_AT = [4, 45, 7, 45, 10, 84, 13, 58, 16, 58, 19, 46, 26, 90];

/**
 * The one spelling microsToIso writes (`2024-05-01T10:00:00.123456Z`, which most feeds echo) read
 * without a regex; null for anything else (any other valid spelling goes through isoToMicros, whose
 * calendar rules this keeps: no 30 February, no hour 24, years from 1000). For a non-null answer
 * microsToIso(answer) is the input itself.
 */
export function canonicalIsoToMicros(s: string): number | null {
  if (s.length !== 27) return null;
  // Plain loops over constant tables, no closures: this runs once per ingested event.
  for (let i = 0; i < PUNCT_AT.length; i += 2) if (s.charCodeAt(PUNCT_AT[i]!) !== PUNCT_AT[i + 1]) return null;
  for (let i = 0; i < DIGIT_AT.length; i++) {
    const c = s.charCodeAt(DIGIT_AT[i]!);
    if (c < 48 || c > 57) return null;
  }
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  const h = digits(s, 11, 13);
  const mi = digits(s, 14, 16);
  const sec = digits(s, 17, 19);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec) * 1000 + digits(s, 20, 26);
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

function daysIn(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}
