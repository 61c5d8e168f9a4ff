import { classifyEventType, type EventCategory, type EventMeaning, type TimelineItem } from '../../shared/index.js';

/*
 * Which event categories the next-action engine reads, decided once for every category of the
 * shared vocabulary (shared/event-types.ts). A new category fails to compile until it is decided
 * here; a type outside the vocabulary (a custom type sent to the events API) is ignored.
 */

export const ENGINE_READS: Readonly<Record<EventCategory, 'reads' | 'ignores'>> = {
  purchase: 'reads',
  refund: 'reads',
  cancel: 'reads',
  return_open: 'reads',
  return_closed: 'reads',
  cart: 'reads',
  checkout_completed: 'reads',
  shipment: 'reads',
  shipment_delayed: 'reads',
  shipment_delivered: 'reads',
  call: 'reads',
  sms: 'reads',
  email: 'reads',
  email_campaign: 'reads',
  store_visit: 'reads',
  store_pickup: 'reads',
  store_exit: 'reads',
  out_of_stock: 'reads',
  consent_opt_out: 'reads',
  consent_opt_in: 'reads',
  account_created: 'reads',
  conversation_closed: 'reads',
  action_executed: 'reads',
  chat: 'reads',
  social: 'reads',
  // Nobody's words, or nothing an action depends on.
  email_auto: 'ignores',
  account_updated: 'ignores',
  note: 'ignores',
  web_activity: 'ignores',
  identity: 'ignores',
  unknown: 'ignores',
};

const memo = new Map<string, EventMeaning>();

/** The meaning of an event's type (memoized: a hub sees few distinct types). */
export function meaningOf(type: string): EventMeaning {
  let m = memo.get(type);
  if (!m) {
    m = classifyEventType(type);
    if (memo.size < 10_000) memo.set(type, m);
  }
  return m;
}

/** The event's meaning when the engine reads it, null when it explicitly ignores it. */
export function engineMeaning(item: Pick<TimelineItem, 'type'>): EventMeaning | null {
  const m = meaningOf(item.type);
  return ENGINE_READS[m.category] === 'reads' ? m : null;
}
