import { describe, expect, it } from 'vitest';
import { computeFeatures } from './features.js';
import { DAY, EVAL_NOW, HOUR, History, MIN, stats } from './eval/scenario-builder.js';

const features = (h: History, s = stats(0, 0)) => computeFeatures({ items: h.items, stats: s, now: EVAL_NOW });

describe('computeFeatures', () => {
  it('counts contacts per channel in the last 7 and 30 days and inbound contacts with their ids', () => {
    const h = new History('c');
    const a = h.call(2 * DAY, 'hello');
    const b = h.emailIn(3 * DAY, 'question');
    h.emailOut(3 * DAY - HOUR, 'answer');
    h.smsIn(20 * DAY, 'old');
    h.smsIn(40 * DAY, 'older');
    const f = features(h);
    expect(f.contacts7d.phone).toBe(1);
    expect(f.contacts7d.email).toBe(2);
    expect(f.contacts7d.sms).toBe(0);
    expect(f.contacts30d.sms).toBe(1);
    expect(f.recentInbound.eventIds.sort()).toEqual([a, b].sort());
    expect(f.recentInbound.count30d).toBe(3);
  });

  it('finds open conversations: inbound without a later outbound on that channel; answered calls and closed chats are not open', () => {
    const h = new History('o');
    h.emailIn(5 * HOUR, 'waiting');
    const sms = h.smsIn(2 * HOUR, 'also waiting');
    h.emailOut(HOUR, 'answered the email');
    h.call(30 * MIN, 'talked');
    h.chat(20 * MIN, ['thanks'], 'resolved');
    const f = features(h);
    expect(f.openConversations.map((c) => [c.channel, c.eventIds])).toEqual([['sms', [sms]]]);
  });

  it('reads sentiment from the customer’s own words only (not the agent’s reply or campaigns)', () => {
    const h = new History('s');
    h.emailOut(DAY, 'We are terrible, awful, horrible and sorry');
    h.add('email', 'email.campaign', DAY, { direction: 'outbound', text: 'awful deal' });
    h.chat(2 * DAY, ['I love it, great, thank you!']);
    const happy = features(h);
    expect(happy.sentiment.recent).toBeGreaterThan(0);
    expect(happy.sentiment.negative.eventIds).toEqual([]);
    const angry = h.emailIn(HOUR, 'This is awful and unacceptable, I am angry');
    const f = features(h);
    expect(f.sentiment.negative.eventIds).toEqual([angry]);
    expect(f.sentiment.escalationWords.eventIds).toEqual([angry]);
  });

  it('measures a sentiment trend between the last 14 days and the 14–90 days before', () => {
    const h = new History('t');
    h.emailIn(60 * DAY, 'Great service, love it, thank you');
    h.emailIn(2 * DAY, 'Terrible, broken and late, very disappointed');
    const f = features(h);
    expect(f.sentiment.trend).toBeLessThan(-0.5);
  });

  it('detects a late delivery from a passed expected date, and clears it once delivered', () => {
    const h = new History('d');
    h.order(10 * DAY, 100, { order: '#1' });
    const shipped = h.add('purchase', 'order.shipped', 9 * DAY, { orderNumber: '#1', expectedDeliveryAt: new Date(EVAL_NOW.getTime() - 2 * DAY).toISOString() });
    const f = features(h);
    expect(f.lateDelivery).toMatchObject({ orderNumber: '#1', basis: 'promised_date_passed', eventIds: [shipped] });
    expect(f.lateDelivery!.daysLate).toBeCloseTo(2, 5);
    h.add('purchase', 'order.delivered', HOUR, { orderNumber: '#1' });
    expect(features(h).lateDelivery).toBeNull();
  });

  it('never calls an order late from words alone; with an order on its way the words make a delivery question', () => {
    const h = new History('w');
    const said = h.smsIn(HOUR, 'My package still has not arrived');
    expect(features(h).lateDelivery).toBeNull();
    expect(features(h).deliveryQuestion).toBeNull();
    const order = h.order(4 * DAY, 80, { order: '#9' });
    const asked = h.smsIn(30 * MIN, 'Where is my order? It still has not arrived');
    const f = features(h);
    expect(f.lateDelivery).toBeNull();
    expect(f.deliveryQuestion).toMatchObject({ orderNumber: '#9', basis: 'customer_asks', shipped: false, eventIds: [order, said, asked] });
  });

  it('a carrier delay alone (shipment.delayed) is a late delivery; a cancelled order is not', () => {
    const h = new History('cd');
    const delayed = h.add('purchase', 'shipment.delayed', 2 * HOUR, { orderNumber: '#5', carrier: 'UPS' });
    expect(features(h).lateDelivery).toMatchObject({ orderNumber: '#5', basis: 'carrier_delay', eventIds: [delayed] });
    h.add('purchase', 'order.cancelled', HOUR, { orderNumber: '#5' });
    expect(features(h).lateDelivery).toBeNull();
  });

  it('a week in transit is late only when a carrier tracks the parcel and the news is recent', () => {
    const h = new History('tr');
    h.order(12 * DAY, 40, { order: '#7' });
    h.add('purchase', 'order', 11 * DAY, { orderNumber: '#7', fulfillments: [{ id: 'f1', status: 'success', at: new Date(EVAL_NOW.getTime() - 11 * DAY).toISOString() }] });
    expect(features(h).lateDelivery).toBeNull();
    const tracked = h.add('purchase', 'shipment.in_transit', 10 * DAY, { orderNumber: '#8' });
    expect(features(h).lateDelivery).toMatchObject({ orderNumber: '#8', basis: 'long_in_transit', eventIds: [tracked] });
    const stale = new History('tr2');
    stale.add('purchase', 'shipment.in_transit', 40 * DAY, { orderNumber: '#9' });
    expect(features(stale).lateDelivery).toBeNull();
  });

  it('reads words in context: time of day, negation and a calm tone are not complaints', () => {
    const h = new History('calm');
    h.order(3 * DAY, 60, { order: '#3' });
    h.add('purchase', 'order.shipped', 2 * DAY, { orderNumber: '#3' });
    h.call(5 * HOUR, 'Asked about opening hours, all good');
    h.smsIn(HOUR, 'Thanks! I will swing by late this afternoon to pick it up :)');
    h.smsIn(30 * MIN, 'No worries, it is not late at all');
    const f = features(h);
    expect(f.lateDelivery).toBeNull();
    expect(f.deliveryQuestion).toBeNull();
    expect(f.unhappyContacts.count7d).toBe(0);
    expect(f.sentiment.negative.eventIds).toEqual([]);
  });

  it('ignores event types outside the shared vocabulary', () => {
    const h = new History('u');
    h.add('phone', 'pbx.custom_thing', HOUR, { direction: 'inbound', outcome: 'missed' }, 'terrible awful late');
    const f = features(h);
    expect(f.recentInbound.count7d).toBe(0);
    expect(f.openConversations).toEqual([]);
    expect(f.contacts7d.phone).toBe(0);
  });

  it('knows full-price vs discounted purchases, abandoned carts and open returns', () => {
    const h = new History('p');
    h.order(30 * DAY, 50, { discount: 5 });
    const cart = h.add('web', 'checkout.started', 2 * DAY, { lines: [{ title: 'Poles', quantity: 1, unitPrice: 129 }] });
    let f = features(h);
    expect(f.lastPurchase?.discounted).toBe(true);
    expect(f.abandonedCart).toMatchObject({ eventIds: [cart], titles: ['Poles'] });
    h.order(DAY, 129);
    const ret = h.add('purchase', 'return.requested', HOUR, { orderNumber: '#x' });
    f = features(h);
    expect(f.lastPurchase?.discounted).toBe(false);
    expect(f.abandonedCart).toBeNull();
    expect(f.openReturn).toMatchObject({ eventIds: [ret], fromWords: false });
    h.add('purchase', 'order.refunded', 10 * MIN, { orderNumber: '#x', total: 129 });
    expect(features(h).openReturn).toBeNull();
  });

  it('finds the preferred store and in-store presence within the last hour until an exit', () => {
    const h = new History('st');
    h.storeVisit(100 * DAY, 'NY-SOHO');
    h.storeVisit(50 * DAY, 'SF-UNION');
    h.storeVisit(20 * DAY, 'SF-UNION');
    const now = h.storeVisit(15 * MIN, 'SF-UNION');
    let f = features(h);
    expect(f.preferredStore).toMatchObject({ storeId: 'SF-UNION', visits: 3 });
    expect(f.inStoreNow).toMatchObject({ storeId: 'SF-UNION', eventIds: [now] });
    h.add('store', 'store.exit', 5 * MIN, { storeId: 'SF-UNION' });
    f = features(h);
    expect(f.inStoreNow).toBeNull();
  });

  it('reads consent: opt-out events, opt-in again, and campaigns sent after an opt-out', () => {
    const h = new History('cs');
    h.add('web', 'account.created', 100 * DAY, { marketingOptIn: true });
    expect(features(h).marketingOptOut).toBeNull();
    const out = h.add('web', 'consent.marketing_opt_out', 10 * DAY);
    const camp = h.add('email', 'email.campaign', 2 * DAY, { direction: 'outbound' });
    let f = features(h);
    expect(f.marketingOptOut?.eventIds).toEqual([out]);
    expect(f.campaignsAfterOptOut.eventIds).toEqual([camp]);
    h.add('web', 'consent.marketing_opt_in', DAY);
    f = features(h);
    expect(f.marketingOptOut).toBeNull();
  });

  it('computes RFM, lifetime value and segment from the profile stats and purchases', () => {
    const h = new History('r');
    h.order(100 * DAY, 400);
    h.order(40 * DAY, 700);
    const f = features(h, stats(1100, 2, 365));
    expect(f.lifetimeValue).toBe(1100);
    expect(f.orderCount).toBe(2);
    expect(f.segment).toBe('vip');
    expect(f.recencyDays).toBeCloseTo(40, 5);
    expect(f.purchaseGapDays).toBeCloseTo(60, 5);
    expect(f.monetary).toBe(550);
    expect(f.frequencyPerYear).toBeCloseTo(2, 1);
  });

  it('remembers when each action kind was last executed (frequency caps)', () => {
    const h = new History('x');
    h.add('note', 'action.task', 2 * HOUR, { actionKind: 'reply_now' });
    expect(features(h).executedAt.reply_now).toBe(EVAL_NOW.getTime() - 2 * HOUR);
  });
});

describe('computeFeatures: stale waits', () => {
  it('does not let a months-old unanswered message hide a new one', () => {
    const h = new History('stale');
    h.emailIn(90 * DAY, 'old question nobody answered');
    const fresh = h.emailIn(3 * HOUR, 'new question');
    const f = computeFeatures({ items: h.items, stats: stats(0, 0), now: EVAL_NOW });
    expect(f.openConversations).toMatchObject([{ channel: 'email', eventIds: [fresh] }]);
  });
});
