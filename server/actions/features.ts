import { CHANNELS, CONSENT_CHANNELS, emptyChannelCounts, isAnsweredCall, isClosedChatStatus, spendDelta, type ActionKind, type Channel, type ChannelConsent, type ChannelCounts, type ConsentChannel, type ConsentState, type CustomerStats, type CustomerValue, type TimelineItem } from '../../shared/index.js';
import { customerWords, isInboundContact, isOutboundReply } from './customer-words.js';
import { DeliveryFacts, type LateDelivery } from './delivery-facts.js';
import { engineMeaning } from './event-reading.js';
import { wordFacts } from './word-facts.js';
import { readConsents } from '../privacy/consent-reader.js';

export type { LateDelivery } from './delivery-facts.js';

/*
 * Features of one customer, computed from the profile stats and the newest timeline events.
 * Pure: same items + same `now` = same features. Every feature that can justify an action keeps
 * the ids of the events behind it, so reasons link back to the timeline.
 * Event types are read through the shared vocabulary (shared/event-types.ts, event-reading.ts):
 * a type outside it is ignored. docs/actions.md lists the categories and data fields each feature reads.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export type Segment = 'vip' | 'regular' | 'new';

export interface Evidence {
  eventIds: string[];
}
export interface OpenConversation extends Evidence {
  channel: Channel;
  /** When the customer started waiting (first unanswered inbound event). */
  sinceMs: number;
  /** A missed/voicemail call waiting for a callback (vs a message waiting for a reply). */
  missedCall: boolean;
}
export interface PurchaseFact extends Evidence {
  atMs: number;
  total: number;
  currency: string;
  discounted: boolean;
  titles: string[];
  orderNumber?: string;
}
export interface StoreFact extends Evidence {
  storeId: string;
  storeName: string;
}

export interface CustomerFeatures {
  nowMs: number;
  segment: Segment;
  /** Days since the last purchase; null when never bought. */
  recencyDays: number | null;
  /** Orders per year over the customer's history. */
  frequencyPerYear: number;
  /** Average order value. */
  monetary: number;
  lifetimeValue: number;
  currency: string;
  orderCount: number;
  /** Mean days between purchases (null with fewer than two). */
  purchaseGapDays: number | null;
  contacts7d: ChannelCounts;
  contacts30d: ChannelCounts;
  /** Inbound contacts (customer reaching out) in the last 7 days, with their ids. */
  recentInbound: Evidence & { count7d: number; count30d: number };
  /** Inbound contacts of the last 7 days whose words are unhappy (negative tone, a complaint, an escalation). */
  unhappyContacts: Evidence & { count7d: number };
  /** Inbound contacts per week over the last 30 days. */
  contactFrequencyPerWeek: number;
  /** Marketing and outbound touches in the last 7 days (frequency cap for promotions). */
  outboundTouches7d: number;
  openConversations: OpenConversation[];
  sentiment: {
    /** Mean AFINN comparative score of the customer's words in the last 14 days (null if none). */
    recent: number | null;
    /** Same for 14–90 days ago. */
    earlier: number | null;
    /** recent − earlier (0 when either is missing). */
    trend: number;
    /** Recent events whose words scored negative, most negative first. */
    negative: Evidence & { worst: number };
    /** Recent words asking for a manager, complaint, cancellation… */
    escalationWords: Evidence;
  };
  lastPurchase: PurchaseFact | null;
  abandonedCart: (Evidence & { atMs: number; titles: string[] }) | null;
  /** An open return; `fromWords` when only the customer's words (with a purchase in the last 90 days) say so. */
  openReturn: (Evidence & { orderNumber?: string; fromWords: boolean }) | null;
  /** A late delivery by the order / shipment facts, with the customer's words about it as extra evidence. */
  lateDelivery: LateDelivery | null;
  /** The customer says an order has not arrived while one is on its way but not late by the facts. */
  deliveryQuestion: LateDelivery | null;
  outOfStock: (Evidence & { title?: string; storeId?: string }) | null;
  preferredStore: (StoreFact & { visits: number }) | null;
  inStoreNow: (StoreFact & { atMs: number }) | null;
  /** Latest consent signal says no marketing. */
  marketingOptOut: (Evidence & { atMs: number; /** Never opted in at signup (vs an explicit opt-out). */ atSignup: boolean }) | null;
  /** Campaigns sent after the opt-out (a suppression is overdue). */
  campaignsAfterOptOut: Evidence;
  /** Marketing consent per channel (server/privacy/consent-reader.ts), with the event it was read from. */
  marketingConsent: Record<ConsentChannel, Evidence & { state: ConsentState }>;
  /** Last time each action kind was executed from the console (frequency caps). */
  executedAt: Partial<Record<ActionKind, number>>;
  /** Customer value and churn risk from the profile (server/clv, issue 14); null when unknown or never bought. */
  value: CustomerValue | null;
}

