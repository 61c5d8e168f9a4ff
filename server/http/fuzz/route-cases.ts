import fc from 'fast-check';
import { shopifySignature } from '../../connectors/shopify/verify.js';
import { twilioSignature } from '../../connectors/twilio/verify.js';
import { TEST_PUBLIC_URL, TEST_SHOPIFY_SECRET, TEST_TWILIO_TOKEN } from '../../connectors/test/fixtures.js';
import { TEST_INGEST_KEY } from '../test-support.js';
import { deepNesting, email, loyaltyId, mostly, nastyKey, nastyNumber, nastyString, nastyValue, phone, RawJson, smallId, timestamp, toJsonText } from './nasty.js';

/*
 * One generated delivery per route, in the route's real wire format and signature scheme: most are
 * authenticated (valid key, HMAC or Twilio signature over the fuzzed bytes, so they reach the
 * mapping code), some are not. Test support for the ingest fuzz suite.
 */

export interface FuzzRequest {
  url: string;
  headers: Record<string, string>;
  payload: string | Buffer;
}

export interface FuzzRoute {
  name: string;
  /** Dead-letter connector name of the route. */
  connector: string;
  /** `key`: a 401 (no valid ingest key) is not kept, anyone can send those; `signature`: kept within the unauthenticated budget. */
  auth: 'key' | 'signature';
  cases: fc.Arbitrary<FuzzRequest>;
}

const bearer = { authorization: `Bearer ${TEST_INGEST_KEY}` };
const garbageBody = fc.oneof(
  fc.constantFrom('', 'null', '[]', '"x"', '{', '{"a":1,"a":2}', '\u0000', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.json().map((j) => j),
);

/** Usually the key; sometimes none or a wrong one. */
const keyHeader = fc.oneof({ weight: 15, arbitrary: fc.constant<Record<string, string>>(bearer) }, { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({}, { authorization: 'Bearer wrong' }, { authorization: 'Basic %%%' }) });

const jsonType = fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded') });

function jsonRoute(name: string, connector: string, url: string, body: fc.Arbitrary<unknown>): FuzzRoute {
  return {
    name,
    connector,
    auth: 'key',
    cases: fc
      .tuple(keyHeader, fc.oneof({ weight: 12, arbitrary: body.map(toJsonText) }, { weight: 1, arbitrary: garbageBody }), jsonType)
      .map(([auth, payload, type]) => ({ url, headers: { ...auth, 'content-type': type }, payload })),
  };
}

/**
 * Identifiers of one of a few hundred people, spelled in the ways senders spell them, now and then a
 * shared or hostile one. Per-person values keep customers small (as in a real hub); a small shared
 * pool still makes events bridge customers and merge.
 */
const customerRef = fc.integer({ min: 1, max: 400 }).chain((p) => {
  const digits = String(5550000 + p);
  const ownEmail = fc.constantFrom(`p${p}@example.com`, ` P${p}@Example.COM `, `p${p}+tag@example.com`);
  const ownPhone = fc.constantFrom(`+1415${digits}`, `(415) ${digits.slice(0, 3)}-${digits.slice(3)}`, `415.${digits.slice(0, 3)}.${digits.slice(3)}`);
  const ownLoyalty = fc.constantFrom(`L${p}`, `l${p}`, ` L${p} `);
  const pick = <T>(own: fc.Arbitrary<T>, shared: fc.Arbitrary<T>) => fc.oneof({ weight: 10, arbitrary: own }, { weight: 1, arbitrary: shared });
  return fc.record(
    {
      email: mostly(pick(ownEmail, email)),
      phone: mostly(pick(ownPhone, phone)),
      loyaltyId: mostly(pick(ownLoyalty, loyaltyId)),
      name: mostly(fc.constantFrom(`Person ${p}`, 'Ana Silva', 'José Núñez', 'Zoë')),
      externalIds: mostly(fc.dictionary(nastyKey, fc.oneof(fc.constant(`x${p}`), nastyValue), { maxKeys: 2 })),
    },
    { requiredKeys: [] },
  );
});

const freeData = fc.dictionary(nastyKey, fc.oneof({ weight: 6, arbitrary: nastyString }, { weight: 2, arbitrary: nastyNumber }, { weight: 1, arbitrary: deepNesting }, { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) }), { maxKeys: 4 });

