import { EVENT_TYPE, moneyWords, type CustomerRef, type IngestEvent, type OrderLine } from '../../../shared/index.js';
import type { MergeItem } from '../../domain.js';
import { arr, clip, cleanRef, currency, fullName, isoDate, num, obj, str, type Json } from '../common.js';
import { channelConsents } from './consent.js';
import { deriveOrder, mergeOrderData, orderCurrencyOf, orderSummary, refundFact, snapshotVersion, unionById, type OrderCurrency, type RefundFact } from './order-money.js';

/*
 * Shopify payload -> normalized events. One timeline item per order (`order:<id>`) that later
 * topics (paid, fulfilled, cancelled, updated, refunds, fulfillments) update through the upsert
 * path; its `total` is the order's net spend (./order-money.ts). Refunds also get their own item
 * (shown on the timeline, carrying `amount`, never subtracted a second time).
 */

export const SOURCE = 'shopify';

export interface Delivery {
  topic: string;
  /** X-Shopify-Event-Id, else X-Shopify-Webhook-Id (both stay the same across retries). */
  key: string;
  receivedAt: string;
}

/** Exact numeric id from `gid://shopify/Order/123` (JSON numbers above 2^53 lose digits), else the plain id. */
export function shopifyId(o: Json | undefined): string | undefined {
  const gid = str(o?.['admin_graphql_api_id']);
  const m = gid ? /\/(\d+)$/.exec(gid) : null;
  return m ? m[1] : str(o?.['id']);
}

