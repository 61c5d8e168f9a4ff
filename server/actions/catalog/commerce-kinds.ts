import { ago, clamp01, DAY, money, reason, toneWord, type ActionDefinition } from './types.js';

/*
 * Commerce actions: marketing nudges (promotional: consent, caps and "just bought full price" apply)
 * and the suppression that protects customers from them.
 */

const SELLERS = ['agent', 'lead', 'admin', 'associate'] as const;

export const suppressPromotion: ActionDefinition = {
  kind: 'suppress_promotion',
  version: 1,
  // Housekeeping: important, but never above a customer who is waiting or upset.
  baseWeight: 0.7,
  promotional: false,
  roles: SELLERS,
  capMs: 7 * DAY,
  execute: { label: 'Suppress promotions for this customer', creates: 'suppression' },
  when(f) {
    const optOut = f.marketingOptOut;
    if (optOut && (f.executedAt.suppress_promotion ?? -Infinity) < optOut.atMs) {
      const leaked = f.campaignsAfterOptOut.eventIds;
      return {
        strength: leaked.length > 0 ? 1 : 0.7,
        title: optOut.atSignup ? 'Suppress promotions: no marketing consent' : 'Suppress promotions: the customer opted out of marketing',
        reasons: [
          reason(optOut.atSignup ? `Did not opt in to marketing at signup (${ago(f.nowMs - optOut.atMs)})` : `Opted out of marketing ${ago(f.nowMs - optOut.atMs)}`, optOut.eventIds),
          ...(leaked.length > 0 ? [reason(`${leaked.length} campaign${leaked.length > 1 ? 's' : ''} still sent after the opt-out`, leaked)] : []),
        ],
        details: { cause: 'opt_out' },
      };
    }
    const p = f.lastPurchase;
    if (p && !p.discounted && f.nowMs - p.atMs <= 7 * DAY) {
      const days = (f.nowMs - p.atMs) / DAY;
      // The engine already holds promotions back after a full-price purchase: recording it is housekeeping,
      // never above a customer who is waiting or an order that needs a word.
      return {
        strength: days <= 2 ? 0.5 : 0.35,
        title: 'Suppress discount promotions: just bought at full price',
        reasons: [reason(`Paid full price (${money(p.total, p.currency)}) ${ago(f.nowMs - p.atMs)}; a discount now would feel unfair`, p.eventIds)],
        details: { cause: 'full_price_purchase', days: 7 },
      };
    }
    return null;
  },
};

export const cartReminder: ActionDefinition = {
  kind: 'cart_reminder',
  version: 1,
  baseWeight: 0.55,
  promotional: true,
  marketingChannels: ['email'],
  roles: SELLERS,
  capMs: 7 * DAY,
  execute: { label: 'Create a cart reminder task', creates: 'task' },
  when(f) {
    const cart = f.abandonedCart;
    if (!cart) return null;
    const hours = (f.nowMs - cart.atMs) / (DAY / 24);
    // Too soon is pushy; after a week the intent is gone.
    const strength = hours < 1 ? 0.3 : hours <= 72 ? 0.9 : 0.55;
    const what = cart.titles.length > 0 ? cart.titles.slice(0, 2).join(', ') : 'items';
    return { strength, title: `Remind about the abandoned cart (${what})`, reasons: [reason(`Left a cart with ${what} ${ago(f.nowMs - cart.atMs)}, no order since`, cart.eventIds)] };
  },
};

export const crossSell: ActionDefinition = {
  kind: 'cross_sell',
  version: 1,
  baseWeight: 0.35,
  promotional: true,
  marketingChannels: ['email'],
  roles: SELLERS,
  capMs: 14 * DAY,
  execute: { label: 'Log a cross-sell suggestion', creates: 'note' },
  when(f) {
    const p = f.lastPurchase;
    if (!p || f.lateDelivery || f.openReturn || (f.sentiment.recent ?? 0) < 0) return null;
    const days = (f.nowMs - p.atMs) / DAY;
    if (days < 3 || days > 60) return null;
    const item = p.titles[0];
    const strength = clamp01(0.4 + (f.segment === 'vip' ? 0.3 : f.segment === 'regular' ? 0.15 : 0) + (item ? 0.15 : 0));
    return {
      strength,
      title: item ? `Suggest accessories for the ${item}` : 'Suggest a complementary product',
      reasons: [reason(`Bought ${item ?? 'recently'} ${ago(f.nowMs - p.atMs)} and is happy so far`, p.eventIds)],
    };
  },
};

/**
 * Issue 14: a high-value customer (top 30% by expected 12-month value) whose probability of still buying
 * is below one half and fell over the last month. The reason is the value model's own explanation.
 */
function valueAtRisk(f: Parameters<ActionDefinition['when']>[0]): ReturnType<ActionDefinition['when']> {
  const v = f.value;
  if (!v || (v.tier !== 'top' && v.tier !== 'high') || v.activity === 'one_purchase') return null;
  if (!(v.pAlive < 0.5) || v.pAlive30DaysAgo === null || !(v.pAlive30DaysAgo > v.pAlive)) return null;
  const worth = money(v.expectedValue12m, v.model.currency);
  const strength = clamp01(0.55 + (v.tier === 'top' ? 0.2 : 0.1) + Math.min(0.15, v.pAlive30DaysAgo - v.pAlive));
  const text = `${v.tier === 'top' ? 'Top-10% customer' : 'High-value customer'} (${worth} expected in the next 12 months) slipping away: ${v.explanation}, down from ${Math.round(v.pAlive30DaysAgo * 100)}% a month ago`;
  return { strength, title: 'Churn risk: make a retention offer', reasons: [reason(text, f.lastPurchase?.eventIds ?? [])] };
}

export const retentionOffer: ActionDefinition = {
  kind: 'retention_offer',
  version: 1,
  baseWeight: 0.6,
  promotional: true,
  marketingChannels: ['email', 'sms'],
  roles: ['agent', 'lead', 'admin'],
  capMs: 30 * DAY,
  execute: { label: 'Create a retention offer task', creates: 'task' },
  when(f) {
    const valued = valueAtRisk(f);
    if (valued) return valued;
    if (f.orderCount < 2 || f.recencyDays === null) return null;
    const gap = f.purchaseGapDays ?? 90;
    const lapsed = f.recencyDays > Math.max(90, 2 * gap);
    const souring = f.sentiment.trend < -0.5 && (f.sentiment.recent ?? 0) < 0;
    if (!lapsed && !souring) return null;
    const strength = clamp01((lapsed ? 0.5 + Math.min(0.3, (f.recencyDays / Math.max(gap, 30) - 2) * 0.1) : 0.3) + (souring ? 0.2 : 0) + (f.segment === 'vip' ? 0.15 : 0));
    const reasons = [];
    if (lapsed) reasons.push(reason(`No purchase for ${Math.round(f.recencyDays)} days (usually every ${Math.round(gap)} days)`, f.lastPurchase?.eventIds ?? []));
    if (souring) reasons.push(reason(`The customer's tone turned from ${toneWord(f.sentiment.earlier ?? 0)} to ${toneWord(f.sentiment.recent ?? 0)} in the last two weeks`, f.sentiment.negative.eventIds));
    return { strength, title: 'Churn risk: make a retention offer', reasons };
  },
};
