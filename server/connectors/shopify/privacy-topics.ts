import { normalizeEmail, normalizePhone } from '../../identity/normalize.js';
import { privacyOf } from '../../privacy/port.js';
import type { PersonLookup } from '../../privacy/privacy-service.js';
import { arr, obj, str, type Json } from '../common.js';
import type { ConnectorContext, ConnectorOutput } from '../types.js';
import { shopifyId, SOURCE } from './map.js';

/*
 * Shopify's mandatory privacy webhooks (signed like every topic): `customers/redact` erases the customer,
 * `customers/data_request` records an export request for an admin, `shop/redact` erases every customer the
 * shop brought. Answered 202 and never kept as a dead letter (the body is the personal data asked about);
 * a retried delivery (same webhook id) does nothing twice.
 */

export const SHOPIFY_PRIVACY_TOPICS = ['customers/redact', 'customers/data_request', 'shop/redact'] as const;

export function isPrivacyTopic(topic: string): boolean {
  return (SHOPIFY_PRIVACY_TOPICS as readonly string[]).includes(topic);
}

export async function handlePrivacyTopic(topic: string, body: Json, deliveryKey: string, ctx: ConnectorContext): Promise<Omit<ConnectorOutput, 'merge'>> {
  const privacy = privacyOf(ctx.domain);
  const key = `shopify:${topic}:${deliveryKey}`;
  if (await privacy.hasRequest(key)) return { events: [], handled: `${topic} already handled` };
  const shop = str(body['shop_domain']) ?? null;
  const dir = ctx.settings.attachmentsDir;
  if (topic === 'shop/redact') {
    const people = await privacy.customersOfSource(SOURCE);
    for (const id of people) await privacy.erase(ctx.actor, id, 'Shopify shop/redact: the shop was uninstalled', dir);
    await privacy.recordRequest(ctx.actor, { kind: 'shop_redact', connector: SOURCE, shop, deliveryKey: key, customerId: null, description: `Shopify asked to erase the shop's customers: ${people.length} erased`, status: 'done' });
    return { events: [], handled: `shop/redact: ${people.length} customers erased` };
  }
  const lookup = lookupOf(body, ctx.settings.defaultRegion);
  const people = await privacy.findPeople(ctx.actor, lookup);
  const orders = lookup.events?.length ?? 0;
  const ordersText = orders > 0 ? ` (${orders} order${orders === 1 ? '' : 's'})` : '';
  if (topic === 'customers/redact') {
    for (const id of people) await privacy.erase(ctx.actor, id, 'Shopify customers/redact', dir);
    const what = people.length === 0 ? 'no matching customer was held' : people.length === 1 ? 'one customer erased' : `${people.length} customer records erased`;
    await privacy.recordRequest(ctx.actor, { kind: 'customer_redact', connector: SOURCE, shop, deliveryKey: key, customerId: people[0] ?? null, description: `Shopify asked to erase a customer${ordersText}: ${what}`, status: 'done' });
    return { events: [], handled: `customers/redact: ${what}` };
  }
  const found = people.length === 0 ? '; no matching customer is held' : '';
  await privacy.recordRequest(ctx.actor, { kind: 'data_request', connector: SOURCE, shop, deliveryKey: key, customerId: people[0] ?? null, description: `Shopify asks for the data of a customer${ordersText}${found}`, status: 'open' });
  return { events: [], handled: 'customers/data_request recorded for an admin' };
}

/** Who the request names: the Shopify customer id, email, phone, and the orders it lists. */
function lookupOf(body: Json, region: string): PersonLookup {
  const c = obj(body['customer']);
  const id = shopifyId(c);
  const email = str(c?.['email']);
  const phone = str(c?.['phone']);
  const orderIds = [...arr(body['orders_to_redact']), ...arr(body['orders_requested'])].map((o) => (typeof o === 'number' || typeof o === 'string' ? String(o) : undefined)).filter((o): o is string => Boolean(o));
  const normalizedEmail = email ? normalizeEmail(email) : null;
  const normalizedPhone = phone ? normalizePhone(phone, region) : null;
  return {
    externalIds: id ? [`${SOURCE}:${id}`] : [],
    emails: normalizedEmail ? [normalizedEmail] : [],
    phones: normalizedPhone ? [normalizedPhone] : [],
    events: orderIds.map((o) => ({ source: SOURCE, sourceEventId: `order:${o}` })),
  };
}

/** What of a privacy delivery may be kept if it fails: the shop and the topic's shape, never the person. */
export function redactPrivacyBody(raw: Buffer): Buffer | null {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  const o = obj(body as Json);
  // Privacy bodies (and only they) carry shop_id + shop_domain at the top; orders and customers do not.
  if (!o || !('shop_id' in o && 'shop_domain' in o)) return null;
  return Buffer.from(JSON.stringify({ shop_domain: str(o['shop_domain']) ?? null, redacted: 'privacy request body not kept' }));
}
