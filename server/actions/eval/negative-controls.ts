import { seededRng, type Rng } from '../ranking.js';
import { DAY, HOUR, MIN, type Persona } from './persona.js';
import { EVAL_NOW_MS, URGENT, type Scenario } from './scenarios.js';

/*
 * Negative controls: generated calm customers (seeded), played through the connectors. Their words
 * are the traps keyword matching falls into: "late this afternoon", "not late at all", "no worries",
 * emoticons, "no complaints". Orders are delivered, picked up, or on their way inside the promised
 * date. None of them may get an urgent action (URGENT); `npm run eval:actions` counts false alarms.
 */

const CALM_WORDS = [
  'Thanks! I will swing by late this afternoon to pick it up :)',
  'No worries, it is not late at all, just checking the tracking number',
  'Running a bit late today, I will be at the store around 5!',
  'Is the store open late on Friday?',
  'Got it, thanks so much 🙂',
  'No rush at all, whenever it is ready',
  'The delivery was not delayed, it came right on time. Thanks!',
  'See you late morning tomorrow',
  'Not a complaint, just curious whether the jacket runs small',
  'I never had an issue with you guys, great service',
  'Can I come by later tonight to try the boots on?',
  'Perfect, that works for me :)',
  'Just wanted to say the tent is great, no problems at all',
  'Could you tell me the opening hours? I might stop by late afternoon',
];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

const TIMES = ['late this afternoon', 'late afternoon', 'later tonight', 'late on Saturday', 'late morning', 'after work'];
const OPENERS = ['', 'Thanks!', 'Hi,', 'Hello!', 'Sorry to bother you,', 'Quick one:', 'Cheers,'];
const TEMPLATES = [
  (t: string) => `I'll swing by ${t} to pick it up`,
  (t: string) => `can I come ${t} to try it on?`,
  (t: string) => `I'm running a bit late, see you ${t}`,
  (t: string) => `is the store open ${t}?`,
  (t: string) => `I might stop by ${t}, no need to hold anything`,
];
const CLOSERS = ['', ':)', '🙂', 'Thanks again!', 'No rush.', 'Have a good one!', ':-)'];

/** A calm message: a fixed tricky phrase, or one composed from parts. */
function calmWords(rng: Rng): string {
  if (rng() < 0.4) return pick(rng, CALM_WORDS);
  return [pick(rng, OPENERS), pick(rng, TEMPLATES)(pick(rng, TIMES)), pick(rng, CLOSERS)].filter(Boolean).join(' ');
}

type Step = (p: Persona, rng: Rng) => Promise<void>;

/** Order situations with nothing wrong by the facts. */
const ORDER_STATES: Step[] = [
  async (p) => {
    const o = await p.order(10 * DAY, [{ title: 'Trail runners', price: 120 }]);
    await p.fulfillment(o, 9 * DAY, 'delivered');
  },
  async (p) => {
    const o = await p.order(2 * DAY, [{ title: 'Rain shell', price: 150 }], { discount: 15 });
    await p.event('purchase', 'order.shipped', DAY, { orderNumber: o, carrier: 'UPS', expectedDeliveryAt: new Date(EVAL_NOW_MS + 2 * DAY).toISOString() }, `Order ${o} shipped`);
  },
  async (p) => {
    const o = await p.order(3 * DAY, [{ title: 'Camp stove', price: 64 }]);
    await p.pos(4 * HOUR, 'SF-UNION', 'pickup', 64, { orderNumber: o, title: 'Camp stove' });
  },
  async (p) => {
    const o = await p.order(DAY, [{ title: 'Headlamp', price: 45 }], { discount: 5 });
    await p.fulfillment(o, 20 * HOUR, 'in_transit');
  },
  async (p) => {
    // Fulfilled 20 days ago without carrier tracking (no shipment_status): no news is no claim.
    const o = await p.order(21 * DAY, [{ title: 'Wool beanie', price: 29 }]);
    await p.fulfillment(o, 20 * DAY, null);
  },
  async (p) => {
    // Tracked in transit 45 days ago, nothing since: too old to claim anything.
    const o = await p.order(46 * DAY, [{ title: 'Dry bag', price: 35 }]);
    await p.fulfillment(o, 45 * DAY, 'in_transit');
  },
  async () => undefined,
];

/** Contacts with calm words, some answered. */
const CONTACTS: Step[] = [
  async (p, rng) => p.smsIn(Math.floor(1 + rng() * 5) * HOUR, calmWords(rng)),
  async (p, rng) => {
    const at = Math.floor(2 + rng() * 20) * HOUR;
    await p.emailIn(at, 'Quick question', calmWords(rng));
    await p.emailOut(at - 30 * MIN, 'Happy to help!');
  },
  async (p, rng) => p.chat(Math.floor(1 + rng() * 30) * HOUR, [calmWords(rng), 'Thanks!']),
  async (p, rng) => p.call(Math.floor(1 + rng() * 48) * HOUR),
  async (p, rng) => {
    const at = Math.floor(1 + rng() * 3) * DAY;
    await p.smsIn(at, calmWords(rng));
    await p.smsOut(at - 20 * MIN, 'Sounds good, see you then!');
  },
];

export function negativeControls(seed = 11, count = 24): Scenario[] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, (_, i): Scenario => {
    const orderState = pick(rng, ORDER_STATES);
    const contacts = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => pick(rng, CONTACTS));
    const local = seededRng(seed * 1000 + i);
    return {
      name: `calm customer #${i + 1}`,
      story: 'Generated calm customer: nothing wrong by the order facts, calm (sometimes tricky) words.',
      role: 'agent',
      expect: [],
      forbid: URGENT,
      negativeControl: true,
      async play(p) {
        await orderState(p, local);
        for (const c of contacts) await c(p, local);
      },
    };
  });
}
