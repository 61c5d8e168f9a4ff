import { describe, expect, it } from 'vitest';
import { addSums, contribution, rates, zeroSums, type Contact } from './figures.js';
import { intervalsOf, parseLocalDate } from './intervals.js';
import { legTransitions, type ConversationState } from './legs.js';
import { keyOf, LiveState } from './live-state.js';
import { legFromCallCompleted, legFromQueueCallback } from './twilio-legs.js';
import { slotSums, pairIntervals } from './floor-views.js';
import { DEFAULT_METRICS_SETTINGS, rulesOf } from './settings.js';

const defaultRules = (q: string | null, ch: Contact['channel']) => rulesOf(DEFAULT_METRICS_SETTINGS, q, ch);

/* Every figure against hand-computed fixtures (docs/metrics.md): T = 60 s for chat, short abandons under 5 s. */

const S = 1_000_000; // µs per second
const T0 = Date.UTC(2026, 2, 10, 9, 0, 0) * 1000; // 09:00 UTC
const rules = { thresholdSec: 60, shortAbandonSec: 5 };
let n = 0;
const newId = () => `c${++n}`;

function leg(over: Partial<Contact>): Contact {
  return { id: newId(), conversationId: null, callSid: null, customerId: 'cus1', queueId: 'q1', channel: 'chat', arrivedUs: T0, answeredUs: null, endedUs: null, outcome: 'waiting', agentId: null, handleSec: null, version: 1, ...over };
}
const conv = (over: Partial<ConversationState>): ConversationState => ({ id: 'cv1', customerId: 'cus1', status: 'open', queueId: 'q1', assigneeId: null, channel: 'chat', createdUs: T0, firstResponseUs: null, ...over });

describe('figures from hand-computed legs', () => {
  it('offered, answered, abandoned, short abandons apart, service level, ASA, AHT, abandonment rate', () => {
    const legs = [
      leg({ outcome: 'answered', answeredUs: T0 + 20 * S, endedUs: T0 + 320 * S, handleSec: 300 }), // within T, 20 s wait
      leg({ outcome: 'answered', answeredUs: T0 + 90 * S, endedUs: T0 + 190 * S, handleSec: 100 }), // late, 90 s
      leg({ outcome: 'abandoned', endedUs: T0 + 3 * S }), // short abandon: not offered
      leg({ outcome: 'abandoned', endedUs: T0 + 30 * S }), // abandoned after 30 s
      leg({ outcome: 'waiting' }), // waiting 10 s at "now": inside T, leaves SL out
    ];
    const now = T0 + 10 * S;
    const s = zeroSums();
    for (const l of legs) addSums(s, contribution(l, rules, now));
    expect(s).toMatchObject({ offered: 4, answered: 2, abandoned: 1, shortAbandoned: 1, answeredWithinT: 1, waiting: 1, waitingWithinT: 1, handled: 2 });
    const r = rates(s);
    expect(r.serviceLevel).toBeCloseTo(1 / 3); // 1 within T / (4 offered - 1 still inside T)
    expect(r.asaSec).toBeCloseTo(55); // (20 + 90) / 2
    expect(r.ahtSec).toBeCloseTo(200); // (300 + 100) / 2
    expect(r.abandonmentRate).toBeCloseTo(0.25); // 1 / 4
    // The same waiting leg 61 s in: a certain miss, counted against service level.
    const later = zeroSums();
    for (const l of legs) addSums(later, contribution(l, rules, T0 + 61 * S));
    expect(rates(later).serviceLevel).toBeCloseTo(1 / 4);
  });

  it('a leg folded, changed and refolded leaves exactly its new vector (incremental = from scratch)', () => {
    const st = new LiveState(() => rules, T0 - 9 * 3600 * S);
    const a = leg({ id: 'a' });
    st.apply(a, T0 + S);
    st.apply({ ...a, outcome: 'answered', answeredUs: T0 + 30 * S, version: 2 }, T0 + 30 * S);
    st.apply({ ...a, outcome: 'answered', answeredUs: T0 + 30 * S, endedUs: T0 + 90 * S, handleSec: 60, version: 3 }, T0 + 90 * S);
    st.apply({ ...a, version: 2 }, T0 + 90 * S); // an older version arriving late (another hub's feed) changes nothing
    const k = keyOf('q1', 'chat');
    expect(st.window(k, null, T0 + 90 * S)).toMatchObject({ offered: 1, answered: 1, answeredWithinT: 1, waiting: 0, waitingWithinT: 0, handled: 1, handleSumSec: 60, waitSumSec: 30 });
    expect(st.waitingOf(k)).toEqual({ count: 0, oldestUs: null });
  });

  it('tick moves a waiting leg past T into the service-level denominator', () => {
    const st = new LiveState(() => rules, T0 - 9 * 3600 * S);
    st.apply(leg({ id: 'w' }), T0);
    const k = keyOf('q1', 'chat');
    expect(rates(st.window(k, null, T0)).serviceLevel).toBeNull();
    expect(st.tick(T0 + 61 * S).has(k)).toBe(true);
    expect(rates(st.window(k, null, T0 + 61 * S)).serviceLevel).toBe(0);
    expect(st.waitingOf(k)).toEqual({ count: 1, oldestUs: T0 });
  });
});