const ingestEvent = fc.record(
  {
    source: mostly(fc.constantFrom('crm', 'pbx', 'web')),
    sourceEventId: mostly(smallId('ev-')),
    channel: mostly(fc.constantFrom('phone', 'email', 'chat', 'sms', 'store', 'web', 'purchase', 'note')),
    type: mostly(fc.constantFrom('call.completed', 'email.received', 'order.created', 'note')),
    occurredAt: mostly(timestamp, 2),
    customer: mostly(customerRef),
    summary: mostly(fc.string({ maxLength: 40 })),
    data: mostly(freeData),
  },
  { requiredKeys: [] },
);

const eventsSingle = jsonRoute('POST /api/v1/events (single)', 'events', '/api/v1/events', ingestEvent);
const eventsBatch = jsonRoute('POST /api/v1/events (batch)', 'events', '/api/v1/events', fc.record({ events: fc.oneof({ weight: 10, arbitrary: fc.array(ingestEvent, { minLength: 1, maxLength: 6 }) }, { weight: 1, arbitrary: nastyValue }) }));

const posTransaction = fc.record(
  {
    storeId: mostly(fc.constantFrom('S1', 'S2', 'store-é')),
    storeName: mostly(fc.constantFrom('Main St', 'Mall')),
    receiptNumber: mostly(smallId('R-')),
    type: mostly(fc.constantFrom('sale', 'return', 'pickup')),
    occurredAt: mostly(timestamp, 2),
    customer: mostly(customerRef),
    lines: mostly(fc.array(fc.record({ sku: mostly(fc.constantFrom('SKU1', '4006381333931')), title: mostly(fc.constantFrom('Mug', 'Tee')), quantity: mostly(fc.integer({ min: -3, max: 5 })), unitPrice: mostly(fc.double({ min: 0, max: 500, noNaN: true })) }, { requiredKeys: [] }), { maxLength: 3 })),
    total: mostly(fc.double({ min: -500, max: 5000, noNaN: true })),
    currency: mostly(fc.constantFrom('USD', 'eur', 'XX')),
    payment: mostly(fc.record({ method: mostly(fc.constantFrom('card', 'cash')), cardLast4: mostly(fc.constantFrom('4242', '4111111111111111')) }, { requiredKeys: [] })),
    note: fc.oneof(fc.constant(undefined), fc.constantFrom('card 4111 1111 1111 1111', '4000056655665556'), deepNesting),
  },
  { requiredKeys: [] },
);
const pos = jsonRoute('POST /api/v1/connectors/pos', 'pos', '/api/v1/connectors/pos', fc.oneof({ weight: 4, arbitrary: posTransaction }, { weight: 1, arbitrary: fc.record({ transactions: fc.array(posTransaction, { minLength: 1, maxLength: 4 }) }) }));

const chatMessage = fc.record({ id: mostly(smallId('m')), author: mostly(fc.constantFrom('Ana', 'Agent Bo')), role: mostly(fc.constantFrom('customer', 'agent', 'bot')), text: mostly(fc.string({ maxLength: 60 })), at: mostly(timestamp, 2) }, { requiredKeys: [] });
const chat = jsonRoute(
  'POST /api/v1/connectors/chat',
  'chat',
  '/api/v1/connectors/chat',
  fc.record({ conversationId: mostly(smallId('conv-')), visitor: mostly(customerRef), status: mostly(fc.constantFrom('open', 'waiting', 'closed')), startedAt: mostly(timestamp), messages: mostly(fc.array(chatMessage, { maxLength: 4 })) }, { requiredKeys: [] }),
);

