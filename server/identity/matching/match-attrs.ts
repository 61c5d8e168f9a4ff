import { EVENT_FIELDS, eventFields, type EventField } from './profile-attributes.js';

/*
 * A customer's event-derived match attributes (birth date, address, postcode…), each with the seq and id of the
 * event it came from. Rebuilding from the timeline applies events in seq order, each overwriting only the fields
 * it sets; so the newest-seq value per field is the answer, which makes both updates cheap and exact:
 * - a new event: its fields replace older ones (an older seq never replaces a newer one);
 * - a merge: per field, the newer of the two customers' values.
 * An upsert re-stamps an event under a new seq with new data: if that event supplied a field, the customer is
 * recomputed from its events (the old data may have set something the new data does not).
 */

export interface Stamped {
  value: string;
  seq: number;
  eventId: string;
}
export type MatchAttrs = Partial<Record<EventField, Stamped>>;

/** An event as the attributes see it: its id, seq and the fields its data sets (eventFields). */
export interface AttrEvent {
  id: string;
  seq: number;
  fields: Partial<Record<EventField, string>>;
}

export const attrEvent = (id: string, seq: number, data: Record<string, unknown>): AttrEvent => ({ id, seq, fields: eventFields(data) });

/** Applies one event (in any order: only a newer seq replaces). */
export function applyEvent(attrs: MatchAttrs, e: AttrEvent): void {
  for (const f of EVENT_FIELDS) {
    const v = e.fields[f];
    if (v === undefined) continue;
    const cur = attrs[f];
    if (!cur || cur.seq <= e.seq) attrs[f] = { value: v, seq: e.seq, eventId: e.id };
  }
}

/** True when a stored field came from this event (an upsert of it must recompute). */
export function suppliedBy(attrs: MatchAttrs, eventId: string): boolean {
  return EVENT_FIELDS.some((f) => attrs[f]?.eventId === eventId);
}

/** The survivor's attributes after a merge: per field, the newer value. */
export function mergeAttrs(a: MatchAttrs, b: MatchAttrs): MatchAttrs {
  // Same result in either order: per field the newest seq wins.
  const out: MatchAttrs = {};
  for (const f of EVENT_FIELDS) {
    const x = a[f];
    const y = b[f];
    const pick = x && y ? (x.seq >= y.seq ? x : y) : (x ?? y);
    if (pick) out[f] = pick;
  }
  return out;
}

/** Plain values for a record input. */
export function attrValues(attrs: MatchAttrs): Partial<Record<EventField, string>> {
  const out: Partial<Record<EventField, string>> = {};
  for (const f of EVENT_FIELDS) if (attrs[f]) out[f] = attrs[f].value;
  return out;
}

export function parseAttrs(json: string): MatchAttrs {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as MatchAttrs) : {};
  } catch {
    return {};
  }
}
