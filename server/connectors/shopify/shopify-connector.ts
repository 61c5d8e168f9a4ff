import { createHash } from 'node:crypto';
import { EVENT_TYPE, moneyWords, unstorableTextReason, type IngestEvent } from '../../../shared/index.js';
import { arr, clip, cleanRef, currency, fullName, isoDate, num, obj, parseJson, str, type Json } from '../common.js';
import { ConnectorError, type Connector, type ConnectorContext, type ConnectorOutput } from '../types.js';
import { addressOf, customerRefOf, fulfillmentSummary, linesOf, mergeShopify, orderEvents, patchOrder, refundEvents, shopifyId, SOURCE, type Delivery } from './map.js';
import { channelConsents } from './consent.js';
import { handlePrivacyTopic, isPrivacyTopic, redactPrivacyBody } from './privacy-topics.js';
import { privacyOf } from '../../privacy/port.js';
import { verifyShopify } from './verify.js';

export const SHOPIFY_TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'orders/fulfilled',
  'refunds/create',
  'customers/create',
  'customers/update',
  'checkouts/create',
  'checkouts/update',
  'fulfillments/create',
] as const;

/** `POST /api/v1/connectors/shopify`: verify, then map by X-Shopify-Topic. */
export const shopifyConnector: Connector = {
  name: 'shopify',
  async handle(req, ctx) {
    verifyShopify(ctx.settings.shopifySecret, req.headers['x-shopify-hmac-sha256'], req.body);
    const topic = (req.headers['x-shopify-topic'] ?? '').trim().toLowerCase();
    if (!topic) throw new ConnectorError('invalid_request', 'missing X-Shopify-Topic', [{ path: 'x-shopify-topic', message: 'header is required' }]);
    const body = obj(parseJson(req.body));
    if (!body) throw new ConnectorError('invalid_request', 'expected a JSON object body');
    const key = req.headers['x-shopify-event-id'] ?? req.headers['x-shopify-webhook-id'] ?? `sha256:${createHash('sha256').update(req.body).digest('hex')}`;
    // Mandatory privacy webhooks: acted on here, never kept as a dead letter holding the person's data.
    if (isPrivacyTopic(topic)) return handlePrivacyTopic(topic, body, key, ctx);
    if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic)) return { events: [], ignored: `unsupported topic ${topic}` };
    const d: Delivery = { topic, key, receivedAt: isoDate(req.headers['x-shopify-triggered-at']) ?? new Date().toISOString() };
    // order_id read from the raw text: JSON numbers above 2^53 lose digits in JSON.parse.
    const orderId = /"order_id"\s*:\s*"?(\d{1,30})/.exec(req.body.toString('utf8'))?.[1] ?? str(body['order_id']);
    // It keys lookups and held refunds: text PostgreSQL cannot store (NUL, lone surrogates) is refused on both backends.
    const badOrderId = orderId === undefined ? null : unstorableTextReason(orderId);
    if (badOrderId) throw new ConnectorError('invalid_request', `order_id ${badOrderId}`, [{ path: 'order_id', message: badOrderId }]);
    // A refund or shipment of an erased order is dropped: holding it would keep, and mapping it would recreate, the person.
    if (orderId && (topic.startsWith('refunds/') || topic.startsWith('fulfillments/')) && (await privacyOf(ctx.domain).isErasedEvent(SOURCE, `order:${orderId}`))) {
      return { events: [], handled: `${topic} of an erased order: dropped` };
    }
    const out = await map(topic, body, d, ctx, orderId);
    return { ...out, merge: mergeShopify };
  },
  // A failed privacy delivery keeps the shop, never the person it names.
  redact: (body) => redactPrivacyBody(body) ?? body,
  verify(req, settings) {
    try {
      verifyShopify(settings.shopifySecret, req.headers['x-shopify-hmac-sha256'], req.body);
      return true;
    } catch {
      return false;
    }
  },
};

