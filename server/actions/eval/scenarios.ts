import { DAY, HOUR, MIN, type Persona } from './persona.js';
import type { Role } from '../../../shared/index.js';

/*
 * The evaluation suite: situations an experienced agent would recognise, with the actions they
 * would take first. Every situation is played through the connectors (Shopify webhooks, Twilio
 * callbacks, raw email, SendGrid, chat, POS, events API), so the engine is judged on the events
 * connectors really write. `npm run eval:actions` prints the hit rates; eval.test.ts keeps them.
 */

export interface Scenario {
  name: string;
  /** What the situation is, in words (printed by the eval). */
  story: string;
  role: Role;
  /** Any of these on top counts as a top-1 hit; any of them in the first three as a top-3 hit. Empty for negative controls. */
  expect: string[];
  /** Kinds that must never be offered here (guardrails, false alarms). */
  forbid: string[];
  /** A calm customer: any urgent action is a false alarm. */
  negativeControl?: boolean;
  /** Sends the situation through the connectors (the persona's account already exists). */
  play(p: Persona): Promise<void>;
}

export const PROMOS = ['cart_reminder', 'cross_sell', 'retention_offer'];
/** Actions that say something is wrong: a calm customer must never get one. */
export const URGENT = ['escalate_to_lead', 'goodwill_credit', 'proactive_delivery_update', 'schedule_callback'];

const JACKET = [{ title: 'Ridgeline rain jacket', price: 189 }];
const promised = (p: Persona, order: string, shippedAgo: number, dueAgo: number) =>
  p.event('purchase', 'order.shipped', shippedAgo, { orderNumber: order, carrier: 'UPS', expectedDeliveryAt: new Date(EVAL_NOW_MS - dueAgo).toISOString() }, `Order ${order} shipped`);

export const EVAL_NOW_MS = Date.parse('2025-06-01T12:00:00Z');

function lateOrderAngry(role: 'agent' | 'lead'): Scenario {
  return {
    name: role === 'agent' ? 'late order, three calls and angry messages' : 'late order, three calls and angry messages (seen by a lead)',
    story: 'Shopify order shipped 8 days ago, 3 days past the promised date; three calls, an angry email and SMS.',
    role,
    expect: role === 'agent' ? ['escalate_to_lead', 'proactive_delivery_update'] : ['proactive_delivery_update', 'goodwill_credit'],
    forbid: role === 'lead' ? ['escalate_to_lead', ...PROMOS] : PROMOS,
    async play(p) {
      const order = await p.order(9 * DAY, JACKET);
      await promised(p, order, 8 * DAY, 3 * DAY);
      await p.call(3 * DAY);
      await p.emailIn(3 * DAY - HOUR, `Where is my order ${order}?`, `Where is my order ${order}? It was supposed to arrive days ago. Very disappointed.`);
      await p.emailOut(3 * DAY - 2 * HOUR, 'Sorry about that, we are checking with the carrier.');
      await p.call(DAY);
      await p.call(2 * HOUR);
      await p.smsIn(HOUR, 'Third time calling about my jacket, this is ridiculous and unacceptable. I want a manager.');
    },
  };
}

