import type { ConnectorFeed } from './connector-feed.js';
import { rfc2822 } from './connector-feed.js';

/*
 * One customer of a scenario, sending (or being sent) what real systems send: Shopify webhooks,
 * Twilio callbacks, raw email, SendGrid parse posts, chat and POS payloads, and events-API posts
 * for systems without a connector (carrier tracking, store check-in, helpdesk replies, consent).
 * Times are `agoMs` before the scenario's fixed "now".
 */

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
const OUR_NUMBER = '+18005550100';
const AREA_CODES = ['415', '212', '312', '617', '206', '303', '512', '646', '213', '305'];

export interface Line {
  title: string;
  price: number;
  quantity?: number;
}

const personaCount = new WeakMap<ConnectorFeed, number>();
/** A fresh, valid identity per persona of one feed (fictional 555-01xx numbers across area codes). */
function identity(feed: ConnectorFeed, tag: string) {
  const i = personaCount.get(feed) ?? 0;
  personaCount.set(feed, i + 1);
  const phone = `+1${AREA_CODES[Math.floor(i / 100) % AREA_CODES.length]}5550${String(100 + (i % 100)).slice(-3)}`;
  return { email: `${tag.replace(/[^a-z0-9]+/gi, '.')}.${i}@eval.example`, phone, first: 'Alex', last: `Eval${i}`, shopifyId: String(7_000_000 + i) };
}

export class Persona {
  readonly email: string;
  readonly phone: string;
  readonly name: string;
  private readonly shopifyId: string;
  private n = 0;

  constructor(
    private readonly feed: ConnectorFeed,
    tag: string,
    private readonly nowMs: number,
  ) {
    const id = identity(feed, tag);
    this.email = id.email;
    this.phone = id.phone;
    this.name = `${id.first} ${id.last}`;
    this.shopifyId = id.shopifyId;
  }

  private at(agoMs: number): string {
    return new Date(this.nowMs - agoMs).toISOString();
  }
  private next(prefix: string): string {
    return `${prefix}${this.shopifyId}${++this.n}`;
  }
  private get shopifyCustomer() {
    const [first, last] = this.name.split(' ');
    return { id: Number(this.shopifyId), email: this.email, phone: this.phone, first_name: first, last_name: last };
  }

  /** Shopify customers/create (bridges email and phone onto one customer). */
  async account(agoMs: number, marketing = true): Promise<void> {
    const created = this.at(agoMs);
    await this.feed.shopify('customers/create', { ...this.shopifyCustomer, created_at: created, updated_at: created, state: 'enabled', email_marketing_consent: { state: marketing ? 'subscribed' : 'not_subscribed' } }, this.nowMs - agoMs);
  }

  /** Shopify orders/create; returns the order name (#number). */
  async order(agoMs: number, lines: Line[], opts: { discount?: number; financial?: string; number?: number; checkoutToken?: string } = {}): Promise<string> {
    const number = opts.number ?? 1000 + Number(this.shopifyId.slice(-3)) * 10 + ++this.n;
    const subtotal = lines.reduce((s, l) => s + l.price * (l.quantity ?? 1), 0);
    const discount = opts.discount ?? 0;
    const total = (subtotal - discount).toFixed(2);
    const created = this.at(agoMs);
    await this.feed.shopify(
      'orders/create',
      {
        id: Number(`${this.shopifyId}${number}`),
        name: `#${number}`,
        order_number: number,
        email: this.email,
        created_at: created,
        updated_at: created,
        currency: 'USD',
        total_price: total,
        current_total_price: total,
        subtotal_price: (subtotal - discount).toFixed(2),
        total_discounts: discount.toFixed(2),
        total_tax: '0.00',
        financial_status: opts.financial ?? 'paid',
        fulfillment_status: null,
        ...(opts.checkoutToken ? { checkout_token: opts.checkoutToken } : {}),
        customer: this.shopifyCustomer,
        line_items: lines.map((l, i) => ({ id: i + 1, title: l.title, quantity: l.quantity ?? 1, price: l.price.toFixed(2), sku: `SKU-${i}` })),
      },
      this.nowMs - agoMs,
    );
    return `#${number}`;
  }

  /** The Shopify id of an order this persona placed, from its name (#number). */
  shopifyOrderId(orderName: string): number {
    return Number(`${this.shopifyId}${orderName.slice(1)}`);
  }

  /** Shopify fulfillments/create for an order placed by this persona (`shipment_status` as the carrier reports it). */
  async fulfillment(orderName: string, agoMs: number, shipmentStatus: string | null = 'in_transit'): Promise<void> {
    await this.feed.shopify(
      'fulfillments/create',
      { id: Number(this.next('9')), order_id: this.shopifyOrderId(orderName), status: 'success', shipment_status: shipmentStatus, created_at: this.at(agoMs), tracking_company: 'UPS', tracking_number: `1Z${this.next('')}`, email: this.email, line_items: [] },
      this.nowMs - agoMs,
    );
  }

  /** Shopify checkouts/create (and checkouts/update with completed_at when it completed). */
  async checkout(agoMs: number, lines: Line[], completedAgoMs?: number): Promise<string> {
    const token = this.next('tok');
    const body = { id: Number(this.next('5')), token, email: this.email, created_at: this.at(agoMs), updated_at: this.at(agoMs), currency: 'USD', total_price: lines.reduce((s, l) => s + l.price, 0).toFixed(2), customer: this.shopifyCustomer, line_items: lines.map((l) => ({ title: l.title, quantity: 1, price: l.price.toFixed(2) })) };
    await this.feed.shopify('checkouts/create', body, this.nowMs - agoMs);
    if (completedAgoMs !== undefined) await this.feed.shopify('checkouts/update', { ...body, updated_at: this.at(completedAgoMs), completed_at: this.at(completedAgoMs) }, this.nowMs - completedAgoMs);
    return token;
  }