// Shopify: topic + body + HMAC over the exact bytes (usually valid).
const shopifyCustomer = fc.record({ id: mostly(fc.oneof(fc.integer({ min: 1, max: 30 }), smallId(''))), email: mostly(email), phone: mostly(phone), first_name: mostly(fc.constantFrom('Ana', 'Bo')), last_name: mostly(fc.constantFrom('Silva', 'Li')), default_address: mostly(fc.record({ phone: mostly(phone), name: mostly(fc.constantFrom('Ana S')) }, { requiredKeys: [] })) }, { requiredKeys: [] });
const money = mostly(fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }).map((n) => n.toFixed(2)), fc.double({ min: 0, max: 1000, noNaN: true })), 2);
const shopifyBody = fc.record(
  {
    id: mostly(fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constant(new RawJson('4503599627370497123')))),
    admin_graphql_api_id: mostly(fc.constantFrom('gid://shopify/Order/7', 'gid://shopify/Order/\u0000', 'gid://x')),
    order_id: mostly(fc.integer({ min: 1, max: 30 })),
    name: mostly(fc.constantFrom('#1001', '#1002', '#\u0000')),
    email: mostly(email),
    phone: mostly(phone),
    customer: mostly(shopifyCustomer),
    currency: mostly(fc.constantFrom('USD', 'EUR', 'usd')),
    total_price: money,
    current_total_price: money,
    subtotal_price: money,
    financial_status: mostly(fc.constantFrom('paid', 'pending', 'refunded', 'partially_refunded', 'voided')),
    fulfillment_status: mostly(fc.constantFrom(null, 'fulfilled', 'partial')),
    cancelled_at: mostly(fc.oneof(fc.constant(null), timestamp)),
    created_at: mostly(timestamp, 2),
    updated_at: mostly(timestamp, 2),
    processed_at: mostly(timestamp),
    completed_at: mostly(fc.oneof(fc.constant(null), timestamp)),
    token: mostly(smallId('tok')),
    line_items: mostly(fc.array(fc.record({ title: mostly(fc.constantFrom('Mug')), quantity: mostly(fc.integer({ min: 0, max: 3 })), price: money, sku: mostly(fc.constantFrom('SKU1')) }, { requiredKeys: [] }), { maxLength: 3 })),
    transactions: mostly(fc.array(fc.record({ kind: mostly(fc.constantFrom('refund', 'sale')), status: mostly(fc.constantFrom('success', 'failure')), amount: money }, { requiredKeys: [] }), { maxLength: 2 })),
    refund_line_items: mostly(fc.array(fc.record({ quantity: mostly(fc.integer({ min: 0, max: 3 })), subtotal: money, line_item: mostly(fc.record({ title: mostly(fc.constantFrom('Mug')), price: money }, { requiredKeys: [] })) }, { requiredKeys: [] }), { maxLength: 2 })),
    tracking_numbers: mostly(fc.array(nastyString, { maxLength: 2 })),
    shipment_status: mostly(fc.constantFrom('in_transit', 'delivered', 'failure')),
    addresses: mostly(fc.array(fc.record({ address1: mostly(fc.constantFrom('1 Main St')), zip: mostly(fc.constantFrom('94110')) }, { requiredKeys: [] }), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const shopifyTopic = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled', 'orders/fulfilled', 'refunds/create', 'customers/create', 'customers/update', 'checkouts/create', 'checkouts/update', 'fulfillments/create') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'app/uninstalled', 'ORDERS/CREATE'), nastyString) });
const shopify: FuzzRoute = {
  name: 'POST /api/v1/connectors/shopify',
  connector: 'shopify',
  auth: 'signature',
  cases: fc
    .record({
      topic: shopifyTopic,
      body: fc.oneof({ weight: 12, arbitrary: shopifyBody.map(toJsonText) }, { weight: 1, arbitrary: garbageBody }),
      signature: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'forged', 'missing'),
      eventId: fc.oneof(fc.constant(undefined), smallId('whk-').filter(headerSafe)),
      triggeredAt: fc.oneof(fc.constant(undefined), timestamp.filter(headerSafe)),
    })
    .map(({ topic, body, signature, eventId, triggeredAt }) => {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (headerSafe(topic)) headers['x-shopify-topic'] = topic;
      if (signature !== 'missing') headers['x-shopify-hmac-sha256'] = shopifySignature(signature === 'valid' ? TEST_SHOPIFY_SECRET : 'forged', bytes);
      if (eventId) headers['x-shopify-event-id'] = eventId;
      if (triggeredAt) headers['x-shopify-triggered-at'] = triggeredAt;
      return { url: '/api/v1/connectors/shopify', headers, payload: bytes };
    }),
};

/** HTTP header values cannot carry controls or non-Latin-1 text (Node refuses to send them). */
function headerSafe(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

// Twilio: form params (order and duplicates kept) signed over public URL + sorted params.
function twilioRoute(kind: 'voice' | 'messaging', params: fc.Arbitrary<[string, string][]>): FuzzRoute {
  const path = `/api/v1/connectors/twilio/${kind}`;
  return {
    name: `POST ${path}`,
    connector: kind === 'voice' ? 'twilio-voice' : 'twilio-messaging',
    auth: 'signature',
    cases: fc
      .record({ params, signature: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'forged', 'missing'), type: fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'text/plain'), query: fc.constantFrom('', '', '?a=1&b=%00') })
      .map(({ params, signature, type, query }) => {
        // URLSearchParams writes lone surrogates as U+FFFD: sign what is actually sent.
        const body = new URLSearchParams(params).toString();
        const sent = [...new URLSearchParams(body).entries()];
        const headers: Record<string, string> = { 'content-type': type };
        if (signature !== 'missing') headers['x-twilio-signature'] = twilioSignature(signature === 'valid' ? TEST_TWILIO_TOKEN : 'forged', TEST_PUBLIC_URL + path + query, sent);
        return { url: path + query, headers, payload: body };
      }),
  };
}
const param = (name: string, value: fc.Arbitrary<string>) => fc.oneof({ weight: 8, arbitrary: value.map((v) => [[name, v]] as [string, string][]) }, { weight: 1, arbitrary: nastyString.map((v) => [[name, v]] as [string, string][]) }, { weight: 1, arbitrary: fc.constant([] as [string, string][]) });
const extraParams = fc.array(fc.tuple(fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'CallSid', 'From')), nastyString), { maxLength: 3 });
const twilioPhone = fc.oneof(phone, fc.constantFrom('whatsapp:+14155550142', 'client:agent7', '%2B14155550142', '%2B%E0%A4%A', 'sip:x@y'));
const voice = twilioRoute(
  'voice',
  fc.tuple(param('CallSid', smallId('CA')), param('CallStatus', fc.constantFrom('ringing', 'in-progress', 'completed', 'busy', 'no-answer')), param('Direction', fc.constantFrom('inbound', 'outbound-api', 'outbound-dial')), param('From', twilioPhone), param('To', twilioPhone), param('Timestamp', fc.oneof(timestamp, fc.constantFrom('Tue, 01 May 2024 10:00:00 +0000'))), param('CallDuration', fc.constantFrom('0', '245', '1e400', '-1')), param('SequenceNumber', fc.constantFrom('0', '1', '2')), param('RecordingUrl', fc.constantFrom('https://api.twilio.com/rec/RE1')), extraParams).map((groups) => groups.flat()),
);
const messaging = twilioRoute(
  'messaging',
  fc.tuple(param('MessageSid', smallId('SM')), param('MessageStatus', fc.constantFrom('received', 'sent', 'delivered', 'undelivered')), param('From', twilioPhone), param('To', twilioPhone), param('Body', fc.oneof(nastyString, fc.constantFrom('Thanks! See you at 5 :)'))), param('NumMedia', fc.constantFrom('0', '1', '99', 'NaN')), param('MediaUrl0', fc.constantFrom('https://api.twilio.com/media/ME1')), extraParams).map((groups) => groups.flat()),
);