describe('legs from conversation changes', () => {
  const ctx = (open: Contact | null, now: number, hadLegs = open !== null) => ({ open, hadLegs, nowUs: now, newId });

  it('created waiting -> a leg from creation; assigned -> answered; solved -> handling ends', () => {
    const [w] = legTransitions(conv({}), ctx(null, T0 + S, false));
    expect(w).toMatchObject({ outcome: 'waiting', arrivedUs: T0, queueId: 'q1' });
    const [a] = legTransitions(conv({ assigneeId: 'u1' }), ctx(w!, T0 + 40 * S));
    expect(a).toMatchObject({ outcome: 'answered', answeredUs: T0 + 40 * S, agentId: 'u1', endedUs: null });
    const [d] = legTransitions(conv({ assigneeId: 'u1', status: 'solved' }), ctx(a!, T0 + 400 * S));
    expect(d).toMatchObject({ endedUs: T0 + 400 * S, handleSec: 360 });
  });

  it('a transfer between queues ends the leg in the old queue (not offered there) and starts one in the new', () => {
    const w = leg({ id: 'w', conversationId: 'cv1' });
    const out = legTransitions(conv({ queueId: 'q2' }), ctx(w, T0 + 30 * S));
    expect(out.map((c) => [c.queueId, c.outcome, c.arrivedUs])).toEqual([
      ['q1', 'transferred', T0],
      ['q2', 'waiting', T0 + 30 * S],
    ]);
    expect(contribution(out[0]!, rules, T0 + 30 * S)).toEqual(zeroSums());
  });

  it('solved before anyone took it: abandoned (short when under 5 s); a reply without assignment answers it', () => {
    const w = leg({ id: 'w', conversationId: 'cv1' });
    const [short] = legTransitions(conv({ status: 'solved' }), ctx(w, T0 + 3 * S));
    expect(contribution(short!, rules, T0 + 3 * S)).toMatchObject({ shortAbandoned: 1, offered: 0 });
    const [ab] = legTransitions(conv({ status: 'closed' }), ctx(w, T0 + 50 * S));
    expect(contribution(ab!, rules, T0 + 50 * S)).toMatchObject({ abandoned: 1, offered: 1 });
    const [rep] = legTransitions(conv({ status: 'pending', firstResponseUs: T0 + 45 * S }), ctx(w, T0 + 46 * S));
    expect(rep).toMatchObject({ outcome: 'answered', answeredUs: T0 + 45 * S });
  });

  it('a reopened conversation waits again from the reopening, as a new leg', () => {
    const done = leg({ id: 'd', conversationId: 'cv1', outcome: 'answered', answeredUs: T0 + 10 * S, endedUs: T0 + 100 * S, handleSec: 90 });
    const [again] = legTransitions(conv({ status: 'open' }), { open: null, hadLegs: true, nowUs: T0 + 3600 * S, newId });
    expect(again).toMatchObject({ outcome: 'waiting', arrivedUs: T0 + 3600 * S });
    expect(again!.id).not.toBe(done.id);
  });

  it('pulled back to the queue: handling ends and a new wait starts', () => {
    const h = leg({ id: 'h', conversationId: 'cv1', outcome: 'answered', answeredUs: T0 + 10 * S, agentId: 'u1' });
    const out = legTransitions(conv({ assigneeId: null }), ctx(h, T0 + 70 * S));
    expect(out.map((c) => c.outcome)).toEqual(['answered', 'waiting']);
    expect(out[0]!.handleSec).toBe(60);
  });

  it('calls are left to the Twilio queue callbacks', () => {
    expect(legTransitions(conv({ channel: 'phone' }), ctx(null, T0))).toEqual([]);
  });
});

