import { describe, expect, it } from 'vitest';
import { ACTION_KINDS } from '../../shared/index.js';
import { parseActionId } from './action-id.js';
import { CATALOG } from './catalog/index.js';
import { actionId, rankActions } from './engine.js';
import { DAY, EVAL_NOW, HOUR, History, MIN, stats } from './eval/scenario-builder.js';
import { computeFeatures } from './features.js';
import { meanAcceptance, sampleBeta, seededRng, statsKey, type Tally } from './ranking.js';

function busyCustomer() {
  const h = new History('busy');
  h.add('web', 'account.created', 300 * DAY, { marketingOptIn: true });
  h.order(40 * DAY, 120, { discount: 10 });
  h.emailIn(6 * HOUR, 'Can you tell me about the warranty?');
  h.storeVisit(10 * MIN);
  h.add('web', 'cart.abandoned', 30 * HOUR, { lines: [{ title: 'Poles', quantity: 1, unitPrice: 129 }] });
  return computeFeatures({ items: h.items, stats: stats(120, 1), now: EVAL_NOW });
}

describe('catalog', () => {
  it('has exactly the kinds the spec names, each once, with a title, weight and guardrails', () => {
    expect(CATALOG.map((d) => d.kind).sort()).toEqual([...ACTION_KINDS].sort());
    for (const d of CATALOG) {
      expect(d.baseWeight).toBeGreaterThan(0);
      expect(d.baseWeight).toBeLessThanOrEqual(1);
      expect(d.roles.length).toBeGreaterThan(0);
      expect(d.version).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('rankActions', () => {
  const f = busyCustomer();

  it('scores base weight × evidence strength × acceptance, best first, with reasons linking events', () => {
    const { actions } = rankActions({ customerId: 'cus_busy', features: f, role: 'agent', stats: new Map(), rng: seededRng(1) });
    expect(actions.map((a) => a.kind)).toEqual(expect.arrayContaining(['reply_now', 'hold_notifications', 'cart_reminder']));
    for (const a of actions) {
      expect(a.score).toBeCloseTo(a.baseWeight * a.strength * a.acceptance, 3);
      expect(a.reasons.length).toBeGreaterThan(0);
      expect(a.reasons.flatMap((r) => r.eventIds).every((id) => id.startsWith('busy-e'))).toBe(true);
    }
    expect(actions.map((a) => a.score)).toEqual([...actions.map((a) => a.score)].sort((x, y) => y - x));
  });

  it('is stable for the same seed and stats (the served order does not shuffle between requests)', () => {
    const a = rankActions({ customerId: 'cus_busy', features: f, role: 'agent', stats: new Map(), rng: seededRng(5) }).actions;
    const b = rankActions({ customerId: 'cus_busy', features: f, role: 'agent', stats: new Map(), rng: seededRng(5) }).actions;
    expect(b).toEqual(a);
  });

  it('applies guardrails: consent, role, frequency caps and hidden ids', () => {
    const optedOut = { ...f, marketingOptOut: { eventIds: ['x'], atMs: f.nowMs - DAY, atSignup: false } };
    const r1 = rankActions({ customerId: 'c', features: optedOut, role: 'agent', stats: new Map(), rng: seededRng(1) });
    expect(r1.actions.map((a) => a.kind)).not.toContain('cart_reminder');
    expect(r1.blocked).toContainEqual({ kind: 'cart_reminder', guardrail: 'consent' });

    const capped = { ...f, executedAt: { reply_now: f.nowMs - 10 * MIN } };
    const r2 = rankActions({ customerId: 'c', features: capped, role: 'agent', stats: new Map(), rng: seededRng(1) });
    expect(r2.blocked).toContainEqual({ kind: 'reply_now', guardrail: 'frequency_cap' });

    const withReturn = { ...f, openReturn: { eventIds: ['r'], fromWords: false }, recentInbound: { ...f.recentInbound, count7d: 3 }, unhappyContacts: { eventIds: ['u1', 'u2'], count7d: 2 } };
    const asAssociate = rankActions({ customerId: 'c', features: withReturn, role: 'associate', stats: new Map(), rng: seededRng(1) });
    expect(asAssociate.blocked).toContainEqual({ kind: 'goodwill_credit', guardrail: 'role' });

    const first = rankActions({ customerId: 'c', features: f, role: 'agent', stats: new Map(), rng: seededRng(1) }).actions[0]!;
    const hidden = rankActions({ customerId: 'c', features: f, role: 'agent', stats: new Map(), rng: seededRng(1), hidden: new Set([first.id]) });
    expect(hidden.actions.map((a) => a.id)).not.toContain(first.id);
  });

  it('learned acceptance changes the ranking measurably: dismissals sink a kind, acceptances lift it', () => {
    const rank = (st: Map<string, Tally>, seed: number) => rankActions({ customerId: 'c', features: f, role: 'agent', stats: st, rng: seededRng(seed) }).actions;
    const baseline = rank(new Map(), 3);
    const top = baseline[0]!;
    const second = baseline[1]!;
    const learned = new Map<string, Tally>([
      [statsKey(top.kind, f.segment), { accepted: 0, dismissed: 60 }],
      [statsKey(second.kind, f.segment), { accepted: 60, dismissed: 0 }],
    ]);
    // Over many requests (seeds): without feedback the baseline top wins most of the time; with it, rarely.
    let topFirstBefore = 0;
    let topFirstAfter = 0;
    for (let seed = 0; seed < 200; seed++) {
      if (rank(new Map(), seed)[0]!.kind === top.kind) topFirstBefore++;
      if (rank(learned, seed)[0]!.kind === top.kind) topFirstAfter++;
    }
    expect(topFirstBefore).toBeGreaterThan(150);
    expect(topFirstAfter).toBeLessThan(20);
    expect(meanAcceptance({ accepted: 0, dismissed: 60 })).toBeCloseTo(0.2, 5);
  });

  it('makes ids that parse back to kind, segment and customer, and change when the evidence does', () => {
    const id = actionId('reply_now', 'vip', 'cus_01ABC', ['e1', 'e2']);
    expect(parseActionId(id)).toEqual({ kind: 'reply_now', segment: 'vip', customerId: 'cus_01ABC' });
    expect(actionId('reply_now', 'vip', 'cus_01ABC', ['e2', 'e1'])).toBe(id);
    expect(actionId('reply_now', 'vip', 'cus_01ABC', ['e1', 'e3'])).not.toBe(id);
    expect(parseActionId('act.nope.vip.cus_1.abc')).toBeNull();
    expect(parseActionId('garbage')).toBeNull();
  });
});

describe('Thompson sampling', () => {
  it('samples Beta with the right mean from a seeded RNG', () => {
    const rng = seededRng(42);
    const n = 4000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sampleBeta(30, 10, rng);
    expect(sum / n).toBeGreaterThan(0.73);
    expect(sum / n).toBeLessThan(0.77);
    expect(seededRng(9)()).toBe(seededRng(9)());
  });
});
