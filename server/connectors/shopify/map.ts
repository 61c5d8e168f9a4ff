import type { CustomerRef, IngestEvent, OrderLine } from '../../../shared/index.js';
import type { MergeItem } from '../../domain.js';
import { arr, clip, cleanRef, currency, fullName, isoDate, num, obj, round2, str, type Json } from '../common.js';

/*
 * Shopify payload -> normalized events. One timeline item per order (`order:<id>`) that later
 * topics (paid, fulfilled, cancelled, updated, refunds, fulfillments) update through the upsert
 * path; refunds also get their own item so lifetime spend goes down.
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

/** The order item's data (PurchaseData shape + Shopify extras). */
export function orderEvent(order: Json, d: Delivery, region: string): IngestEvent | null {
  const customer = obj(order['customer']);
  const ref = customerRefOf(customer, order, region);
  const id = shopifyId(order);
  if (!ref || !id) return null;
  const cur = currency(order['currency']) ?? currency(order['presentment_currency']);
  const total = num(order['current_total_price']) ?? num(order['total_price']);
  const orderNumber = str(order['name']) ?? (str(order['order_number']) ? `#${str(order['order_number'])}` : undefined);
  const cancelled = Boolean(str(order['cancelled_at']));
  const financial = str(order['financial_status']);
  const fulfillment = str(order['fulfillment_status']);
  const status = cancelled ? 'cancelled' : fulfillment === 'fulfilled' ? 'fulfilled' : (financial ?? 'open');
  // A cancelled order that was never paid is not spend (a paid one is reversed by its refunds/create item).
  const unpaidCancel = cancelled && ['voided', 'pending', 'authorized', 'expired'].includes(financial ?? 'pending');
  const data: Json = {
    orderId: id,
    ...(orderNumber ? { orderNumber } : {}),
    ...(cur ? { currency: cur } : {}),
    ...(total !== undefined ? (unpaidCancel ? { total: 0, cancelledTotal: total } : { total }) : {}),
    ...(num(order['subtotal_price']) !== undefined ? { subtotal: num(order['subtotal_price']) } : {}),
    ...(num(order['total_tax']) !== undefined ? { tax: num(order['total_tax']) } : {}),
    ...(num(order['total_discounts']) ? { discount: num(order['total_discounts']) } : {}),
    lines: linesOf(order['line_items']),
    status,
    ...(financial ? { financialStatus: financial } : {}),
    ...(fulfillment ? { fulfillmentStatus: fulfillment } : {}),
    ...(cancelled ? { cancelledAt: isoDate(order['cancelled_at']), cancelReason: str(order['cancel_reason']) } : {}),
    ...(addressOf(order['shipping_address']) ? { shippingAddress: addressOf(order['shipping_address']) } : {}),
    ...(addressOf(order['billing_address']) ? { billingAddress: addressOf(order['billing_address']) } : {}),
    ...(str(order['order_status_url']) ? { statusUrl: str(order['order_status_url']) } : {}),
    ...(isoDate(order['updated_at']) ? { updatedAt: isoDate(order['updated_at']) } : {}),
    customer: ref,
    history: [historyEntry(d, { status })],
  };
  const money = total !== undefined ? ` · ${total.toFixed(2)}${cur ? ` ${cur}` : ''}` : '';
  return {
    source: SOURCE,
    sourceEventId: `order:${id}`,
    channel: 'purchase',
    type: 'order',
    occurredAt: isoDate(order['created_at']) ?? isoDate(order['processed_at']) ?? d.receivedAt,
    customer: ref,
    summary: clip(`Order ${orderNumber ?? id}${money} (${status})`),
    data,
  };
}

