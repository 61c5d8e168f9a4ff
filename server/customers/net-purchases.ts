import { microsToIso, spendDelta } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';
import { parseData } from './rows.js';

/*
 * Net purchases per order: the one place that turns money events into what a customer spent.
 * Lifetime spend and order count (profile.ts) read it, and so can anything else that needs
 * purchases net of refunds (e.g. customer value). Events of one order or receipt are grouped
 * (refunds/returns meet their purchase there), so a refund can never take an order below 0.
 * A Shopify order item's `total` is already net (server/connectors/shopify/order-money.ts) and its
 * refund items carry `amount`, not `total`: they are shown, not subtracted again.
 */

export interface NetPurchase {
  /** `order:<number or id>`, `receipt:<number>` (a return joins its original receipt), else `event:<id>`. */
  key: string;
  currency: string;
  /** Spent on it net of its refunds and returns: >= 0 when a purchase is known; negative only for a refund of a purchase the hub never saw. */
  net: number;
  /** When its first money event happened. */
  occurredAt: string;
  /** A placed, not cancelled order (a fully refunded one still counts: it was bought). */
  counted: boolean;
}

export interface MoneyEvent {
  id: string;
  channel: string;
  type: string;
  occurredUs: number;
  data: Record<string, unknown>;
}

const CANCEL = /cancel/i;

function orderKey(e: MoneyEvent): string {
  const d = e.data;
  const s = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);
  if (e.channel === 'store') {
    const receipt = s(d['originalReceiptNumber']) ?? s(d['receiptNumber']);
    if (receipt) return `receipt:${receipt}`;
  }
  const order = s(d['orderNumber']) ?? s(d['orderId']);
  return order ? `order:${order}` : `event:${e.id}`;
}

/** What one event adds to its order: null for events without money. Write-time stats (customer-stats.ts) fold the same facts. */
export interface MoneyFact {
  /** orderKey: `order:…`, `receipt:…` or `event:<id>`. */
  key: string;
  currency: string;
  amount: number;
  /** The order was bought (a positive amount, or a gross total above 0). */
  bought: boolean;
  cancelled: boolean;
}

export function moneyFact(e: MoneyEvent): MoneyFact | null {
  const delta = spendDelta(e.channel, e.type, e.data);
  if (!delta) return null;
  const gross = e.data['grossTotal'];
  return {
    key: orderKey(e),
    currency: delta.currency,
    amount: delta.amount,
    bought: delta.amount > 0 || (typeof gross === 'number' && gross > 0),
    cancelled: e.data['status'] === 'cancelled' || CANCEL.test(e.type),
  };
}

/** Net of an order's summed facts, in cents: a bought order never goes below 0. */
export function orderNetCents(sum: number, bought: boolean): number {
  return Math.round((bought ? Math.max(0, sum) : sum) * 100) || 0;
}

/** Groups money events into orders, each net of its refunds, per currency. Pure: the same events give the same answer in any order. */
export function netPurchases(events: readonly MoneyEvent[]): NetPurchase[] {
  const groups = new Map<string, { key: string; currency: string; sum: number; bought: boolean; cancelled: boolean; firstUs: number }>();
  for (const e of events) {
    const fact = moneyFact(e);
    if (!fact) continue;
    const id = `${fact.key}\u0000${fact.currency}`;
    const g = groups.get(id) ?? { key: fact.key, currency: fact.currency, sum: 0, bought: false, cancelled: false, firstUs: e.occurredUs };
    g.sum += fact.amount;
    if (fact.bought) g.bought = true;
    if (fact.cancelled) g.cancelled = true;
    g.firstUs = Math.min(g.firstUs, e.occurredUs);
    groups.set(id, g);
  }
  return [...groups.values()]
    .map((g) => ({
      key: g.key,
      currency: g.currency,
      net: orderNetCents(g.sum, g.bought) / 100,
      occurredAt: microsToIso(g.firstUs),
      counted: g.bought && !g.cancelled,
    }))
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A customer's (survivor's) net purchases per order, oldest first. */
export async function loadNetPurchases(db: Db, customerId: string): Promise<NetPurchase[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'channel', 'type', 'occurred_at_us', 'data'])
    .where('customer_id', '=', customerId)
    .where('channel', 'in', ['purchase', 'store'])
    .execute();
  return netPurchases(rows.map((r) => ({ id: r.id, channel: r.channel, type: r.type, occurredUs: Number(r.occurred_at_us), data: parseData(r.data) })));
}

/** Lifetime spend per currency (never below 0) and order count, from net purchases. */
export function spendAndOrders(purchases: readonly NetPurchase[]): { lifetimeSpend: { currency: string; amount: number }[]; orderCount: number } {
  const spend = new Map<string, number>();
  for (const p of purchases) spend.set(p.currency, (spend.get(p.currency) ?? 0) + p.net);
  const lifetimeSpend = [...spend.entries()]
    .map(([currency, amount]) => ({ currency, amount: Math.max(0, Math.round(amount * 100) / 100) }))
    .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
  return { lifetimeSpend, orderCount: purchases.filter((p) => p.counted).length };
}