  /** A Twilio call: ringing, then its final status callback ('completed', 'no-answer', 'busy'). */
  async call(agoMs: number, final: 'completed' | 'no-answer' | 'busy' = 'completed', durationSec = 240): Promise<void> {
    const sid = this.next('CA');
    const base = { CallSid: sid, AccountSid: 'ACeval', From: this.phone, To: OUR_NUMBER, Direction: 'inbound', ApiVersion: '2010-04-01' };
    await this.feed.twilioVoice({ ...base, CallStatus: 'ringing', SequenceNumber: '0', Timestamp: rfc2822(this.nowMs - agoMs) });
    await this.feed.twilioVoice({ ...base, CallStatus: final, SequenceNumber: '1', Timestamp: rfc2822(this.nowMs - agoMs + (final === 'completed' ? durationSec * 1000 : 20_000)), ...(final === 'completed' ? { CallDuration: String(durationSec) } : {}) });
  }

  /** An SMS from the customer (Twilio incoming message webhook). */
  async smsIn(agoMs: number, body: string): Promise<void> {
    await this.feed.twilioMessaging({ MessageSid: this.next('SM'), AccountSid: 'ACeval', From: this.phone, To: OUR_NUMBER, Body: body, NumMedia: '0', SmsStatus: 'received', Timestamp: rfc2822(this.nowMs - agoMs) });
  }

  /** Our SMS to the customer (Twilio status callback of an outbound message). */
  async smsOut(agoMs: number, body: string): Promise<void> {
    await this.feed.twilioMessaging({ MessageSid: this.next('SM'), AccountSid: 'ACeval', From: OUR_NUMBER, To: this.phone, Body: body, MessageStatus: 'sent', Timestamp: rfc2822(this.nowMs - agoMs) });
  }

  /** A raw RFC 822 email from the customer. */
  async emailIn(agoMs: number, subject: string, text: string): Promise<void> {
    const raw = [`From: ${this.name} <${this.email}>`, 'To: support@northwind.example', `Subject: ${subject}`, `Date: ${rfc2822(this.nowMs - agoMs)}`, `Message-ID: <${this.next('m')}@mail.eval.example>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\n');
    await this.feed.email(raw);
  }

  /** The same through SendGrid Inbound Parse (parsed mode). */
  async sendgridIn(agoMs: number, subject: string, text: string): Promise<void> {
    const headers = [`From: ${this.name} <${this.email}>`, 'To: support@northwind.example', `Subject: ${subject}`, `Date: ${rfc2822(this.nowMs - agoMs)}`, `Message-ID: <${this.next('sg')}@mail.eval.example>`].join('\n');
    await this.feed.sendgrid({ headers, from: `${this.name} <${this.email}>`, to: 'support@northwind.example', subject, text, charsets: JSON.stringify({ text: 'UTF-8', subject: 'UTF-8' }) });
  }

  /** An agent's email reply (the helpdesk posts it to the events API). */
  async emailOut(agoMs: number, text: string): Promise<void> {
    await this.feed.events({ source: 'helpdesk-email', sourceEventId: this.next('reply'), channel: 'email', type: 'email.sent', occurredAt: this.at(agoMs), customer: { email: this.email }, summary: text.slice(0, 80), data: { direction: 'outbound', subject: 'Re: your message', text } });
  }

  /** A chat conversation (chat connector): the customer's lines, each answered by the agent. */
  async chat(agoMs: number, customerSays: string[], status: 'open' | 'waiting' | 'closed' = 'closed'): Promise<void> {
    const start = this.nowMs - agoMs;
    const messages = customerSays.flatMap((text, i) => [
      { id: `c${i}`, author: this.name, role: 'customer', text, at: new Date(start + i * 2 * MIN).toISOString() },
      { id: `a${i}`, author: 'Sam (agent)', role: 'agent', text: 'Thanks, let me check that for you.', at: new Date(start + i * 2 * MIN + MIN).toISOString() },
    ]);
    await this.feed.chat({ conversationId: this.next('conv'), visitor: { email: this.email, name: this.name }, status, startedAt: new Date(start).toISOString(), messages });
  }

  /** A POS transaction at a store. */
  async pos(agoMs: number, storeId: string, type: 'sale' | 'return' | 'pickup', total: number, opts: { title?: string; orderNumber?: string } = {}): Promise<void> {
    await this.feed.pos({
      storeId,
      storeName: storeName(storeId),
      receiptNumber: this.next('R'),
      type,
      occurredAt: this.at(agoMs),
      customer: { email: this.email, phone: this.phone, name: this.name },
      lines: [{ title: opts.title ?? 'Trail socks', quantity: 1, unitPrice: total }],
      total,
      currency: 'USD',
      ...(opts.orderNumber ? { orderNumber: opts.orderNumber } : {}),
    });
  }

  /** A generic event for systems without a connector (carrier tracking, check-in, consent, inventory). */
  async event(channel: 'web' | 'store' | 'purchase' | 'email' | 'note', type: string, agoMs: number, data: Record<string, unknown> = {}, summary?: string): Promise<void> {
    await this.feed.events({ source: 'eval-systems', sourceEventId: this.next('ev'), channel, type, occurredAt: this.at(agoMs), customer: { email: this.email }, ...(summary ? { summary } : {}), data });
  }
}

export function storeName(storeId: string): string {
  return storeId === 'SF-UNION' ? 'San Francisco – Union Square' : storeId === 'BOS-BACK' ? 'Boston – Back Bay' : storeId;
}
