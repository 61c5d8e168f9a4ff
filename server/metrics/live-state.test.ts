import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../shared/sla.js';
import { contribution, dueUs, rates, type Contact, type Rules } from './figures.js';
import { LiveEngine } from './live-engine.js';
import { keyOf, LiveState } from './live-state.js';
import { legFromCallCompleted } from './twilio-legs.js';

/*
 * The compact live state (finished legs folded and dropped, minute ring, quarter-hour slots, per-agent work),
 * email's T in business hours on the queue's calendar, and call wrap-up: against hand-computed fixtures.
 */

const S = 1_000_000;
const MIN = 60 * S;
const DAY0 = Date.UTC(2026, 11, 3, 0, 0) * 1000; // Thursday 3 December 2026, 00:00 UTC
let n = 0;
const leg = (over: Partial<Contact>): Contact => ({ id: `l${++n}`, conversationId: null, callSid: null, customerId: 'cus1', queueId: 'q1', channel: 'chat', arrivedUs: DAY0 + 9 * 60 * MIN, answeredUs: null, endedUs: null, outcome: 'waiting', agentId: null, handleSec: null, version: 1, ...over });
const chat: Rules = { thresholdSec: 60, shortAbandonSec: 5 };

describe('compact live state', () => {
  it('a leg moved to another queue leaves no empty row behind; a finished call loaded at start is not held', () => {
    const st = new LiveState(() => chat, DAY0);
    const now = DAY0 + 10 * 60 * MIN;
    const waiting = leg({ queueId: null, conversationId: 'cv1' });
    st.apply(waiting, now);
    expect(st.keys()).toEqual([keyOf(null, 'chat')]);
    // Put in a queue: the unqueued leg is transferred (it counts nowhere) and a new one waits in q1.
    st.apply({ ...waiting, outcome: 'transferred', endedUs: now, version: 2 }, now);
    st.apply(leg({ conversationId: 'cv1', arrivedUs: now }), now);
    expect(st.keys()).toEqual([keyOf('q1', 'chat')]);
    // A day of finished calls read at start: folded, none held (neither as legs nor as a call's latest leg).
    const call = (i: number) => leg({ channel: 'phone', callSid: `CA${i}`, outcome: 'answered', answeredUs: DAY0 + MIN, endedUs: DAY0 + 5 * MIN, handleSec: 240, agentId: 'u1' });
    for (let i = 0; i < 50; i++) st.apply(call(i), now, false);
    expect(st.window(keyOf('q1', 'phone'), null, now).offered).toBe(50);
    expect(st.latestCallLeg('CA7')).toBeNull();
    expect(st.held).toBe(2);
    // Finished legs read inside the change feed's overlap: not held, yet the feed's re-read of them folds nothing.
    const recent = Array.from({ length: 20 }, () => leg({ queueId: 'q2', outcome: 'answered', answeredUs: now - MIN, endedUs: now, handleSec: 30 }));
    for (const c of recent) st.applyLoaded(c, now, true);
    expect(st.held).toBe(2);
    expect(recent.map((c) => st.apply(c, now + S)).some(Boolean)).toBe(false);
    expect(st.window(keyOf('q2', 'chat'), null, now + S).offered).toBe(20);
  });

  it('windows by minute over the last hour, today by quarter-hour slots; finished legs are not held after a minute', () => {
    const st = new LiveState(() => chat, DAY0);
    const at = (h: number, m: number) => DAY0 + (h * 60 + m) * MIN;
    const now = at(10, 0);
    // 08:10 (outside 1h), 09:20 (inside 1h, outside 15m), 09:50 (inside both); all answered after 30 s.
    for (const a of [at(8, 10), at(9, 20), at(9, 50)]) st.apply(leg({ arrivedUs: a, outcome: 'answered', answeredUs: a + 30 * S, endedUs: a + 300 * S, handleSec: 270, agentId: 'u1' }), now);
    const k = keyOf('q1', 'chat');
    expect(st.window(k, now - 15 * MIN, now).offered).toBe(1);
    expect(st.window(k, now - 60 * MIN, now).offered).toBe(2);
    expect(st.window(k, null, now)).toMatchObject({ offered: 3, answered: 3, answeredWithinT: 3, handled: 3, handleSumSec: 810, waitSumSec: 90 });
    const slots = st.slotSums(k);
    expect([slots[32]!.offered, slots[37]!.offered, slots[39]!.offered]).toEqual([1, 1, 1]); // 08:00, 09:15, 09:45
    expect(st.held).toBe(3);
    // A minute later the finished legs are gone from memory; their figures and the agent's work stay.
    st.apply(leg({ arrivedUs: now + 61 * S }), now + 61 * S);
    expect(st.held).toBe(1);
    expect(st.window(k, null, now + 61 * S).offered).toBe(4);
    expect(st.agentWork('u1', now + 61 * S, () => 100)).toEqual({ busySec: 810, handledToday: 3 });
  });

  it('a finished leg read again (the change feed overlap) is not counted twice; a newer version replaces it', () => {
    const st = new LiveState(() => chat, DAY0);
    const now = DAY0 + 10 * 60 * MIN;
    const done = leg({ id: 'd', outcome: 'answered', answeredUs: DAY0 + 9 * 60 * MIN + 20 * S, endedUs: now, handleSec: 100, agentId: 'u1' });
    expect(st.apply(done, now)).toBe(true);
    expect(st.apply({ ...done }, now + 5 * S)).toBe(false);
    expect(st.apply({ ...done, handleSec: 130, version: 2 }, now + 6 * S)).toBe(true);
    expect(st.window(keyOf('q1', 'chat'), null, now)).toMatchObject({ offered: 1, handled: 1, handleSumSec: 130 });
    expect(st.agentWork('u1', now, () => 50).handledToday).toBe(1);
  });

  it('running handling counts toward the agent up to now, capacity-weighted', () => {
    const st = new LiveState(() => chat, DAY0);
    const a = DAY0 + 9 * 60 * MIN;
    st.apply(leg({ arrivedUs: a, outcome: 'answered', answeredUs: a + 10 * S, agentId: 'u2' }), a + 10 * S);
    // A chat at 33 of 100 units, 300 s into its handling: 99 busy seconds; not handled yet.
    const w = st.agentWork('u2', a + 310 * S, () => 33);
    expect(w.busySec).toBeCloseTo(99);
    expect(w.handledToday).toBe(0);
  });
});

