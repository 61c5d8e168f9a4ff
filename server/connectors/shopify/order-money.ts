import { arr, currency, isoDate, num, obj, round2, str, type Json } from '../common.js';
import { moneyWords } from '../../../shared/index.js';

/*
 * The money model of a Shopify order (docs/api.md, "Shopify orders: money"). One timeline item per
 * order holds facts that only ever grow, so any arrival order of the same deliveries, with any
 * retries, ends in the same item:
 * - the latest order snapshot (orders/create, updated, paid, fulfilled, cancelled), chosen by
 *   `updated_at`, then topic, then delivery key. A stale snapshot never overwrites a newer one;
 * - its refunds, by refund id (from refunds/create and from the `refunds` array of any snapshot);
 * - its fulfillments, by id; cancellation is sticky (Shopify never un-cancels).
 * From those facts: gross = total_price (the order's original total), refunded = sum of distinct
 * refunds in the order's currency, net (`total`, what lifetime spend adds) = 0 when cancelled, else
 * min(gross - refunded, the latest snapshot's current_total_price), floored at 0. current_total_price
 * already excludes refunds, so it is only a cap (a refund we have not received yet), never subtracted from.
 */

export interface RefundFact {
  id: string;
  /** In the order's currency. */
  total: number;
  currency?: string;
  at?: string;
  note?: string;
}

/** What a refund needs to know about its order to be counted in the order's currency. */
export interface OrderCurrency {
  currency?: string;
  presentmentCurrency?: string;
  /** Shop money per unit of presentment money, from the order's own total_price_set. */
  shopPerPresentment?: number;
}

const TOPIC_RANK: Record<string, number> = { 'orders/create': 1, 'orders/updated': 2, 'orders/paid': 3, 'orders/fulfilled': 4, 'orders/cancelled': 5 };

/** Total order of snapshots: updated_at, then lifecycle topic, then delivery key (ties never depend on arrival). */
export function snapshotVersion(updatedAt: string | undefined, topic: string, key: string): string {
  return `${updatedAt ?? ''}|${TOPIC_RANK[topic] ?? 0}|${key}`;
}

function shopMoney(set: unknown): number | undefined {
  return num(obj(obj(set)?.['shop_money'])?.['amount']);
}

export function orderCurrencyOf(order: Json): OrderCurrency {
  const cur = currency(order['currency']) ?? currency(order['presentment_currency']);
  const pres = currency(order['presentment_currency']);
  const set = obj(order['total_price_set']);
  const shop = shopMoney(set);
  const presAmount = num(obj(set?.['presentment_money'])?.['amount']);
  const rate = pres && pres !== cur && shop && presAmount ? shop / presAmount : undefined;
  return { ...(cur ? { currency: cur } : {}), ...(pres && pres !== cur ? { presentmentCurrency: pres } : {}), ...(rate ? { shopPerPresentment: rate } : {}) };
}

/** One refund's amount in the order's currency: its successful refund transactions, else its refunded lines. */
export function refundFact(refund: Json, order: OrderCurrency, id: string, fallbackAt?: string): RefundFact {
  const transactions = arr(refund['transactions']).map(obj).filter((t): t is Json => Boolean(t));
  const paid = transactions.filter((t) => str(t['kind']) === 'refund' && (str(t['status']) ?? 'success') === 'success');
  let total = 0;
  for (const t of paid) {
    const amount = num(t['amount']) ?? 0;
    const cur = currency(t['currency']);
    if (!cur || !order.currency || cur === order.currency) total += amount;
    else if (cur === order.presentmentCurrency && order.shopPerPresentment) total += amount * order.shopPerPresentment;
    else total += amount; // no rate known: the amount as sent, counted in the order's currency
  }
  if (total === 0) {
    for (const raw of arr(refund['refund_line_items'])) {
      const l = obj(raw);
      if (!l) continue;
      total += (shopMoney(l['subtotal_set']) ?? num(l['subtotal']) ?? 0) + (shopMoney(l['total_tax_set']) ?? num(l['total_tax']) ?? 0);
    }
  }
  const at = isoDate(refund['processed_at']) ?? isoDate(refund['created_at']) ?? fallbackAt;
  const note = str(refund['note']);
  return { id, total: round2(Math.max(0, total)), ...(order.currency ? { currency: order.currency } : {}), ...(at ? { at } : {}), ...(note ? { note } : {}) };
}