// Email: raw RFC 822 messages with hostile headers and bodies.
const headerValue = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: nastyString.map((s) => s.slice(0, 500)) });
const rfc822 = fc
  .record({
    from: fc.oneof(email.map((e) => `Ana <${e}>`), email, headerValue, fc.constantFrom('"\u0000" <ana@example.com>', 'undisclosed-recipients:;')),
    to: fc.oneof(email, headerValue),
    subject: headerValue,
    messageId: fc.oneof(smallId('<m').map((s) => `${s}@example.com>`), headerValue, fc.constant(undefined)),
    date: fc.oneof(fc.constantFrom('Tue, 01 May 2024 10:00:00 +0000', 'Fri, 31 Dec 9999 23:59:59 +0000', 'Mon, 01 Jan 1800 00:00:00 +0000', 'garbage'), fc.constant(undefined)),
    references: fc.oneof(fc.constant(undefined), headerValue),
    body: fc.oneof(fc.string({ maxLength: 200 }), nastyString),
    multipart: fc.boolean(),
    charset: fc.constantFrom('utf-8', 'iso-8859-1', 'x-unknown', 'utf-16'),
  })
  .map((m) => {
    const lines = [`From: ${m.from}`, `To: ${m.to}`, `Subject: ${m.subject}`];
    if (m.messageId !== undefined) lines.push(`Message-ID: ${m.messageId}`);
    if (m.date !== undefined) lines.push(`Date: ${m.date}`);
    if (m.references !== undefined) lines.push(`References: ${m.references}`);
    if (m.multipart) {
      lines.push('MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', `Content-Type: text/html; charset=${m.charset}`, '', `<p>${m.body}</p>`, '--b1', 'Content-Type: application/octet-stream; name="a.bin"', 'Content-Transfer-Encoding: base64', '', Buffer.from(m.body).toString('base64'), '--b1--');
    } else lines.push(`Content-Type: text/plain; charset=${m.charset}`, '', m.body);
    return lines.join('\r\n');
  });