/** Refund: its own item (spend goes down) and, when the order is known, a patch of the order item. */
export function refundEvents(refund: Json, order: { ref: CustomerRef; data: Json; occurredAt: string } | null, d: Delivery, fallbackCurrency?: string): IngestEvent[] {
  const id = shopifyId(refund);
  if (!id || !order) return [];
  const transactions = arr(refund['transactions']).map(obj).filter((t): t is Json => Boolean(t));
  const refunded = transactions.filter((t) => str(t['kind']) === 'refund' && str(t['status']) !== 'failure');
  let total = refunded.reduce((s, t) => s + (num(t['amount']) ?? 0), 0);
  const lineItems = arr(refund['refund_line_items']).map(obj).filter((l): l is Json => Boolean(l));
  if (total === 0) total = lineItems.reduce((s, l) => s + (num(l['subtotal']) ?? 0) + (num(l['total_tax']) ?? 0), 0);
  total = round2(total);
  const cur = currency(refunded[0]?.['currency']) ?? currency(order.data['currency']) ?? fallbackCurrency;
  const lines = lineItems.flatMap((l) => linesOf([{ ...obj(l['line_item']), quantity: l['quantity'] }]));
  const orderNumber = str(order.data['orderNumber']);
  const at = isoDate(refund['processed_at']) ?? isoDate(refund['created_at']) ?? d.receivedAt;
  const summary = { id, total, at, ...(cur ? { currency: cur } : {}), ...(str(refund['note']) ? { note: str(refund['note']) } : {}) };
  return [
    {
      source: SOURCE,
      sourceEventId: `refund:${id}`,
      channel: 'purchase',
      type: 'refund',
      occurredAt: at,
      customer: order.ref,
      summary: clip(`Refund${orderNumber ? ` on ${orderNumber}` : ''} · ${total.toFixed(2)}${cur ? ` ${cur}` : ''}${summary.note ? ` — ${summary.note}` : ''}`),
      data: {
        ...(orderNumber ? { orderNumber } : {}),
        orderId: str(order.data['orderId']),
        total,
        ...(cur ? { currency: cur } : {}),
        lines,
        status: 'refunded',
        ...(summary.note ? { note: summary.note } : {}),
        history: [historyEntry(d)],
      },
    },
    patchOrder(order, d, { refunds: [summary] }),
  ];
}

/** An event that only updates the stored order item (same sourceEventId), never creates a bare one. */
export function patchOrder(order: { ref: CustomerRef; data: Json; occurredAt: string }, d: Delivery, patch: Json): IngestEvent {
  const orderId = str(order.data['orderId'])!;
  return {
    source: SOURCE,
    sourceEventId: `order:${orderId}`,
    channel: 'purchase',
    type: 'order',
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

function unionById(a: unknown, b: unknown): Json[] {
  const out = new Map<string, Json>();
  for (const x of [...arr(a), ...arr(b)]) {
    const o = obj(x);
    if (o) out.set(String(o['id'] ?? o['key'] ?? out.size), o);
  }
  return [...out.values()];
}

/**
 * Upsert merge for every Shopify item: a delivery already in the item's history is a retry (no
 * change); newer order states replace older fields; history, refunds and fulfillments accumulate.
 */
export const mergeShopify: MergeItem = (stored, incoming) => {
  const s = stored.data;
  const n = incoming.data ?? {};
  const seen = new Set(arr(s['history']).map((h) => str(obj(h)?.['key'])));
  const fresh = arr(n['history']).filter((h) => !seen.has(str(obj(h)?.['key'])));
  if (fresh.length === 0) return null;
  const sAt = str(s['updatedAt']);
  const nAt = str(n['updatedAt']);
  const newer = !sAt || !nAt || nAt >= sAt;
  const data: Json = newer ? { ...s, ...n } : { ...n, ...s };
  data['history'] = [...arr(s['history']), ...fresh];
  const refunds = unionById(s['refunds'], n['refunds']);
  const fulfillments = unionById(s['fulfillments'], n['fulfillments']);
  if (refunds.length) data['refunds'] = refunds;
  if (fulfillments.length) data['fulfillments'] = fulfillments;
  if (fulfillments.length && data['status'] !== 'cancelled' && n['fulfillments'] && !n['status']) data['status'] = 'fulfilled';
  const summary = newer && incoming.summary !== undefined ? incoming.summary : stored.summary;
  return { data, summary };
};