function byAtThenId(a: Json, b: Json): number {
  const ka = `${str(a['at']) ?? ''}\u0000${str(a['id']) ?? str(a['key']) ?? ''}`;
  const kb = `${str(b['at']) ?? ''}\u0000${str(b['id']) ?? str(b['key']) ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Union by id (or delivery key), in a fixed order (time, then id) whatever the arrival order. */
export function unionById(a: unknown, b: unknown): Json[] {
  const out = new Map<string, Json>();
  for (const x of [...arr(a), ...arr(b)]) {
    const o = obj(x);
    const id = str(o?.['id']) ?? str(o?.['key']);
    if (o && id && !out.has(id)) out.set(id, o);
  }
  return [...out.values()].sort(byAtThenId);
}

/** The derived fields of an order item (net `total`, `refundedTotal`, `status`) from its facts. */
export function deriveOrder(data: Json): Json {
  const gross = num(data['grossTotal']);
  const refunds = arr(data['refunds']).map(obj).filter((r): r is Json => Boolean(r));
  const refunded = round2(refunds.reduce((s, r) => s + (num(r['total']) ?? 0), 0));
  const current = num(data['currentTotal']);
  const cancelled = Boolean(str(data['cancelledAt']));
  const out: Json = { ...data, refundedTotal: refunded };
  if (gross !== undefined) {
    const left = Math.min(gross - refunded, current ?? Number.POSITIVE_INFINITY);
    out['total'] = cancelled ? 0 : round2(Math.max(0, left));
  }
  const financial = str(data['financialStatus']);
  const fullyRefunded = (gross !== undefined && gross > 0 && refunded >= gross - 0.005) || financial === 'refunded';
  const fulfilled = str(data['fulfillmentStatus']) === 'fulfilled' || arr(data['fulfillments']).length > 0;
  out['status'] = cancelled
    ? 'cancelled'
    : fullyRefunded
      ? 'refunded'
      : fulfilled
        ? 'fulfilled'
        : refunded > 0
          ? 'partially_refunded'
          : (financial ?? 'open');
  return out;
}

/**
 * Merges two states of one order item; commutative, associative and idempotent on the facts. The
 * snapshot fields come whole from the winning snapshot (never field by field: a gap in a newer
 * snapshot is not filled from an older one), refunds/fulfillments/history are unions.
 */
export function mergeOrderData(s: Json, n: Json): Json {
  const sv = str(s['snapshotVersion']) ?? '';
  const nv = str(n['snapshotVersion']) ?? '';
  const [winner, loser] = nv > sv ? [n, s] : [s, n];
  const data: Json = { ...winner };
  // Cancellation is sticky: a stale, not-yet-cancelled snapshot never revives the order.
  if (!str(data['cancelledAt']) && str(loser['cancelledAt'])) {
    data['cancelledAt'] = loser['cancelledAt'];
    if (loser['cancelReason'] !== undefined) data['cancelReason'] = loser['cancelReason'];
  }
  for (const k of ['refunds', 'fulfillments', 'history']) {
    const merged = unionById(s[k], n[k]);
    if (merged.length) data[k] = merged;
    else delete data[k];
  }
  return deriveOrder(data);
}

/** The order's one-line summary: net amount (gross when cancelled) and status. */
export function orderSummary(data: Json): string {
  const cur = str(data['currency']);
  const cancelled = data['status'] === 'cancelled';
  const shown = cancelled ? num(data['grossTotal']) : num(data['total']);
  const refunded = num(data['refundedTotal']) ?? 0;
  const money = shown !== undefined ? ` · ${moneyWords(shown, cur)}` : '';
  const label = String(data['status'] ?? 'open').replace(/_/g, ' ');
  const extra = !cancelled && refunded > 0 && data['status'] !== 'refunded' ? `, ${moneyWords(refunded, cur)} refunded` : '';
  return `Order ${str(data['orderNumber']) ?? str(data['orderId']) ?? ''}${money} (${label}${extra})`;
}