export function scenarios(): Scenario[] {
  return [
    lateOrderAngry('agent'),
    lateOrderAngry('lead'),
    {
      name: 'bought full price yesterday (Shopify order)',
      story: 'Paid full price for a tent on Shopify 22 h ago; earlier orders were discounted.',
      role: 'agent',
      expect: ['suppress_promotion'],
      forbid: PROMOS,
      async play(p) {
        await p.order(120 * DAY, [{ title: 'Camp mug', price: 81 }], { discount: 7 });
        await p.order(60 * DAY, [{ title: 'Trail socks', price: 34 }]);
        await p.order(22 * HOUR, [{ title: 'Alpine 2-person tent', price: 349 }]);
      },
    },
    {
      name: 'checkout completed 20 minutes ago',
      story: 'Started a Shopify checkout, completed it and the order came in 20 minutes ago.',
      role: 'agent',
      expect: ['suppress_promotion'],
      forbid: ['cart_reminder', ...PROMOS],
      async play(p) {
        const token = await p.checkout(40 * MIN, [{ title: 'Headlamp 300 lm', price: 45 }], 20 * MIN);
        await p.order(20 * MIN, [{ title: 'Headlamp 300 lm', price: 45 }], { checkoutToken: token });
      },
    },
    {
      name: 'abandoned cart, then a paid order without a checkout update',
      story: 'Left a cart 3 h ago; a paid order came in 20 minutes ago (no checkouts/update delivery).',
      role: 'agent',
      expect: ['suppress_promotion'],
      forbid: ['cart_reminder'],
      async play(p) {
        await p.checkout(3 * HOUR, [{ title: 'Carbon trekking poles', price: 129 }]);
        await p.order(20 * MIN, [{ title: 'Carbon trekking poles', price: 129 }]);
      },
    },
    {
      name: 'in store right now',
      story: 'Checked in at Union Square 20 minutes ago (store check-in system); bought there before.',
      role: 'associate',
      expect: ['hold_notifications'],
      forbid: [],
      async play(p) {
        await p.pos(40 * DAY, 'SF-UNION', 'sale', 59, { title: 'Fleece gloves' });
        await p.event('store', 'store.visit', 20 * MIN, { storeId: 'SF-UNION', storeName: 'San Francisco – Union Square', visitType: 'visit' }, 'Checked in at Union Square');
      },
    },
    {
      name: 'abandoned cart (Shopify checkout)',
      story: 'Left trekking poles in a Shopify checkout yesterday, no order since.',
      role: 'agent',
      expect: ['cart_reminder'],
      forbid: [],
      async play(p) {
        await p.order(80 * DAY, [{ title: 'Camp stove', price: 129.5 }], { discount: 10 });
        await p.checkout(26 * HOUR, [{ title: 'Carbon trekking poles', price: 129 }]);
      },
    },
    {
      name: 'opted out, still got a campaign',
      story: 'Opted out 10 days ago, a campaign went out anyway; also an abandoned cart.',
      role: 'agent',
      expect: ['suppress_promotion'],
      forbid: PROMOS,
      async play(p) {
        await p.order(100 * DAY, [{ title: 'Hiking boots', price: 230 }], { discount: 20 });
        await p.event('web', 'consent.marketing_opt_out', 10 * DAY, { channels: ['email'] }, 'Unsubscribed from marketing');
        await p.event('email', 'email.campaign', 2 * DAY, { direction: 'outbound', subject: '20% off this weekend' }, '20% off this weekend');
        await p.checkout(30 * HOUR, [{ title: 'Fleece hoodie', price: 89 }]);
      },
    },
    {
      name: 'email waiting for a reply (raw email)',
      story: 'Asked a question by email 5 h ago, no answer yet.',
      role: 'agent',
      expect: ['reply_now'],
      forbid: [],
      async play(p) {
        await p.emailIn(20 * DAY, 'Sizing', 'Question about sizing');
        await p.emailOut(19 * DAY, 'Sizing answer');
        await p.emailIn(5 * HOUR, 'Delivery address', 'Hi, can I change the delivery address on my order before it ships?');
      },
    },
    {
      name: 'two missed calls (Twilio)',
      story: 'Called twice today, nobody picked up, no callback.',
      role: 'agent',
      expect: ['schedule_callback'],
      forbid: [],
      async play(p) {
        await p.call(3 * HOUR, 'no-answer');
        await p.call(40 * MIN, 'busy');
      },
    },
    {
      name: 'out of stock at the preferred store',
      story: 'Three POS sales at Union Square; the boots they came for are out of stock there.',
      role: 'associate',
      expect: ['store_pickup_alternative'],
      forbid: [],
      async play(p) {
        await p.pos(90 * DAY, 'SF-UNION', 'sale', 40);
        await p.pos(45 * DAY, 'SF-UNION', 'sale', 25);
        await p.pos(12 * DAY, 'SF-UNION', 'sale', 60);
        await p.event('store', 'inventory.out_of_stock', DAY, { storeId: 'SF-UNION', storeName: 'San Francisco – Union Square', title: 'Waterproof hiking boots' }, 'Boots out of stock');
      },
    },
    {
      name: 'lapsed VIP (online orders only)',
      story: 'Ordered on Shopify monthly for 8 months, nothing for 200 days.',
      role: 'agent',
      expect: ['retention_offer'],
      forbid: [],
      async play(p) {
        for (let i = 0; i < 8; i++) await p.order((200 + (7 - i) * 30) * DAY, [{ title: 'Trail mix box', price: 160 }], { discount: i % 2 ? 10 : 0 });
      },
    },
    {
      name: 'happy recent buyer (delivered)',
      story: 'Bought a sleeping bag on Shopify 12 days ago, the carrier delivered it, loves it.',
      role: 'agent',
      expect: ['cross_sell'],
      forbid: URGENT,
      async play(p) {
        await p.order(90 * DAY, [{ title: 'Camp mug', price: 50 }], { discount: 5 });
        const order = await p.order(12 * DAY, [{ title: 'Down sleeping bag 20°F', price: 279 }]);
        await p.fulfillment(order, 11 * DAY, 'delivered');
        await p.chat(8 * DAY, ['The sleeping bag is great, thank you so much!']);
      },
    },
    {
      name: 'open return, unhappy (SendGrid emails)',
      story: 'Return requested 6 days ago, no refund yet, two unhappy emails (answered).',
      role: 'agent',
      expect: ['goodwill_credit'],
      forbid: [],
      async play(p) {
        const order = await p.order(25 * DAY, [{ title: 'Waterproof hiking boots', price: 210 }]);
        await p.event('purchase', 'return.requested', 6 * DAY, { orderNumber: order }, 'Return requested');
        await p.sendgridIn(4 * DAY, 'Refund?', 'I sent the boots back a week ago and still no refund. Very disappointed.');
        await p.emailOut(4 * DAY - 2 * HOUR, 'We are looking into it.');
        await p.sendgridIn(DAY, 'Refund?', 'Still nothing. This is bad service.');
        await p.emailOut(DAY - HOUR, 'Sorry, escalating with the warehouse.');
      },
    },
    {
      name: 'late delivery, customer has not noticed',
      story: 'Promised 2 days ago by the carrier, not delivered, no contact yet.',
      role: 'agent',
      expect: ['proactive_delivery_update'],
      forbid: [],
      async play(p) {
        const order = await p.order(12 * DAY, [{ title: 'Camp stove', price: 139 }]);
        await promised(p, order, 11 * DAY, 2 * DAY);
      },
    },
    {
      name: 'carrier delay only (shipment.delayed)',
      story: 'The carrier reported a delay an hour ago; no promised date known, no contact yet.',
      role: 'agent',
      expect: ['proactive_delivery_update'],
      forbid: [],
      async play(p) {
        const order = await p.order(3 * DAY, [{ title: 'Trekking tent', price: 299 }]);
        await p.fulfillment(order, 2 * DAY, 'in_transit');
        await p.event('purchase', 'shipment.delayed', HOUR, { orderNumber: order, carrier: 'UPS', reason: 'weather' }, `Shipment of ${order} delayed`);
      },
    },
    {
      name: 'in store, notifications already held, texting',
      story: 'Hold already executed 25 min ago; an SMS is waiting.',
      role: 'associate',
      expect: ['reply_now'],
      forbid: ['hold_notifications'],
      async play(p) {
        await p.pos(30 * MIN, 'SF-UNION', 'sale', 12);
        await p.event('note', 'action.suppression', 25 * MIN, { actionKind: 'hold_notifications', author: 'Erin' }, 'Held notifications');
        await p.smsIn(15 * MIN, 'Do you have the harness in medium?');
      },
    },
    {
      name: 'customer asks where the order is (chat)',
      story: 'Shipped 5 days ago, in transit, not past any promised date; the customer says it has not arrived.',
      role: 'agent',
      expect: ['proactive_delivery_update'],
      forbid: ['goodwill_credit'],
      async play(p) {
        const order = await p.order(6 * DAY, [{ title: 'Camp stove', price: 64 }]);
        await p.fulfillment(order, 5 * DAY, 'in_transit');
        await p.chat(3 * HOUR, ['My stove has not arrived yet and I leave for a trip tomorrow, where is my order?']);
      },
    },
    {
      name: 'associate never sees credits',
      story: 'Open return, two unhappy texts asking for a manager; the viewer is a store associate.',
      role: 'associate',
      expect: ['escalate_to_lead', 'reply_now'],
      forbid: ['goodwill_credit', 'retention_offer'],
      async play(p) {
        const order = await p.order(10 * DAY, [{ title: 'Rain shell', price: 210 }]);
        await p.event('purchase', 'return.requested', 3 * DAY, { orderNumber: order }, 'Return requested');
        await p.smsIn(2 * DAY, 'The refund is taking forever and I am annoyed');
        await p.smsOut(2 * DAY - HOUR, 'Looking into it');
        await p.smsIn(3 * HOUR, 'Still no refund. I want to make a complaint to a manager.');
      },
    },
    {
      name: 'calm text about picking up later (the issue’s case)',
      story: 'Order in transit; one answered call; texted "Thanks! I will swing by late this afternoon to pick it up :)".',
      role: 'agent',
      expect: ['reply_now'],
      forbid: URGENT,
      async play(p) {
        const order = await p.order(2 * DAY, [{ title: 'Trail runners', price: 120 }]);
        await p.fulfillment(order, DAY, 'in_transit');
        await p.call(5 * HOUR);
        await p.smsIn(HOUR, 'Thanks! I will swing by late this afternoon to pick it up :)');
      },
    },
  ];
}