export function addressOf(a: unknown): Json | undefined {
  const o = obj(a);
  if (!o) return undefined;
  const out: Json = {};
  for (const k of ['name', 'company', 'address1', 'address2', 'city', 'province', 'zip', 'country', 'country_code', 'phone']) {
    const v = str(o[k]);
    if (v) out[k === 'country_code' ? 'countryCode' : k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Identifiers of a Shopify customer object plus fallbacks from the order/checkout around it. */
export function customerRefOf(customer: Json | undefined, around: Json, region: string): CustomerRef | null {
  const addr = obj(customer?.['default_address']) ?? obj(around['billing_address']) ?? obj(around['shipping_address']);
  const id = shopifyId(customer);
  return cleanRef(
    {
      email: str(customer?.['email']) ?? str(around['email']) ?? str(around['contact_email']),
      phone: str(customer?.['phone']) ?? str(around['phone']) ?? str(addr?.['phone']),
      name: fullName(customer?.['first_name'], customer?.['last_name']) ?? str(addr?.['name']),
      ...(id ? { externalIds: { shopify: id } } : {}),
    },
    region,
  );
}

export function linesOf(items: unknown): OrderLine[] {
  return arr(items).flatMap((raw) => {
    const l = obj(raw);
    if (!l) return [];
    const title = str(l['title']) ?? str(l['name']) ?? 'item';
    const quantity = num(l['quantity']) ?? 1;
    const unitPrice = num(l['price']) ?? 0;
    const sku = str(l['sku']);
    return [{ ...(sku ? { sku } : {}), title: title + (str(l['variant_title']) ? ` (${str(l['variant_title'])})` : ''), quantity, unitPrice }];
  });
}

function historyEntry(d: Delivery, extra: Json = {}): Json {
  return { key: d.key, topic: d.topic, at: d.receivedAt, ...extra };
}

/** The order item's data (PurchaseData shape + Shopify extras); money per ./order-money.ts. */
export function orderEvent(order: Json, d: Delivery, region: string): IngestEvent | null {
  const customer = obj(order['customer']);
  const ref = customerRefOf(customer, order, region);
  const id = shopifyId(order);
  if (!ref || !id) return null;
  const money = orderCurrencyOf(order);
  // Gross: the original total. current_total_price already excludes refunds: kept only as a cap.
  const gross = num(order['total_price']) ?? num(order['current_total_price']);
  const current = num(order['current_total_price']);
  const orderNumber = str(order['name']) ?? (str(order['order_number']) ? `#${str(order['order_number'])}` : undefined);
  const cancelled = str(order['cancelled_at']);
  const financial = str(order['financial_status']);
  const fulfillment = str(order['fulfillment_status']);
  const updatedAt = isoDate(order['updated_at']);
  const refunds = refundsOf(order, money);
  const facts: Json = {
    orderId: id,
    ...(orderNumber ? { orderNumber } : {}),
    ...money,
    ...(gross !== undefined ? { grossTotal: gross } : {}),
    ...(current !== undefined ? { currentTotal: current } : {}),
    ...(num(order['subtotal_price']) !== undefined ? { subtotal: num(order['subtotal_price']) } : {}),
    ...(num(order['total_tax']) !== undefined ? { tax: num(order['total_tax']) } : {}),
    ...(num(order['total_discounts']) ? { discount: num(order['total_discounts']) } : {}),
    lines: linesOf(order['line_items']),
    ...(financial ? { financialStatus: financial } : {}),
    ...(fulfillment ? { fulfillmentStatus: fulfillment } : {}),
    ...(cancelled ? { cancelledAt: isoDate(order['cancelled_at']) ?? cancelled, ...(str(order['cancel_reason']) ? { cancelReason: str(order['cancel_reason']) } : {}) } : {}),
    ...(addressOf(order['shipping_address']) ? { shippingAddress: addressOf(order['shipping_address']) } : {}),
    ...(addressOf(order['billing_address']) ? { billingAddress: addressOf(order['billing_address']) } : {}),
    ...(str(order['order_status_url']) ? { statusUrl: str(order['order_status_url']) } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    snapshotVersion: snapshotVersion(updatedAt, d.topic, d.key),
    customer: ref,
    ...(refunds.length ? { refunds: refunds.map((r) => r.fact) } : {}),
  };
  const derived = deriveOrder(facts);
  // The order's customer carries their marketing consent as of this snapshot (server/privacy reads it).
  const consent = customer ? channelConsents(customer) : undefined;
  const data: Json = { ...derived, ...(consent ? { marketingConsent: consent } : {}), history: [historyEntry(d, { status: derived['status'] })] };
  return {
    source: SOURCE,
    sourceEventId: `order:${id}`,
    channel: 'purchase',
    type: EVENT_TYPE.order,
    occurredAt: isoDate(order['created_at']) ?? isoDate(order['processed_at']) ?? d.receivedAt,
    customer: ref,
    summary: clip(orderSummary(data)),
    data,
  };
}

/** The refunds an order payload carries (Shopify includes them in order snapshots). */
function refundsOf(order: Json, money: OrderCurrency): { fact: RefundFact; raw: Json }[] {
  return arr(order['refunds']).flatMap((r) => {
    const raw = obj(r);
    const id = raw ? shopifyId(raw) : undefined;
    return raw && id ? [{ fact: refundFact(raw, money, id), raw }] : [];
  });
}

/** An order snapshot plus one item per refund it carries (the same items refunds/create makes). */
export function orderEvents(order: Json, d: Delivery, region: string): IngestEvent[] {
  const e = orderEvent(order, d, region);
  if (!e) return [];
  const ctx = { ref: e.customer, data: e.data ?? {}, occurredAt: e.occurredAt };
  const items = refundsOf(order, orderCurrencyOf(order)).map(({ fact, raw }) => refundItem(fact, raw, ctx, d));
  return [e, ...items];
}

type StoredOrder = { ref: CustomerRef; data: Json; occurredAt: string };

/** A refund's own timeline item. It carries `amount`, not `total`: the order item's total is already net of it. */
function refundItem(fact: RefundFact, refund: Json, order: StoredOrder, d: Delivery): IngestEvent {
  const lineItems = arr(refund['refund_line_items']).map(obj).filter((l): l is Json => Boolean(l));
  const lines = lineItems.flatMap((l) => linesOf([{ ...obj(l['line_item']), quantity: l['quantity'] }]));
  const orderNumber = str(order.data['orderNumber']);
  const cur = fact.currency;
  return {
    source: SOURCE,
    sourceEventId: `refund:${fact.id}`,
    channel: 'purchase',
    type: EVENT_TYPE.refund,
    occurredAt: fact.at ?? d.receivedAt,
    customer: order.ref,
    summary: clip(`Refund${orderNumber ? ` on ${orderNumber}` : ''} · ${moneyWords(fact.total, cur)}${fact.note ? ` — ${fact.note}` : ''}`),
    data: {
      ...(orderNumber ? { orderNumber } : {}),
      orderId: str(order.data['orderId']),
      refundId: fact.id,
      amount: fact.total,
      ...(cur ? { currency: cur } : {}),
      lines,
      status: 'refunded',
      ...(fact.note ? { note: fact.note } : {}),
      history: [historyEntry(d)],
    },
  };
}

/** Refund: its own item and a patch of the order item (whose net total goes down by it, once). */
export function refundEvents(refund: Json, order: StoredOrder | null, d: Delivery): IngestEvent[] {
  const id = shopifyId(refund);
  if (!id || !order) return [];
  const fact = refundFact(refund, orderCurrencyFromData(order.data), id, d.receivedAt);
  return [refundItem(fact, refund, order, d), patchOrder(order, d, { refunds: [fact] })];
}

function orderCurrencyFromData(data: Json): OrderCurrency {
  const cur = currency(data['currency']);
  const pres = currency(data['presentmentCurrency']);
  const rate = num(data['shopPerPresentment']);
  return { ...(cur ? { currency: cur } : {}), ...(pres ? { presentmentCurrency: pres } : {}), ...(rate ? { shopPerPresentment: rate } : {}) };
}

/** An event that only updates the stored order item (same sourceEventId), never creates a bare one. */
export function patchOrder(order: { ref: CustomerRef; data: Json; occurredAt: string }, d: Delivery, patch: Json): IngestEvent {
  const orderId = str(order.data['orderId'])!;
  return {
    source: SOURCE,
    sourceEventId: `order:${orderId}`,
    channel: 'purchase',
    type: EVENT_TYPE.order,
    occurredAt: order.occurredAt,
    customer: order.ref,
    data: { ...patch, history: [historyEntry(d)] },
  };
}

export function fulfillmentSummary(f: Json, d: Delivery): Json {
  const tracking = arr(f['tracking_numbers']).map(str).filter(Boolean);
  const urls = arr(f['tracking_urls']).map(str).filter(Boolean);
  return {
    id: shopifyId(f) ?? d.key,
    status: str(f['shipment_status']) ?? str(f['status']) ?? 'created',
    at: isoDate(f['created_at']) ?? d.receivedAt,
    ...(str(f['tracking_company']) ? { trackingCompany: str(f['tracking_company']) } : {}),
    ...(tracking.length ? { trackingNumbers: tracking } : str(f['tracking_number']) ? { trackingNumbers: [str(f['tracking_number'])] } : {}),
    ...(urls.length ? { trackingUrls: urls } : str(f['tracking_url']) ? { trackingUrls: [str(f['tracking_url'])] } : {}),
    lines: linesOf(f['line_items']),
  };
}

/**
 * Upsert merge for every Shopify item: a delivery already in the item's history is a retry (no
 * change). Order items merge per ./order-money.ts; other items: newer states replace older fields,
 * history and fulfillments accumulate.
 */
export const mergeShopify: MergeItem = (stored, incoming) => {
  const s = stored.data;
  const n = incoming.data ?? {};
  const seen = new Set(arr(s['history']).map((h) => str(obj(h)?.['key'])));
  const fresh = arr(n['history']).filter((h) => !seen.has(str(obj(h)?.['key'])));
  if (fresh.length === 0) return null;
  if (stored.sourceEventId.startsWith('order:')) {
    const data = mergeOrderData(s, n);
    return { data, summary: clip(orderSummary(data)) };
  }
  const sAt = str(s['updatedAt']);
  const nAt = str(n['updatedAt']);
  const newer = !sAt || !nAt || nAt >= sAt;
  const data: Json = newer ? { ...s, ...n } : { ...n, ...s };
  data['history'] = unionById(s['history'], n['history']);
  const fulfillments = unionById(s['fulfillments'], n['fulfillments']);
  if (fulfillments.length) data['fulfillments'] = fulfillments;
  const summary = newer && incoming.summary !== undefined ? incoming.summary : stored.summary;
  // A checkout is stored as an abandoned cart until a delivery says it completed; completed is final.
  if (stored.type === EVENT_TYPE.checkoutCompleted || incoming.type === EVENT_TYPE.checkoutCompleted) {
    const done = incoming.type === EVENT_TYPE.checkoutCompleted ? incoming : null;
    return { type: EVENT_TYPE.checkoutCompleted, data: { ...data, status: 'completed' }, summary: done?.summary ?? (stored.type === EVENT_TYPE.checkoutCompleted ? stored.summary : summary) };
  }
  return { data, summary };
};