async function map(topic: string, body: Json, d: Delivery, ctx: ConnectorContext, orderId: string | undefined): Promise<Omit<ConnectorOutput, 'merge'>> {
  const region = ctx.settings.defaultRegion;
  const [resource] = topic.split('/');
  switch (resource) {
    case 'orders': {
      const events = orderEvents(body, d, region);
      if (events.length === 0) throw noCustomer('order');
      return { events, followUp: (ingest) => applyHeldRefunds(ctx, events[0]!, ingest) };
    }
    case 'refunds': {
      const order = await storedOrder(ctx, orderId);
      if (order) return { events: refundEvents(body, order, d) };
      if (!orderId) throw new ConnectorError('invalid_request', 'refund without order_id', [{ path: 'order_id', message: 'is required' }]);
      // Shopify does not guarantee order: a refund may arrive before its order. Kept, applied when the order arrives.
      await ctx.domain.held.hold(ctx.actor, SOURCE, { holdKey: orderId, deliveryKey: d.key, topic: d.topic, body: JSON.stringify(body), receivedAt: d.receivedAt });
      // The order may have committed since the first look (deliveries run concurrently): an order
      // delivery reads the holds only after its commit, so one of the two sides always sees the other.
      const now = await storedOrder(ctx, orderId);
      if (now) return { events: refundEvents(body, now, d) };
      return { events: [], held: `refund waits for order ${orderId}, which the hub has not received yet; it is applied when the order arrives` };
    }
    case 'customers':
      return { events: [customerEvent(body, d, region)] };
    case 'checkouts':
      return { events: [checkoutEvent(body, d, region)] };
    case 'fulfillments':
      return { events: await fulfillmentEvents(body, d, ctx, orderId) };
    default:
      return { events: [] };
  }
}

/** After the order committed: ingests the refunds held for it (they arrived first), then forgets them. */
async function applyHeldRefunds(ctx: ConnectorContext, order: IngestEvent, ingest: (events: IngestEvent[]) => Promise<void>): Promise<void> {
  const orderId = str(order.data?.['orderId']);
  if (!orderId) return;
  const held = await ctx.domain.held.list(ctx.actor, SOURCE, orderId);
  if (held.length === 0) return;
  const stored = { ref: order.customer, data: order.data ?? {}, occurredAt: order.occurredAt };
  const events = held.flatMap((h) => {
    const refund = obj(JSON.parse(h.body) as unknown);
    return refund ? refundEvents(refund, stored, { topic: h.topic, key: h.deliveryKey, receivedAt: h.receivedAt }) : [];
  });
  // Idempotent: a refund applied twice (two order deliveries at once) is the same refund by id.
  await ingest(events);
  await ctx.domain.held.release(ctx.actor, SOURCE, orderId, held.map((h) => h.deliveryKey));
}

function noCustomer(what: string): ConnectorError {
  return new ConnectorError('invalid_request', `${what} has no usable customer identifier (customer id, email or phone)`, [{ path: 'customer', message: 'no valid customer id, email or phone' }]);
}

/** The order item stored earlier, as the customer ref + data refunds/fulfillments attach to. */
async function storedOrder(ctx: ConnectorContext, orderId: string | undefined) {
  if (!orderId) return null;
  const item = await ctx.domain.connectors.findItem(ctx.actor, SOURCE, `order:${orderId}`);
  const ref = obj(item?.data['customer']);
  if (!item || !ref) return null;
  const clean = cleanRef(ref as Json, ctx.settings.defaultRegion);
  return clean ? { ref: clean, data: item.data, occurredAt: item.occurredAt } : null;
}

function customerEvent(c: Json, d: Delivery, region: string): IngestEvent {
  const id = shopifyId(c);
  const ref = cleanRef(
    {
      email: c['email'],
      phone: c['phone'] ?? obj(c['default_address'])?.['phone'],
      name: fullName(c['first_name'], c['last_name']),
      ...(id ? { externalIds: { shopify: id } } : {}),
    },
    region,
  );
  if (!ref) throw noCustomer('customer');
  const created = d.topic === 'customers/create';
  const addresses = arr(c['addresses']).map(addressOf).filter(Boolean);
  return {
    source: SOURCE,
    sourceEventId: `${d.topic}:${d.key}`,
    channel: 'web',
    type: created ? EVENT_TYPE.accountCreated : EVENT_TYPE.accountUpdated,
    occurredAt: isoDate(created ? c['created_at'] : c['updated_at']) ?? isoDate(c['created_at']) ?? d.receivedAt,
    customer: ref,
    summary: clip(`Shopify account ${created ? 'created' : 'updated'}${ref.name ? ` for ${ref.name}` : ''}`),
    data: {
      shopifyCustomerId: id,
      ...(str(c['state']) ? { state: str(c['state']) } : {}),
      ...(addresses.length ? { addresses } : {}),
      ...(str(c['tags']) ? { tags: str(c['tags']) } : {}),
      ...(num(c['orders_count']) !== undefined ? { ordersCount: num(c['orders_count']) } : {}),
      ...(num(c['total_spent']) !== undefined ? { totalSpent: num(c['total_spent']) } : {}),
      ...(marketingConsent(c) !== undefined ? { marketingOptIn: marketingConsent(c) } : {}),
      ...(channelConsents(c) ? { marketingConsent: channelConsents(c) } : {}),
      history: [{ key: d.key, topic: d.topic, at: d.receivedAt }],
    },
  };
}