describe('voice legs from Twilio queue callbacks', () => {
  it('enqueue, bridged after QueueTime, completed: wait and talk time', () => {
    const w = legFromQueueCallback({ callSid: 'CA1', customerId: 'cus1', queueId: 'q1', result: null, queueTimeSec: 4, atUs: T0 + 4 * S }, null, newId)!;
    expect(w).toMatchObject({ arrivedUs: T0, outcome: 'waiting', channel: 'phone' });
    expect(legFromQueueCallback({ callSid: 'CA1', customerId: 'cus1', queueId: 'q1', result: null, queueTimeSec: 9, atUs: T0 + 9 * S }, w, newId)).toBeNull();
    const a = legFromQueueCallback({ callSid: 'CA1', customerId: 'cus1', queueId: 'q1', result: 'bridged', queueTimeSec: 15, atUs: T0 + 15 * S }, w, newId)!;
    expect(a).toMatchObject({ id: w.id, outcome: 'answered', answeredUs: T0 + 15 * S, version: 2 });
    expect(legFromQueueCallback({ callSid: 'CA1', customerId: 'cus1', queueId: 'q1', result: 'bridged', queueTimeSec: 15, atUs: T0 + 15 * S }, a, newId)).toBeNull(); // retry
    const done = legFromCallCompleted(a, T0 + 195 * S, 30)!;
    expect(done.handleSec).toBe(210); // 180 s talk + hold, 30 s wrap-up
  });

  it('a hangup after 3 s is a short abandon; after 40 s an abandon', () => {
    const short = legFromQueueCallback({ callSid: 'CA2', customerId: null, queueId: 'q1', result: 'hangup', queueTimeSec: 3, atUs: T0 + 3 * S }, null, newId)!;
    expect(contribution(short, { thresholdSec: 20, shortAbandonSec: 5 }, T0 + 3 * S)).toMatchObject({ shortAbandoned: 1, offered: 0 });
    const long = legFromQueueCallback({ callSid: 'CA3', customerId: null, queueId: 'q1', result: 'hangup', queueTimeSec: 40, atUs: T0 + 40 * S }, null, newId)!;
    expect(contribution(long, { thresholdSec: 20, shortAbandonSec: 5 }, T0 + 40 * S)).toMatchObject({ abandoned: 1, offered: 1 });
  });
});

describe('15-minute intervals', () => {
  it('a contact waiting across an interval border counts in the interval it arrived in', () => {
    const slots = intervalsOf('UTC', parseLocalDate('2026-03-10'));
    expect(slots).toHaveLength(96);
    const border = Date.UTC(2026, 2, 10, 9, 15) * 1000;
    const c = leg({ arrivedUs: border - 10 * S, outcome: 'answered', answeredUs: border + 50 * S, endedUs: border + 400 * S, handleSec: 350 });
    const sums = slotSums([c], slots, defaultRules, border + 400 * S);
    const i = slots.findIndex((s) => s.label === '09:00');
    expect(sums[i]).toMatchObject({ offered: 1, answered: 1, answeredWithinT: 1 });
    expect(sums[i + 1]!.offered).toBe(0);
  });

  it('DST: spring forward has 92 intervals, fall back 100; last week pairs by local time', () => {
    const spring = intervalsOf('Europe/Berlin', parseLocalDate('2026-03-29'));
    expect(spring).toHaveLength(92);
    expect(spring.map((s) => s.label)).not.toContain('02:00');
    const fall = intervalsOf('Europe/Berlin', parseLocalDate('2026-10-25'));
    expect(fall).toHaveLength(100);
    expect(fall.filter((s) => s.label === '02:15').map((s) => s.occurrence)).toEqual([0, 1]);
    // Last week (normal day, 96) against the spring day: 03:00 today pairs with 03:00 a week ago.
    const lastWeek = intervalsOf('Europe/Berlin', parseLocalDate('2026-03-22'));
    const at3 = lastWeek.find((s) => s.label === '03:00')!;
    const c = leg({ arrivedUs: at3.startUs + 60 * S, outcome: 'abandoned', endedUs: at3.startUs + 100 * S });
    const rows = pairIntervals(spring, spring.map(() => zeroSums()), lastWeek, slotSums([c], lastWeek, defaultRules, at3.endUs));
    expect(rows.find((r) => r.label === '03:00')!.lastWeek.abandoned).toBe(1);
    expect(rows.filter((r) => r.lastWeek.abandoned > 0)).toHaveLength(1);
  });
});
