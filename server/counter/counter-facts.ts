import {
  classifyEventType,
  VISIT_MAX_HOURS,
  type CounterNote,
  type CounterOrder,
  type CounterPickup,
  type CounterPurchase,
  type CounterVisit,
  type Money,
  type TimelineItem,
} from '../../shared/index.js';

/*
 * What the counter shows, read from a customer's timeline (newest first) with the shared event vocabulary
 * only: loyalty, open orders with their pickup, purchases and returns online and in store, the open visit,
 * the latest notes. Pure: the same items give the same facts.
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

const MAX_ORDERS = 5;
const MAX_PURCHASES = 8;
const MAX_NOTES = 3;
/** A picked-up order stays on the counter's list this long (the associate may be asked about it). */
const PICKED_UP_SHOWN_DAYS = 14;
const DAY_MS = 24 * 60 * 60_000;
/** Order states that are over: nothing to pick up or wait for. */
const CLOSED_ORDER = /^(cancelled|canceled|refunded|fulfilled|delivered|closed|completed)$/;
const READY_FOR_PICKUP = /ready_for_pickup$/;

export interface CounterFacts {
  loyalty: { tier: string | null; points: number | null } | null;
  openOrders: CounterOrder[];
  purchases: CounterPurchase[];
  visit: CounterVisit | null;
  notes: CounterNote[];
}

/** "Camp stove", "2 × Pen", "Camp stove and 2 more". */
export function itemsInWords(lines: unknown): string | null {
  if (!Array.isArray(lines)) return null;
  const titled = lines.map(obj).filter((l): l is Record<string, unknown> => Boolean(l && str(l['title'])));
  if (titled.length === 0) return null;
  const first = titled[0]!;
  const qty = num(first['quantity']);
  const head = `${qty !== undefined && qty > 1 ? `${qty} × ` : ''}${str(first['title'])}`;
  return titled.length > 1 ? `${head} and ${titled.length - 1} more` : head;
}

function moneyOf(d: Record<string, unknown>, key = 'total'): Money | null {
  const amount = num(d[key]);
  if (amount === undefined) return null;
  return { amount: Math.abs(amount), currency: (str(d['currency']) ?? 'USD').toUpperCase() };
}

