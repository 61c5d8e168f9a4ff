import type { Channel } from '../../../shared/index.js';
import type { LateDelivery } from '../delivery-facts.js';
import { ago, clamp01, DAY, HOUR, money, reason, type ActionDefinition } from './types.js';

/*
 * Service actions: someone is waiting, unhappy, or about to be surprised. Not promotional, so
 * marketing consent does not gate them.
 */

const STAFF = ['agent', 'lead', 'admin', 'associate'] as const;
const CHANNEL_NAME: Partial<Record<Channel, string>> = { email: 'email', sms: 'SMS', chat: 'chat', social: 'social', phone: 'phone' };

export const escalateToLead: ActionDefinition = {
  kind: 'escalate_to_lead',
  version: 1,
  baseWeight: 0.95,
  promotional: false,
  // Leads and admins are the escalation target.
  roles: ['agent', 'associate'],
  capMs: DAY,
  execute: { label: 'Create an escalation task for a lead', creates: 'task' },
  when(f) {
    const n = f.recentInbound.count7d;
    const neg = f.sentiment.negative.eventIds.length;
    const words = f.sentiment.escalationWords.eventIds.length;
    const unhappy = (f.sentiment.recent ?? 0) < -0.1 || neg >= 2;
    if (!((n >= 3 && unhappy) || (words > 0 && neg > 0))) return null;
    const strength = clamp01(0.45 + 0.08 * Math.max(0, n - 3) + 0.1 * Math.min(neg, 3) + (words > 0 ? 0.2 : 0) + (f.segment === 'vip' ? 0.1 : 0));
    const reasons = [reason(`${n} contacts from the customer in the last 7 days`, f.recentInbound.eventIds)];
    if (neg > 0) reasons.push(reason(`Unhappy words in ${neg} recent message${neg > 1 ? 's' : ''}${(f.sentiment.recent ?? 0) < -0.2 ? ', the tone is clearly negative' : ''}`, f.sentiment.negative.eventIds));
    if (words > 0) reasons.push(reason('Asked for a manager, complained or threatened to leave', f.sentiment.escalationWords.eventIds));
    if (f.lateDelivery) reasons.push(reason(lateText(f.lateDelivery), f.lateDelivery.eventIds));
    return { strength, title: 'Escalate to a team lead: repeated contacts and rising frustration', reasons };
  },
};

export const goodwillCredit: ActionDefinition = {
  kind: 'goodwill_credit',
  version: 1,
  baseWeight: 0.6,
  promotional: false,
  // Money: not for store associates.
  roles: ['agent', 'lead', 'admin'],
  capMs: 30 * DAY,
  execute: { label: 'Issue a goodwill credit', creates: 'credit' },
  when(f) {
    // Only a problem the order facts show: a late delivery, or a return the records say is open.
    const openReturn = f.openReturn && !f.openReturn.fromWords ? f.openReturn : null;
    const problem = f.lateDelivery ?? openReturn;
    if (!problem) return null;
    // Unhappy: a negative tone, or two contacts whose words are unhappy (not just two contacts).
    const unhappy = (f.sentiment.recent ?? 0) < 0 || f.unhappyContacts.count7d >= 2;
    if (!unhappy) return null;
    const amount = Math.min(25, Math.max(10, Math.round((f.lastPurchase?.total ?? 100) * 0.1)));
    const strength = clamp01(0.4 + (f.segment === 'vip' ? 0.25 : f.segment === 'regular' ? 0.1 : 0) + Math.min(0.2, (f.lateDelivery?.daysLate ?? 0) * 0.05) + ((f.sentiment.recent ?? 0) < -0.2 ? 0.15 : 0));
    const reasons = [reason(f.lateDelivery ? lateText(f.lateDelivery) : `A return${openReturn?.orderNumber ? ` on ${openReturn.orderNumber}` : ''} is still open, no refund yet`, problem.eventIds)];
    if (f.sentiment.negative.eventIds.length > 0) reasons.push(reason('The customer is unhappy', f.sentiment.negative.eventIds));
    if (f.segment === 'vip') reasons.push(reason(`High-value customer: lifetime ${money(f.lifetimeValue, f.currency)}`, f.lastPurchase?.eventIds ?? []));
    return { strength, title: `Offer a ${money(amount, f.currency)} goodwill credit`, reasons, details: { amount, currency: f.currency } };
  },
};

export const proactiveDeliveryUpdate: ActionDefinition = {
  kind: 'proactive_delivery_update',
  version: 1,
  baseWeight: 0.85,
  promotional: false,
  roles: STAFF,
  capMs: 2 * DAY,
  execute: { label: 'Log a proactive delivery update to the customer', creates: 'note' },
  when(f) {
    const late = f.lateDelivery ?? f.deliveryQuestion;
    if (!late) return null;
    const asked = late.eventIds.length - (f.lateDelivery ? 0 : 1);
    const strength = late.basis === 'customer_asks' ? clamp01(0.5 + 0.1 * asked) : clamp01((late.basis === 'carrier_delay' ? 0.75 : 0.7) + late.daysLate * 0.05);
    return {
      strength,
      title: `Send a proactive delivery update${late.orderNumber ? ` for ${late.orderNumber}` : ''}`,
      reasons: [reason(lateText(late), late.eventIds)],
      details: late.orderNumber ? { orderNumber: late.orderNumber } : {},
    };
  },
};

