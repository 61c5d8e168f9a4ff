import { spendDelta } from '../../shared/index.js';
import { buyBefore, type Buy } from '../customers/customer-stats.js';
import { netPurchases, orderNetCents, type MoneyEvent } from '../customers/net-purchases.js';
import type { Db } from '../storage/schema.js';
import type { Purchase } from './summary.js';

/*
 * The only place the value model reads purchases. The rule is the hub's one net-purchase rule
 * (server/customers/net-purchases.ts, which lifetime spend also uses): money events grouped per order or
 * receipt, net of refunds, returns and cancellations. A purchase here is a placed, not cancelled order
 * whose net is positive (a fully refunded order bought nothing). Shopify's net amounts come from its
 * connector (server/connectors/shopify); this reader depends on them being stored net.
 * The hub reads them from the per-order rows kept at write time (purchasesFromOrders); purchasesFromEvents
 * applies the same rule to events (the CDNOW evaluation, and the property test holding the two equal).
 */

export const PURCHASE_CHANNELS = ['purchase', 'store'] as const;

export interface MoneyEventRow extends MoneyEvent {
  source: string;
}

/** A purchase and where it was made (the first one tells the acquisition channel). */
export interface PurchaseWithOrigin extends Purchase {
  channel: 'online' | 'store';
  source: string;
}

/**
 * Net purchases of one customer, oldest first; `currency` is the model currency (a purchase in another
 * currency still counts as a purchase, with amount 0). `currencies` (optional) collects how many
 * purchases each currency had, so the caller can pick the hub's main one.
 */
export function purchasesFromEvents(events: readonly MoneyEventRow[], currency: string, currencies?: Map<string, number>): PurchaseWithOrigin[] {
  const orders = netPurchases(events).filter((p) => p.counted && p.net > 0);
  if (orders.length === 0) return [];
  // Where the customer first bought: the earliest event that added money (ties as customer-stats.ts breaks them).
  let first: Buy | null = null;
  for (const e of events) {
    const d = spendDelta(e.channel, e.type, e.data);
    const buy = { us: e.occurredUs, channel: e.channel, source: e.source };
    if (d && d.amount > 0 && buyBefore(buy, first)) first = buy;
  }
  const channel = first?.channel === 'store' ? 'store' : 'online';
  const source = first?.source ?? 'unknown';
  return orders.map((o) => {
    currencies?.set(o.currency, (currencies.get(o.currency) ?? 0) + 1);
    return { atMs: Date.parse(o.occurredAt), amount: o.currency === currency ? o.net : 0, channel, source };
  });
}

/** One stored order of a customer (customer_order_money, kept at write time by customers/customer-stats.ts). */
export interface OrderMoneyRow {
  orderKey: string;
  currency: string;
  amountMicros: number;
  bought: number;
  cancelled: number;
  firstUs: number;
  buy: Buy | null;
}

/**
 * The same purchases as purchasesFromEvents over the customer's events, from its stored order rows: the rows
 * already hold each order's summed money facts, first time and earliest buying event, so a refresh reads one
 * row per order instead of parsing every purchase event of the customer's history (a property test keeps both equal).
 */
export function purchasesFromOrders(rows: readonly OrderMoneyRow[], currency: string, currencies?: Map<string, number>): PurchaseWithOrigin[] {
  let first: Buy | null = null;
  for (const r of rows) if (r.buy && buyBefore(r.buy, first)) first = r.buy;
  const orders = rows
    .map((r) => ({ r, net: orderNetCents(r.amountMicros / 1e6, r.bought > 0) / 100 }))
    .filter(({ r, net }) => r.bought > 0 && r.cancelled === 0 && net > 0)
    .sort((a, b) => a.r.firstUs - b.r.firstUs || (a.r.orderKey < b.r.orderKey ? -1 : a.r.orderKey > b.r.orderKey ? 1 : 0));
  if (orders.length === 0) return [];
  const channel = first?.channel === 'store' ? 'store' : 'online';
  const source = first?.source ?? 'unknown';
  return orders.map(({ r, net }) => {
    currencies?.set(r.currency, (currencies.get(r.currency) ?? 0) + 1);
    return { atMs: Math.floor(r.firstUs / 1000), amount: r.currency === currency ? net : 0, channel, source };
  });
}

/** Stored orders of these customers, grouped by customer id (one primary-key range per customer). */
export async function readOrderRows(db: Db, customerIds: readonly string[]): Promise<Map<string, OrderMoneyRow[]>> {
  const out = new Map<string, OrderMoneyRow[]>();
  if (customerIds.length === 0) return out;
  const rows = await db
    .selectFrom('customer_order_money')
    .select(['customer_id', 'order_key', 'currency', 'amount_micros', 'bought', 'cancelled', 'first_us', 'buy_us', 'buy_channel', 'buy_source'])
    .where('customer_id', 'in', customerIds)
    .where('events', '>', 0)
    .execute();
  for (const r of rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push({
      orderKey: r.order_key,
      currency: r.currency,
      amountMicros: Number(r.amount_micros),
      bought: Number(r.bought),
      cancelled: Number(r.cancelled),
      firstUs: Number(r.first_us),
      buy: r.buy_us === null ? null : { us: Number(r.buy_us), channel: r.buy_channel ?? '', source: r.buy_source ?? '' },
    });
    out.set(r.customer_id, list);
  }
  return out;
}