const orderKeyOf = (d: Record<string, unknown>): string | undefined => str(d['orderNumber']) ?? str(d['orderId']);
/** How a POS pickup names the same order as the shop (`5001` and `#5001`). */
const matchKey = (d: Record<string, unknown>): string | undefined => orderKeyOf(d)?.replace(/^#/, '').trim().toUpperCase();

export function readCounterFacts(items: readonly TimelineItem[], now: Date): CounterFacts {
  const loyalty = readLoyalty(items);
  return { loyalty, openOrders: readOrders(items, now), purchases: readPurchases(items), visit: readVisit(items, now), notes: readNotes(items) };
}

/** Tier and points from the latest event carrying each (`data.loyaltyTier` / `data.loyaltyPoints`, or `data.loyalty.{tier,points}`). */
function readLoyalty(items: readonly TimelineItem[]): CounterFacts['loyalty'] {
  let tier: string | null = null;
  let points: number | null = null;
  for (const i of items) {
    const nested = obj(i.data['loyalty']) ?? {};
    tier ??= str(i.data['loyaltyTier']) ?? str(nested['tier']) ?? null;
    points ??= num(i.data['loyaltyPoints']) ?? num(nested['points']) ?? null;
    if (tier !== null && points !== null) break;
  }
  return tier === null && points === null ? null : { tier, points };
}

function readOrders(items: readonly TimelineItem[], now: Date): CounterOrder[] {
  const ready = new Map<string, string>();
  const pickedUp = new Map<string, { at: string; storeName: string | null }>();
  const delivered = new Set<string>();
  // Oldest first, so the latest fact about an order wins.
  for (const i of [...items].reverse()) {
    const key = matchKey(i.data);
    if (!key) continue;
    const category = classifyEventType(i.type).category;
    if (category === 'store_pickup') pickedUp.set(key, { at: i.occurredAt, storeName: str(i.data['storeName']) ?? null });
    else if (category === 'shipment_delivered') delivered.add(key);
    else if (READY_FOR_PICKUP.test(i.type) || str(i.data['status']) === 'ready_for_pickup') ready.set(key, i.occurredAt);
    if (category === 'purchase' && Array.isArray(i.data['fulfillments'])) {
      for (const f of (i.data['fulfillments'] as unknown[]).map(obj)) {
        if (f && str(f['status']) === 'ready_for_pickup') ready.set(key, str(f['at']) ?? i.occurredAt);
      }
    }
  }
  const out: CounterOrder[] = [];
  const seen = new Set<string>();
  for (const i of items) {
    if (i.channel !== 'purchase' || classifyEventType(i.type).category !== 'purchase') continue;
    const key = matchKey(i.data) ?? i.id;
    if (seen.has(key)) continue;
    seen.add(key);
    const status = str(i.data['status']) ?? 'open';
    const picked = pickedUp.get(key);
    const readyAt = ready.get(key);
    let pickup: CounterPickup | null = null;
    if (picked) pickup = { state: 'picked_up', readySince: readyAt ?? null, pickedUpAt: picked.at, storeName: picked.storeName };
    else if (readyAt) pickup = { state: 'ready', readySince: readyAt, pickedUpAt: null, storeName: null };
    const recentlyPicked = picked !== undefined && now.getTime() - Date.parse(picked.at) <= PICKED_UP_SHOWN_DAYS * DAY_MS;
    const open = !picked && !delivered.has(key) && (pickup?.state === 'ready' || !CLOSED_ORDER.test(status));
    if (!open && !recentlyPicked) continue;
    out.push({
      eventId: i.id,
      orderNumber: orderKeyOf(i.data) ?? null,
      placedAt: i.occurredAt,
      status: pickup?.state === 'ready' ? 'ready for pickup' : picked ? 'picked up' : status.replace(/_/g, ' '),
      total: moneyOf(i.data),
      items: itemsInWords(i.data['lines']),
      pickup,
    });
    if (out.length >= MAX_ORDERS) break;
  }
  return out;
}

function readPurchases(items: readonly TimelineItem[]): CounterPurchase[] {
  const out: CounterPurchase[] = [];
  for (const i of items) {
    if (i.channel !== 'purchase' && i.channel !== 'store') continue;
    const category = classifyEventType(i.type).category;
    if (category !== 'purchase' && category !== 'refund' && category !== 'return_closed') continue;
    out.push({
      eventId: i.id,
      at: i.occurredAt,
      where: i.channel === 'store' ? 'store' : 'online',
      kind: category === 'purchase' ? 'purchase' : 'return',
      total: moneyOf(i.data) ?? moneyOf(i.data, 'amount'),
      items: itemsInWords(i.data['lines']),
      storeName: str(i.data['storeName']) ?? null,
      reference: str(i.data['receiptNumber']) ?? orderKeyOf(i.data) ?? null,
    });
    if (out.length >= MAX_PURCHASES) break;
  }
  return out;
}

/** The open visit: the latest visit-or-exit event is a check-in, less than VISIT_MAX_HOURS old. */
export function readVisit(items: readonly TimelineItem[], now: Date): CounterVisit | null {
  for (const i of items) {
    const category = classifyEventType(i.type).category;
    if (category === 'store_exit') return null;
    if (category !== 'store_visit') continue;
    if (now.getTime() - Date.parse(i.occurredAt) > VISIT_MAX_HOURS * 60 * 60_000) return null;
    const storeId = str(i.data['storeId']) ?? '';
    return {
      visitId: str(i.data['visitId']) ?? i.id,
      storeId,
      storeName: str(i.data['storeName']) ?? (storeId ? `store ${storeId}` : 'the store'),
      startedAt: i.occurredAt,
      associate: str(i.data['associate']) ?? null,
    };
  }
  return null;
}

function readNotes(items: readonly TimelineItem[]): CounterNote[] {
  const out: CounterNote[] = [];
  for (const i of items) {
    if (classifyEventType(i.type).category !== 'note') continue;
    const text = str(i.data['text']) ?? i.summary;
    if (!text) continue;
    out.push({ eventId: i.id, at: i.occurredAt, author: str(i.data['author']) ?? null, text });
    if (out.length >= MAX_NOTES) break;
  }
  return out;
}