/** Email marketing consent: `email_marketing_consent.state` (current API), else legacy `accepts_marketing`. */
function marketingConsent(c: Json): boolean | undefined {
  const state = str(obj(c['email_marketing_consent'])?.['state']);
  if (state) return state === 'subscribed';
  return typeof c['accepts_marketing'] === 'boolean' ? c['accepts_marketing'] : undefined;
}

/** Checkouts: one item per checkout token; "abandoned" until completed_at is set. */
function checkoutEvent(c: Json, d: Delivery, region: string): IngestEvent {
  const ref = customerRefOf(obj(c['customer']), c, region);
  if (!ref) throw noCustomer('checkout');
  const token = str(c['token']) ?? shopifyId(c) ?? d.key;
  const completed = Boolean(str(c['completed_at']));
  const cur = currency(c['currency']) ?? currency(c['presentment_currency']);
  const total = num(c['total_price']);
  const lines = linesOf(c['line_items']);
  return {
    source: SOURCE,
    sourceEventId: `checkout:${token}`,
    channel: 'web',
    type: completed ? EVENT_TYPE.checkoutCompleted : EVENT_TYPE.cartAbandoned,
    occurredAt: isoDate(c['created_at']) ?? d.receivedAt,
    customer: ref,
    summary: clip(`${completed ? 'Checkout completed' : 'Abandoned cart'} · ${lines.length} item${lines.length === 1 ? '' : 's'}${total !== undefined ? ` · ${moneyWords(total, cur)}` : ''}`),
    data: {
      checkoutToken: token,
      status: completed ? 'completed' : 'abandoned',
      ...(cur ? { currency: cur } : {}),
      // `cartTotal`, not `total`: an abandoned cart is not spend.
      ...(total !== undefined ? { cartTotal: total } : {}),
      lines,
      ...(str(c['abandoned_checkout_url']) ? { recoveryUrl: str(c['abandoned_checkout_url']) } : {}),
      ...(isoDate(c['updated_at']) ? { updatedAt: isoDate(c['updated_at']) } : {}),
      history: [{ key: d.key, topic: d.topic, at: d.receivedAt }],
    },
  };
}

/** A fulfillment updates its order item; without a known order it becomes its own (non-spend) item. */
async function fulfillmentEvents(f: Json, d: Delivery, ctx: ConnectorContext, orderId: string | undefined): Promise<IngestEvent[]> {
  const summary = fulfillmentSummary(f, d);
  const order = await storedOrder(ctx, orderId);
  if (order) return [patchOrder(order, d, { fulfillments: [summary] })];
  const dest = obj(f['destination']);
  const ref = cleanRef({ email: f['email'], phone: dest?.['phone'], name: fullName(dest?.['first_name'], dest?.['last_name']) ?? dest?.['name'] }, ctx.settings.defaultRegion);
  if (!ref) throw new ConnectorError('invalid_request', `fulfillment for an unknown order (order_id ${str(f['order_id']) ?? 'missing'}) without email or phone`, [{ path: 'order_id', message: 'unknown order and no customer identifier' }]);
  return [
    {
      source: SOURCE,
      sourceEventId: `fulfillment:${String(summary['id'])}`,
      channel: 'web',
      type: EVENT_TYPE.fulfillment,
      occurredAt: String(summary['at']),
      customer: ref,
      summary: clip(`Shipment ${String(summary['status'])}${summary['trackingCompany'] ? ` via ${String(summary['trackingCompany'])}` : ''}`),
      data: { ...summary, orderId: str(f['order_id']), fulfillments: [summary], history: [{ key: d.key, topic: d.topic, at: d.receivedAt }] },
    },
  ];
}
