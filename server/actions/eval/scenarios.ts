import { DAY, HOUR, History, MIN, stats, type Scenario } from './scenario-builder.js';

/*
 * The evaluation suite: situations an experienced agent would recognise, with the actions they
 * would take first. `npm run eval:actions` prints the hit rates; eval.test.ts keeps them from regressing.
 */

const PROMOS = ['cart_reminder', 'cross_sell', 'retention_offer'];

function lateOrderAngryCalls(role: 'agent' | 'lead'): Scenario {
  const h = new History(role === 'agent' ? 'late' : 'latelead');
  h.add('web', 'account.created', 300 * DAY, { marketingOptIn: true });
  h.order(9 * DAY, 189, { order: '#7001', title: 'Ridgeline rain jacket' });
  h.add('purchase', 'order.shipped', 8 * DAY, { orderNumber: '#7001', status: 'shipped', expectedDeliveryAt: new Date(Date.parse('2025-06-01T12:00:00Z') - 3 * DAY).toISOString() });
  h.call(3 * DAY, 'Where is my order #7001? It was supposed to arrive days ago.');
  h.call(1 * DAY, 'Order still late, customer is angry and disappointed, tracking not updated.');
  h.call(2 * HOUR, 'Third time calling, this is ridiculous and unacceptable, wants a manager.');
  return {
    name: role === 'agent' ? 'late order, three angry calls' : 'late order, three angry calls (seen by a lead)',
    story: 'Shipped 8 days ago, 3 days past the expected date; three calls in 3 days, increasingly angry.',
    items: h.items,
    stats: stats(189, 1),
    role,
    expect: role === 'agent' ? ['escalate_to_lead', 'proactive_delivery_update'] : ['proactive_delivery_update', 'goodwill_credit'],
    forbid: role === 'lead' ? ['escalate_to_lead', ...PROMOS] : PROMOS,
  };
}