export interface FeatureInput {
  /** The newest events, any order (the engine reads a bounded window). */
  items: readonly TimelineItem[];
  stats: Pick<CustomerStats, 'lifetimeSpend' | 'orderCount' | 'firstSeenAt'>;
  now: Date;
  /** The profile's value block (server/clv), when the hub has it. */
  value?: CustomerValue | null;
  /** The profile's consents (kept at write time in consent_signals, server/privacy); else read from `items`. */
  consents?: readonly ChannelConsent[] | null;
}

const SENTIMENT_WINDOW = 90 * DAY;
const RECENT = 14 * DAY;

function ms(iso: string): number {
  return Date.parse(iso);
}
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function lineTitles(data: Record<string, unknown>): string[] {
  const lines = Array.isArray(data['lines']) ? (data['lines'] as unknown[]) : [];
  return lines.map((l) => str((l as { title?: unknown } | null)?.title)).filter((t): t is string => t !== undefined);
}

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function computeFeatures({ items, stats, now, value, consents }: FeatureInput): CustomerFeatures {
  const nowMs = now.getTime();
  // Oldest first; ties keep id order so "later" is well defined.
  const timed = items.map((e) => ({ e, at: ms(e.occurredAt) })).filter((x) => x.at <= nowMs + MIN);
  timed.sort((a, b) => a.at - b.at || (a.e.id < b.e.id ? -1 : 1));

  const contacts7d = emptyChannelCounts();
  const contacts30d = emptyChannelCounts();
  const inbound7: string[] = [];
  let inbound30 = 0;
  let outboundTouches7d = 0;
  const recentScores: number[] = [];
  const earlierScores: number[] = [];
  const negatives: { id: string; score: number }[] = [];
  const escalationIds: string[] = [];
  const lateWordIds: { id: string; at: number }[] = [];
  const returnWordIds: { id: string; at: number }[] = [];
  const stockWordIds: string[] = [];
  const unhappy7: string[] = [];
  const purchases: PurchaseFact[] = [];
  let lastCart: { id: string; at: number; titles: string[] } | null = null;
  let openReturn: { ids: string[]; orderNumber?: string; at: number } | null = null;
  let lastReturnDoneAt = -Infinity;
  const deliveries = new DeliveryFacts();
  const storeVisits = new Map<string, { name: string; ids: string[] }>();
  let lastStore: { id: string; storeId: string; storeName: string; at: number } | null = null;
  let lastStoreExitAt = -Infinity;
  let consent: { optedOut: boolean; id: string; at: number; atSignup?: boolean } | null = null;
  const campaignsAfterOptOut: string[] = [];
  const waiting = new Map<Channel, { since: number; ids: string[]; missedCall: boolean }>();
  const executedAt: Partial<Record<ActionKind, number>> = {};
  let outOfStock: { ids: string[]; title?: string; storeId?: string } | null = null;

  for (const { e, at } of timed) {
    // Types outside the vocabulary (custom events-API types) and categories the engine ignores.
    const m = engineMeaning(e);
    if (!m) continue;
    const cat = m.category;
    const age = nowMs - at;
    const d = e.data;
    const inbound = isInboundContact(e, m);

    if (age <= 30 * DAY) {
      contacts30d[e.channel]++;
      if (inbound) inbound30++;
    }
    if (age <= 7 * DAY) {
      contacts7d[e.channel]++;
      if (inbound) inbound7.push(e.id);
      if (cat === 'email_campaign' || (isOutboundReply(e, m) && (cat === 'sms' || cat === 'email'))) outboundTouches7d++;
    }

    // Open conversations: an inbound contact nobody answered (or closed) on that channel since.
    if (inbound) {
      const closedChat = cat === 'chat' && isClosedChatStatus(str(d['status']));
      const answeredCall = cat === 'call' && isAnsweredCall(e.type, str(d['outcome']));
      if (closedChat || answeredCall) waiting.delete(e.channel);
      else {
        const w = waiting.get(e.channel);
        // A message left unanswered for over a week is stale: a new one starts a new wait.
        if (w && at - w.since <= 7 * DAY) w.ids.push(e.id);
        else waiting.set(e.channel, { since: at, ids: [e.id], missedCall: cat === 'call' });
      }
    } else if (isOutboundReply(e, m)) {
      waiting.delete(e.channel);
    }
    if (cat === 'conversation_closed') {
      const ch = str(d['channel']);
      if (ch && (CHANNELS as readonly string[]).includes(ch)) waiting.delete(ch as Channel);
      else if (e.channel !== 'note') waiting.delete(e.channel);
    }

    // The customer's own words, read in context: sentiment and what they say is wrong.
    if (age <= SENTIMENT_WINDOW) {
      const words = customerWords(e, m);
      if (words) {
        // Keyed by id and seq: a chat that grows keeps its id but gets a new seq.
        const w = wordFacts(words, `${e.id}@${e.seq}`);
        const score = w.score;
        if (age <= RECENT) {
          recentScores.push(score);
          if (score < 0) negatives.push({ id: e.id, score });
          if (w.escalates) escalationIds.push(e.id);
          if (w.saysLate) lateWordIds.push({ id: e.id, at });
          if (w.mentionsReturn) returnWordIds.push({ id: e.id, at });
          if (w.mentionsOutOfStock) stockWordIds.push(e.id);
          if (age <= 7 * DAY && inbound && (score < 0 || w.escalates || w.saysLate)) unhappy7.push(e.id);
        } else earlierScores.push(score);
      }
    }

    // Purchases and money. A cancelled or fully refunded order (Shopify keeps one item per order) is not a purchase.
    const status = str(d['status']);
    const financial = str(d['financialStatus']);
    if (cat === 'purchase' && status !== 'cancelled' && financial !== 'refunded' && financial !== 'voided') {
      const money = spendDelta(e.channel, e.type, d);
      const discount = num(d['discount']) ?? 0;
      purchases.push({
        eventIds: [e.id],
        atMs: at,
        total: money?.amount ?? num(d['total']) ?? 0,
        currency: money?.currency ?? 'USD',
        discounted: discount > 0 || d['fullPrice'] === false || str(d['priceType']) === 'discounted',
        titles: lineTitles(d),
        ...(str(d['orderNumber']) ? { orderNumber: str(d['orderNumber'])! } : {}),
      });
      lastCart = null; // an order completes any earlier cart
    }
    // A checkout that completed is not an abandoned cart, whatever type the item was first stored with.
    if (cat === 'checkout_completed' || (cat === 'cart' && status === 'completed')) lastCart = null;
    else if (cat === 'cart') lastCart = { id: e.id, at, titles: lineTitles(d) };

    // Returns and refunds.
    if (cat === 'return_open') {
      if (openReturn) openReturn.ids.push(e.id);
      else openReturn = { ids: [e.id], at, ...(str(d['orderNumber']) ? { orderNumber: str(d['orderNumber'])! } : {}) };
    }
    if (cat === 'refund' || cat === 'return_closed') {
      openReturn = null;
      lastReturnDoneAt = at;
    }

    // Orders on their way: shipped, delayed, delivered, picked up, cancelled.
    deliveries.add(e, m, at);

    // Stores.
    if (e.channel === 'store') {
      const storeId = str(d['storeId']);
      if (storeId) {
        const name = str(d['storeName']) ?? storeId;
        if (age <= 365 * DAY) {
          const v = storeVisits.get(storeId) ?? { name, ids: [] };
          v.ids.push(e.id);
          storeVisits.set(storeId, v);
        }
        if (cat === 'store_exit') lastStoreExitAt = at;
        else lastStore = { id: e.id, storeId, storeName: name, at };
      }
    }
    if (cat === 'out_of_stock' || d['outOfStock'] === true) {
      outOfStock = { ids: [e.id], ...(lineTitles(d)[0] ?? str(d['title']) ? { title: lineTitles(d)[0] ?? str(d['title'])! } : {}), ...(str(d['storeId']) ? { storeId: str(d['storeId'])! } : {}) };
    }

    // Consent.
    if (cat === 'consent_opt_out') consent = { optedOut: true, id: e.id, at };
    else if (cat === 'consent_opt_in') consent = { optedOut: false, id: e.id, at };
    else if (cat === 'account_created' && typeof d['marketingOptIn'] === 'boolean' && consent === null) consent = { optedOut: !d['marketingOptIn'], id: e.id, at, atSignup: true };
    if (cat === 'email_campaign' && consent?.optedOut) campaignsAfterOptOut.push(e.id);
    if (cat === 'email_campaign' && !consent?.optedOut) campaignsAfterOptOut.length = 0;

    // What the console already did (executed actions are note events carrying their kind).
    if (cat === 'action_executed' && typeof d['actionKind'] === 'string') {
      const k = d['actionKind'] as ActionKind;
      executedAt[k] = Math.max(executedAt[k] ?? -Infinity, at);
      // A suppression answers the campaigns sent after an opt-out.
      if (k === 'suppress_promotion') campaignsAfterOptOut.length = 0;
    }
  }

  // ----- derived -----
  const spend = stats.lifetimeSpend[0];
  const lifetimeValue = spend?.amount ?? purchases.reduce((s, p) => s + p.total, 0);
  const currency = spend?.currency ?? purchases[0]?.currency ?? 'USD';
  const orderCount = Math.max(stats.orderCount, purchases.length);
  const lastPurchase = purchases.at(-1) ?? null;
  const firstSeen = stats.firstSeenAt ? ms(stats.firstSeenAt) : (timed[0]?.at ?? nowMs);
  const years = Math.max((nowMs - firstSeen) / (365 * DAY), 1 / 12);
  const gaps = purchases.slice(1).map((p, i) => (p.atMs - purchases[i]!.atMs) / DAY);
  const segment: Segment = lifetimeValue >= 1000 || orderCount >= 10 ? 'vip' : orderCount >= 2 ? 'regular' : 'new';

  const openConversations: OpenConversation[] = [...waiting.entries()]
    .filter(([, w]) => nowMs - w.since <= 7 * DAY)
    .map(([channel, w]) => ({ channel, sinceMs: w.since, eventIds: w.ids, missedCall: w.missedCall }))
    .sort((a, b) => a.sinceMs - b.sinceMs);

  // Late delivery rests on order / shipment facts; the customer's words since the order left add evidence.
  // Words alone never claim an order is late: with an order on its way they make a delivery question.
  const wordsSince = (atMs: number) => lateWordIds.filter((w) => w.at >= atMs).map((w) => w.id);
  const lateDelivery = deliveries.late(nowMs);
  if (lateDelivery) lateDelivery.eventIds.push(...wordsSince(nowMs - lateDelivery.daysSinceShipped * DAY));
  let deliveryQuestion: LateDelivery | null = null;
  if (!lateDelivery) {
    const onItsWay = deliveries.undelivered(nowMs);
    const asked = onItsWay ? wordsSince(nowMs - onItsWay.daysSinceShipped * DAY) : [];
    if (onItsWay && asked.length > 0) deliveryQuestion = { ...onItsWay, eventIds: [...onItsWay.eventIds, ...asked] };
  }

  const returnWords = returnWordIds.filter((w) => w.at > lastReturnDoneAt).map((w) => w.id);
  const openReturnFeature = openReturn
    ? { eventIds: [...openReturn.ids, ...returnWords], fromWords: false, ...(openReturn.orderNumber ? { orderNumber: openReturn.orderNumber } : {}) }
    : returnWords.length > 0 && lastPurchase && nowMs - lastPurchase.atMs <= 90 * DAY
      ? { eventIds: [...lastPurchase.eventIds, ...returnWords], fromWords: true, ...(lastPurchase.orderNumber ? { orderNumber: lastPurchase.orderNumber } : {}) }
      : null;

  let preferredStore: CustomerFeatures['preferredStore'] = null;
  for (const [storeId, v] of storeVisits) {
    if (!preferredStore || v.ids.length > preferredStore.visits) preferredStore = { storeId, storeName: v.name, visits: v.ids.length, eventIds: v.ids.slice(-3) };
  }
  const inStoreNow =
    lastStore && nowMs - lastStore.at <= 60 * MIN && lastStore.at > lastStoreExitAt
      ? { storeId: lastStore.storeId, storeName: lastStore.storeName, atMs: lastStore.at, eventIds: [lastStore.id] }
      : null;

  const oos = outOfStock as { ids: string[]; title?: string; storeId?: string } | null;
  const outOfStockFeature = oos
    ? { eventIds: [...oos.ids, ...stockWordIds], ...(oos.title ? { title: oos.title } : {}), ...(oos.storeId ? { storeId: oos.storeId } : {}) }
    : stockWordIds.length > 0
      ? { eventIds: stockWordIds }
      : null;

  const recent = mean(recentScores);
  const earlier = mean(earlierScores);
  negatives.sort((a, b) => a.score - b.score);
  const cart = lastCart as { id: string; at: number; titles: string[] } | null;
  const c = consent as { optedOut: boolean; id: string; at: number; atSignup?: boolean } | null;
  const marketingConsent = consentFeature(consents ?? readConsents(items));

  return {
    nowMs,
    segment,
    recencyDays: lastPurchase ? (nowMs - lastPurchase.atMs) / DAY : null,
    frequencyPerYear: orderCount / years,
    monetary: orderCount > 0 ? lifetimeValue / orderCount : 0,
    lifetimeValue,
    currency,
    orderCount,
    purchaseGapDays: mean(gaps),
    contacts7d,
    contacts30d,
    recentInbound: { eventIds: inbound7, count7d: inbound7.length, count30d: inbound30 },
    unhappyContacts: { eventIds: unhappy7, count7d: unhappy7.length },
    contactFrequencyPerWeek: inbound30 / (30 / 7),
    outboundTouches7d,
    openConversations,
    sentiment: {
      recent,
      earlier,
      trend: recent !== null && earlier !== null ? recent - earlier : 0,
      negative: { eventIds: negatives.map((n) => n.id), worst: negatives[0]?.score ?? 0 },
      escalationWords: { eventIds: escalationIds },
    },
    lastPurchase,
    abandonedCart: cart && nowMs - cart.at <= 14 * DAY ? { eventIds: [cart.id], atMs: cart.at, titles: cart.titles } : null,
    openReturn: openReturnFeature,
    lateDelivery,
    deliveryQuestion,
    outOfStock: outOfStockFeature,
    preferredStore,
    inStoreNow,
    // An opt-out the per-channel consent has since overturned (a later "subscribed" on any event) no longer stands.
    marketingOptOut: c?.optedOut && marketingConsent.email.state !== 'granted' ? { eventIds: [c.id], atMs: c.at, atSignup: c.atSignup === true } : null,
    campaignsAfterOptOut: { eventIds: c?.optedOut && marketingConsent.email.state !== 'granted' ? campaignsAfterOptOut.slice(-3) : [] },
    marketingConsent,
    executedAt,
    value: value ?? null,
  };
}

function consentFeature(consents: readonly ChannelConsent[]): CustomerFeatures['marketingConsent'] {
  const out = Object.fromEntries(CONSENT_CHANNELS.map((ch) => [ch, { state: 'unknown' as ConsentState, eventIds: [] as string[] }])) as CustomerFeatures['marketingConsent'];
  for (const c of consents) out[c.channel] = { state: c.state, eventIds: c.source ? [c.source.eventId] : [] };
  return out;
}