const emailRoute: FuzzRoute = {
  name: 'POST /api/v1/connectors/email',
  connector: 'email',
  auth: 'key',
  cases: fc
    .tuple(keyHeader, fc.oneof({ weight: 10, arbitrary: rfc822 }, { weight: 1, arbitrary: garbageBody }), fc.constantFrom('message/rfc822', 'message/rfc822', 'text/plain', 'application/json'))
    .map(([auth, payload, type]) => ({ url: '/api/v1/connectors/email', headers: { ...auth, 'content-type': type }, payload })),
};

// SendGrid Inbound Parse: multipart, raw or parsed mode; key as Basic auth or ?key=.
const BOUNDARY = 'xYzZY';
function multipart(fields: [string, string | Buffer, string?][]): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value, filename] of fields) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n`), Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}
const sendgridFields = fc.oneof(
  rfc822.map((raw) => [['email', raw]] as [string, string][]),
  fc
    .record({ from: fc.oneof(email.map((e) => `Cy <${e}>`), headerValue), subject: headerValue, text: fc.oneof(fc.string({ maxLength: 80 }), nastyString), html: headerValue, headers: fc.oneof(smallId('<sg').map((id) => `Message-ID: ${id}@x>\r\nDate: Tue, 01 May 2024 10:00:00 +0000\r\n`), headerValue), charsets: fc.oneof(fc.constant('{"text":"utf-8","subject":"utf-8"}'), fc.constantFrom('{"text":"x-bogus"}', '{', '{"__proto__":{"text":"utf-16"}}')), attachmentInfo: fc.constantFrom('{"attachment1":{"filename":"a.txt","type":"text/plain"}}', '[]', 'nope') })
    .map((f) => [['from', f.from], ['subject', f.subject], ['text', f.text], ['html', f.html], ['headers', f.headers], ['charsets', f.charsets], ['attachment-info', f.attachmentInfo], ['attachment1', 'hello', 'a.txt']] as [string, string, string?][]),
);
const sendgrid: FuzzRoute = {
  name: 'POST /api/v1/connectors/sendgrid',
  connector: 'sendgrid',
  auth: 'key',
  cases: fc
    .tuple(fc.constantFrom('basic', 'basic', 'query', 'query', 'bearer', 'none'), fc.oneof({ weight: 10, arbitrary: sendgridFields.map(multipart) }, { weight: 1, arbitrary: garbageBody }), fc.constantFrom(`multipart/form-data; boundary=${BOUNDARY}`, `multipart/form-data; boundary=${BOUNDARY}`, 'multipart/form-data', 'application/json'))
    .map(([auth, payload, type]) => {
      const headers: Record<string, string> = { 'content-type': type };
      let url = '/api/v1/connectors/sendgrid';
      if (auth === 'basic') headers['authorization'] = `Basic ${Buffer.from(`sendgrid:${TEST_INGEST_KEY}`).toString('base64')}`;
      if (auth === 'bearer') headers['authorization'] = bearer.authorization;
      if (auth === 'query') url += `?key=${TEST_INGEST_KEY}`;
      return { url, headers, payload };
    }),
};

/** Every ingest and connector route the hub serves. */
export const FUZZ_ROUTES: readonly FuzzRoute[] = [eventsSingle, eventsBatch, shopify, voice, messaging, emailRoute, sendgrid, chat, pos];