export function scenarios(): Scenario[] {
  const list: Scenario[] = [lateOrderAngryCalls('agent'), lateOrderAngryCalls('lead')];

  {
    const h = new History('fullprice');
    h.add('web', 'account.created', 500 * DAY, { marketingOptIn: true });
    h.order(120 * DAY, 74, { discount: 7 });
    h.order(60 * DAY, 34);
    h.order(22 * HOUR, 349, { title: 'Alpine 2-person tent' });
    h.add('web', 'checkout.started', 10 * DAY, { lines: [{ title: 'Headlamp 300 lm', quantity: 1, unitPrice: 45 }] });
    list.push({ name: 'bought full price yesterday', story: 'Paid full price for a tent 22 h ago.', items: h.items, stats: stats(457, 3), role: 'agent', expect: ['suppress_promotion'], forbid: PROMOS });
  }
  {
    const h = new History('instore');
    h.add('web', 'account.created', 200 * DAY, { marketingOptIn: true });
    h.storeVisit(40 * DAY);
    h.storeVisit(20 * MIN);
    list.push({ name: 'in store right now', story: 'Checked in at Union Square 20 minutes ago.', items: h.items, stats: stats(0, 0), role: 'associate', expect: ['hold_notifications'], forbid: [] });
  }
  {
    const h = new History('cart');
    h.add('web', 'account.created', 200 * DAY, { marketingOptIn: true });
    h.order(80 * DAY, 119.5, { discount: 10 });
    h.add('web', 'cart.abandoned', 26 * HOUR, { lines: [{ title: 'Carbon trekking poles', quantity: 1, unitPrice: 129 }] }, 'Left cart');
    list.push({ name: 'abandoned cart', story: 'Left trekking poles in the cart yesterday, no order since.', items: h.items, stats: stats(119.5, 1), role: 'agent', expect: ['cart_reminder'], forbid: [] });
  }
  {
    const h = new History('optout');
    h.add('web', 'account.created', 200 * DAY, { marketingOptIn: true });
    h.order(100 * DAY, 210, { discount: 20 });
    h.order(40 * DAY, 89, { discount: 9 });
    h.add('web', 'consent.marketing_opt_out', 10 * DAY, { channel: 'email' }, 'Unsubscribed from marketing');
    h.add('email', 'email.campaign', 2 * DAY, { direction: 'outbound', subject: '20% off this weekend' }, '20% off this weekend');
    h.add('web', 'cart.abandoned', 30 * HOUR, { lines: [{ title: 'Fleece hoodie', quantity: 1, unitPrice: 89 }] });
    list.push({ name: 'opted out, still got a campaign', story: 'Opted out 10 days ago, a campaign went out anyway; also an abandoned cart.', items: h.items, stats: stats(299, 2), role: 'agent', expect: ['suppress_promotion'], forbid: PROMOS });
  }
  {
    const h = new History('waitemail');
    h.emailIn(20 * DAY, 'Question about sizing');
    h.emailOut(19 * DAY, 'Sizing answer');
    h.emailIn(5 * HOUR, 'Hi, can I change the delivery address on my order before it ships?');
    list.push({ name: 'email waiting for a reply', story: 'Asked a question by email 5 h ago, no answer yet.', items: h.items, stats: stats(120, 1), role: 'agent', expect: ['reply_now'], forbid: [] });
  }
  {
    const h = new History('missed');
    h.call(3 * HOUR, 'Inbound call, missed', 'missed');
    h.call(40 * MIN, 'Inbound call, voicemail', 'voicemail');
    list.push({ name: 'two missed calls', story: 'Called twice today, nobody picked up, no callback.', items: h.items, stats: stats(60, 1), role: 'agent', expect: ['schedule_callback'], forbid: [] });
  }
  {
    const h = new History('stock');
    h.storeVisit(90 * DAY);
    h.storeVisit(45 * DAY);
    h.storeVisit(12 * DAY);
    h.add('store', 'inventory.out_of_stock', DAY, { storeId: 'SF-UNION', storeName: 'San Francisco – Union Square', title: 'Waterproof hiking boots' }, 'Boots out of stock');
    list.push({ name: 'out of stock at the preferred store', story: 'The boots they came for are out of stock at their usual store.', items: h.items, stats: stats(300, 2), role: 'associate', expect: ['store_pickup_alternative'], forbid: [] });
  }
  {
    const h = new History('lapsed');
    h.add('web', 'account.created', 700 * DAY, { marketingOptIn: true });
    for (let i = 0; i < 8; i++) h.order((200 + (7 - i) * 30) * DAY, 160, { discount: i % 2 ? 10 : 0 });
    list.push({ name: 'lapsed VIP', story: 'Bought monthly for 8 months, nothing for 200 days.', items: h.items, stats: stats(1280, 8, 700), role: 'agent', expect: ['retention_offer'], forbid: [] });
  }
  {
    const h = new History('happy');
    h.add('web', 'account.created', 300 * DAY, { marketingOptIn: true });
    h.order(90 * DAY, 45, { discount: 5 });
    h.order(12 * DAY, 279, { title: 'Down sleeping bag 20°F' });
    h.add('purchase', 'order.shipped', 11 * DAY, { orderNumber: '#12' });
    h.add('purchase', 'order.delivered', 9 * DAY, { orderNumber: '#12' });
    h.chat(8 * DAY, ['The sleeping bag is great, thank you so much!']);
    list.push({ name: 'happy recent buyer', story: 'Bought a sleeping bag 12 days ago, delivered, loves it.', items: h.items, stats: stats(324, 2), role: 'agent', expect: ['cross_sell'], forbid: [] });
  }
  {
    const h = new History('return');
    h.order(25 * DAY, 210, { title: 'Waterproof hiking boots' });
    h.add('purchase', 'return.requested', 6 * DAY, { orderNumber: '#25' }, 'Return requested');
    h.emailIn(4 * DAY, 'I sent the boots back a week ago and still no refund. Very disappointed.');
    h.emailOut(4 * DAY - 2 * HOUR, 'We are looking into it.');
    h.emailIn(1 * DAY, 'Still nothing. This is bad service.');
    h.emailOut(1 * DAY - HOUR, 'Sorry, escalating with the warehouse.');
    list.push({ name: 'open return, unhappy', story: 'Return requested 6 days ago, no refund yet, two unhappy emails (answered).', items: h.items, stats: stats(210, 1), role: 'agent', expect: ['goodwill_credit'], forbid: [] });
  }
  {
    const h = new History('quietlate');
    h.order(12 * DAY, 139, { order: '#7002' });
    h.add('purchase', 'order.shipped', 11 * DAY, { orderNumber: '#7002', expectedDeliveryAt: new Date(Date.parse('2025-06-01T12:00:00Z') - 2 * DAY).toISOString() });
    list.push({ name: 'late delivery, customer has not noticed', story: 'Expected 2 days ago, not delivered, no contact yet.', items: h.items, stats: stats(139, 1), role: 'agent', expect: ['proactive_delivery_update'], forbid: [] });
  }
  {
    const h = new History('capped');
    h.storeVisit(30 * MIN);
    h.add('note', 'action.suppression', 25 * MIN, { actionKind: 'hold_notifications' }, 'Held notifications');
    h.smsIn(15 * MIN, 'Do you have the harness in medium?');
    list.push({ name: 'in store, notifications already held, texting', story: 'Hold already executed 25 min ago; an SMS is waiting.', items: h.items, stats: stats(80, 1), role: 'associate', expect: ['reply_now'], forbid: ['hold_notifications'] });
  }
  {
    const h = new History('wordslate');
    h.order(6 * DAY, 64, { order: '#7003' });
    h.add('purchase', 'order.shipped', 5 * DAY, { orderNumber: '#7003' });
    h.chat(3 * HOUR, ['My stove has not arrived, it is late and I leave for a trip tomorrow']);
    list.push({ name: 'customer says it is late (chat, closed)', story: 'Only the customer’s words say the delivery is late.', items: h.items, stats: stats(64, 1), role: 'agent', expect: ['proactive_delivery_update'], forbid: [] });
  }
  {
    const h = new History('associate');
    h.order(10 * DAY, 210, { order: '#7004' });
    h.add('purchase', 'return.requested', 3 * DAY, { orderNumber: '#7004' });
    h.smsIn(2 * DAY, 'The refund is late and I am annoyed');
    h.add('sms', 'sms.sent', 2 * DAY - HOUR, { direction: 'outbound', body: 'Looking into it' });
    list.push({ name: 'associate never sees credits', story: 'Unhappy about a refund; the viewer is a store associate (no money actions).', items: h.items, stats: stats(210, 1), role: 'associate', expect: ['escalate_to_lead', 'reply_now', 'proactive_delivery_update'], forbid: ['goodwill_credit', 'retention_offer'] });
  }
  return list;
}
