import { spendDelta } from '../../shared/index.js';
import { netPurchases, type MoneyEvent } from '../customers/net-purchases.js';
import { parseData } from '../customers/rows.js';
import type { Db } from '../storage/schema.js';
import type { Purchase } from './summary.js';

/*
 * The only place the value model reads purchases. The rule is the hub's one net-purchase rule
 * (server/customers/net-purchases.ts, which lifetime spend also uses): money events grouped per order or
 * receipt, net of refunds, returns and cancellations. A purchase here is a placed, not cancelled order
 * whose net is positive (a fully refunded order bought nothing). Shopify's net amounts come from its
 * connector (server/connectors/shopify); this reader depends on them being stored net.
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
  // Where the customer first bought: the earliest event that added money.
  let first: MoneyEventRow | null = null;
  for (const e of events) {
    const d = spendDelta(e.channel, e.type, e.data);
    if (d && d.amount > 0 && (!first || e.occurredUs < first.occurredUs)) first = e;
  }
  const channel = first?.channel === 'store' ? 'store' : 'online';
  const source = first?.source ?? 'unknown';
  return orders.map((o) => {
    currencies?.set(o.currency, (currencies.get(o.currency) ?? 0) + 1);
    return { atMs: Date.parse(o.occurredAt), amount: o.currency === currency ? o.net : 0, channel, source };
  });
}

/** Money events of these customers, grouped by customer id (one query; the timeline index serves it). */
export async function readMoneyEvents(db: Db, customerIds: readonly string[]): Promise<Map<string, MoneyEventRow[]>> {
  const out = new Map<string, MoneyEventRow[]>();
  if (customerIds.length === 0) return out;
  const rows = await db
    .selectFrom('events')
    .select(['id', 'customer_id', 'source', 'channel', 'type', 'occurred_at_us', 'data'])
    .where('customer_id', 'in', customerIds)
    .where('channel', 'in', PURCHASE_CHANNELS)
    .execute();
  for (const r of rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push({ id: r.id, source: r.source, channel: r.channel, type: r.type, occurredUs: Number(r.occurred_at_us), data: parseData(r.data) });
    out.set(r.customer_id, list);
  }
  return out;
}