/** What the order facts say, in words (never a bare number without its unit). */
export function lateText(late: LateDelivery): string {
  const order = late.orderNumber ? `Order ${late.orderNumber}` : 'The latest order';
  const days = (n: number) => `${Math.max(1, Math.round(n))} day${Math.round(n) <= 1 ? '' : 's'}`;
  switch (late.basis) {
    case 'promised_date_passed':
      return late.daysLate >= 1 ? `${order} is ${days(late.daysLate)} past its promised delivery date, not delivered` : `${order} missed its promised delivery date, not delivered`;
    case 'carrier_delay':
      return `The carrier reports a delay on ${order.replace(/^Order/, 'order').replace(/^The latest/, 'the latest')}`;
    case 'long_in_transit':
      return `${order} shipped ${ago(late.daysSinceShipped * DAY)} and is still not delivered`;
    case 'customer_asks':
      return `The customer asked where ${order.replace(/^Order/, 'order').replace(/^The latest/, 'the latest')} is: ${late.shipped ? 'shipped' : 'placed'} ${ago(late.daysSinceShipped * DAY)}, not delivered yet`;
  }
}

export const scheduleCallback: ActionDefinition = {
  kind: 'schedule_callback',
  version: 1,
  baseWeight: 0.8,
  promotional: false,
  roles: STAFF,
  capMs: DAY,
  execute: { label: 'Schedule a callback task', creates: 'task' },
  when(f) {
    const missed = f.openConversations.find((c) => c.channel === 'phone' && c.missedCall);
    if (missed) {
      const strength = clamp01(0.6 + 0.15 * (missed.eventIds.length - 1));
      return { strength, title: 'Call the customer back', reasons: [reason(`${missed.eventIds.length} missed call${missed.eventIds.length > 1 ? 's' : ''} without a callback, first ${ago(f.nowMs - missed.sinceMs)}`, missed.eventIds)] };
    }
    // Many calls are a sign only with an unhappy word somewhere: three calm calls are just a chatty customer.
    if (f.contacts7d.phone >= 3 && (f.unhappyContacts.count7d > 0 || (f.sentiment.recent ?? 0) < 0)) {
      return { strength: 0.45, title: 'Book a callback to settle this in one conversation', reasons: [reason(`${f.contacts7d.phone} calls in the last 7 days`, f.recentInbound.eventIds)] };
    }
    return null;
  },
};

export const replyNow: ActionDefinition = {
  kind: 'reply_now',
  version: 1,
  baseWeight: 1,
  promotional: false,
  roles: STAFF,
  capMs: HOUR,
  execute: { label: 'Create a reply task on the waiting channel', creates: 'task' },
  when(f) {
    const waiting = f.openConversations.find((c) => !c.missedCall);
    if (!waiting) return null;
    const hours = (f.nowMs - waiting.sinceMs) / HOUR;
    const strength = clamp01(0.5 + Math.min(0.4, hours / 48) + 0.05 * (waiting.eventIds.length - 1));
    const name = CHANNEL_NAME[waiting.channel] ?? waiting.channel;
    return {
      strength,
      title: `Reply on ${name}: the customer is waiting`,
      reasons: [reason(`Unanswered ${name} message${waiting.eventIds.length > 1 ? 's' : ''} since ${ago(f.nowMs - waiting.sinceMs)}`, waiting.eventIds)],
      details: { channel: waiting.channel },
    };
  },
};

export const holdNotifications: ActionDefinition = {
  kind: 'hold_notifications',
  version: 1,
  baseWeight: 0.9,
  promotional: false,
  roles: STAFF,
  capMs: 2 * HOUR,
  execute: { label: 'Hold outbound notifications while the customer is in store', creates: 'suppression' },
  when(f) {
    const s = f.inStoreNow;
    if (!s) return null;
    return {
      strength: 1,
      title: `Hold notifications: the customer is in ${s.storeName} right now`,
      reasons: [reason(`Checked in at ${s.storeName} ${ago(f.nowMs - s.atMs)}, no exit since`, s.eventIds)],
      details: { storeId: s.storeId, until: new Date(s.atMs + 2 * HOUR).toISOString() },
    };
  },
};

export const storePickupAlternative: ActionDefinition = {
  kind: 'store_pickup_alternative',
  version: 1,
  baseWeight: 0.65,
  promotional: false,
  roles: STAFF,
  capMs: 3 * DAY,
  execute: { label: 'Offer pickup at another store', creates: 'note' },
  when(f) {
    const oos = f.outOfStock;
    if (!oos) return null;
    const store = f.preferredStore;
    const strength = clamp01((oos.storeId || oos.title ? 0.75 : 0.5) + (store ? 0.15 : 0));
    const what = oos.title ?? 'The item';
    const reasons = [reason(`${what} is out of stock${store ? ` at ${store.storeName}` : ''}`, oos.eventIds)];
    if (store) reasons.push(reason(`Preferred store: ${store.storeName} (${store.visits} visits this year)`, store.eventIds));
    return { strength, title: `Offer ${what.toLowerCase() === 'the item' ? 'the item' : what} for pickup at another store`, reasons, details: store ? { preferredStoreId: store.storeId } : {} };
  },
};