describe('email service level in business hours (queue calendar, reused from server/sla)', () => {
  // Berlin (UTC+1 in December), split shift Mon-Fri 09:00-12:00 and 13:00-17:00; Tuesday 8 December a holiday. T = 4 business hours.
  const cal: BusinessCalendar = {
    timeZone: 'Europe/Berlin',
    week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }]])),
    holidays: [{ date: '2026-12-08', name: 'Test holiday' }],
  };
  const email: Rules = { thresholdSec: 4 * 3600, shortAbandonSec: 5, calendar: cal };
  const utc = (d: number, h: number, m = 0) => Date.UTC(2026, 11, d, h, m) * 1000;
  const answered = (arr: number, ans: number) => contribution(leg({ channel: 'email', arrivedUs: arr, outcome: 'answered', answeredUs: ans }), email, ans).answeredWithinT;

  it('overnight: Thu 15:00 + 2 h Thu + 2 h Fri = Fri 11:00', () => {
    expect(dueUs(utc(3, 14), email)).toBe(utc(4, 10));
    expect(answered(utc(3, 14), utc(4, 9, 59))).toBe(1); // Fri 10:59, 20 h wall clock: inside 4 business hours
    expect(answered(utc(3, 14), utc(4, 10, 1))).toBe(0); // Fri 11:01: after
  });

  it('weekend: Fri 16:00 + 1 h Fri + 3 h Mon morning = Mon 12:00 (lunch does not run the clock)', () => {
    expect(dueUs(utc(4, 15), email)).toBe(utc(7, 11));
    expect(answered(utc(4, 15), utc(7, 10, 30))).toBe(1); // Mon 11:30
    expect(answered(utc(4, 15), utc(7, 12, 30))).toBe(0); // Mon 13:30
  });

  it('holiday: Mon 15:00 + 2 h Mon, Tue closed, + 2 h Wed = Wed 11:00', () => {
    expect(dueUs(utc(7, 14), email)).toBe(utc(9, 10));
    expect(answered(utc(7, 14), utc(9, 9))).toBe(1); // Wed 10:00, 43 h wall clock
    expect(answered(utc(7, 14), utc(9, 10, 30))).toBe(0); // Wed 11:30
  });

  it('a waiting email passes T on the calendar, not the wall clock (tick)', () => {
    const st = new LiveState(() => email, utc(7, 0) - 3600 * S);
    const k = keyOf('q1', 'email');
    st.apply(leg({ id: 'e', channel: 'email', arrivedUs: utc(4, 15) }), utc(4, 15));
    expect(st.tick(utc(7, 10, 59)).size).toBe(0); // Mon 11:59 Berlin: 66 h wall clock, 3 h 59 min business
    expect(st.tick(utc(7, 11, 1)).has(k)).toBe(true);
  });

  it("the engine applies the queue's calendar to email only; other channels keep wall-clock T", () => {
    const engine = new LiveEngine({ store: undefined as never, events: undefined as never, timeZone: 'UTC', nowMs: Date.now, onError: () => {}, calendarFor: (q) => (q === 'q1' ? cal : null) });
    expect(engine.rules('q1', 'email').calendar).toBe(cal);
    expect(engine.rules('q1', 'chat').calendar).toBeNull();
    expect(engine.rules('q2', 'email').calendar).toBeNull();
    expect(rates(contribution(leg({ channel: 'chat', outcome: 'answered', answeredUs: leg({}).arrivedUs + 61 * S }), engine.rules('q1', 'chat'), 0)).serviceLevel).toBe(0);
  });
});

describe('call wrap-up', () => {
  it('talk + hold from answer to completion, then wrap-up; the handling (and agent busy time) ends with the wrap-up', () => {
    const a = leg({ channel: 'phone', callSid: 'CA1', outcome: 'answered', answeredUs: DAY0 + 100 * S });
    const done = legFromCallCompleted(a, DAY0 + 280 * S, 45)!;
    expect(done.handleSec).toBe(225); // 180 s talk + hold, 45 s wrap-up
    expect(done.endedUs).toBe(DAY0 + 325 * S);
    expect(legFromCallCompleted(done, DAY0 + 300 * S, 0)).toBeNull(); // already over
  });
});
