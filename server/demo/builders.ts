/*
 * One builder per kind of contact. Each returns drafts (an event without its sourceEventId)
 * whose `data` follows shared/channel-data.ts exactly, so the console renders them richly.
 * Builders are pure given the Faker instance: same seed, same drafts.
 */
import type { Faker } from '@faker-js/faker';
import { moneyWords, type Channel, type CustomerRef, type IngestEvent } from '../../shared/index.js';
import { AGENTS, CHAT_BOT, CHAT_CLOSERS, NOTES, OUTBOUND_SMS, PRODUCTS, STORES, SUPPORT_EMAIL, SUPPORT_SMS, TOPICS, type Product, type Topic } from './catalog.js';
import type { DemoIdentity } from './identity.js';
import { PHONE_FORMATS, formatPhone } from './phones.js';

export type Draft = Omit<IngestEvent, 'sourceEventId'>;

export interface BuildContext {
  f: Faker;
  who: DemoIdentity;
  at: Date;
  /** Which of the customer's accounts (emails / shop ids) this contact uses. */
  account: number;
  /** Before the bridging events a fragmented customer's store visits carry only the loyalty card. */
  fragmentedPhase: boolean;
  /** Latest order number, so customers ask about orders they really placed. */
  lastOrder: string | null;
  nextOrderNumber: () => string;
  /** Latest "now": follow-ups later than this are dropped. */
  now: Date;
}

export const KINDS = ['phone', 'email', 'chat', 'sms', 'store', 'purchase', 'web', 'note'] as const satisfies readonly Channel[];
export type Kind = (typeof KINDS)[number];
export const KIND_WEIGHTS: Record<Kind, number> = { phone: 18, email: 18, chat: 12, sms: 12, store: 15, purchase: 13, web: 7, note: 5 };

export function buildKind(kind: Kind, c: BuildContext): Draft[] {
  switch (kind) {
    case 'phone':
      return [phoneCall(c)];
    case 'email':
      return emailThread(c);
    case 'chat':
      return [chat(c)];
    case 'sms':
      return [sms(c)];
    case 'store':
      return [storeVisit(c)];
    case 'purchase':
      return onlineOrder(c);
    case 'web':
      return [webSession(c)];
    case 'note':
      return [note(c)];
  }
}

// ---------- identifiers on the event ----------

export function anyPhone(c: BuildContext): string {
  return formatPhone(c.who.phoneE164, c.f.helpers.arrayElement(PHONE_FORMATS));
}
function emailOf(c: BuildContext): string {
  return c.who.emails[c.account] ?? c.who.emails[0]!;
}
function shopRef(c: BuildContext): CustomerRef {
  return { email: emailOf(c), externalIds: { shopify: c.who.shopifyIds[c.account] ?? c.who.shopifyIds[0]! }, name: c.who.name };
}
function storeRef(c: BuildContext): CustomerRef {
  if (c.who.loyaltyId && (c.fragmentedPhase || c.f.datatype.boolean({ probability: 0.8 }))) return { loyaltyId: c.who.loyaltyId, name: c.who.name };
  return { phone: anyPhone(c), name: c.who.name };
}

// ---------- helpers ----------

const money = (n: number) => Math.round(n * 100) / 100;
const iso = (d: Date) => d.toISOString();
const later = (d: Date, ms: number) => new Date(d.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function fill(text: string, c: BuildContext, product: Product): string {
  return text.replaceAll('{order}', c.lastOrder ?? 'my last order').replaceAll('{product}', product.title);
}
function topicFor(c: BuildContext): Topic {
  // Order questions need an order; before the first one, people ask about products.
  const pool = c.lastOrder ? TOPICS : TOPICS.filter((t) => !t.subject.includes('{order}'));
  return c.f.helpers.arrayElement(pool);
}
function firstName(c: BuildContext): string {
  return c.who.name.split(' ')[0] ?? c.who.name;
}
function lines(c: BuildContext, max: number) {
  return c.f.helpers.arrayElements(PRODUCTS, { min: 1, max }).map((p) => ({ sku: p.sku, title: p.title, quantity: c.f.helpers.weightedArrayElement([{ weight: 8, value: 1 }, { weight: 2, value: 2 }, { weight: 1, value: 3 }]), unitPrice: p.price }));
}
function totals(c: BuildContext, ls: { quantity: number; unitPrice: number }[]) {
  const subtotal = money(ls.reduce((s, l) => s + l.quantity * l.unitPrice, 0));
  const discount = c.f.datatype.boolean({ probability: 0.2 }) ? money(subtotal * 0.1) : 0;
  const tax = money((subtotal - discount) * (c.who.currency === 'CAD' ? 0.13 : 0.0875));
  return { subtotal, discount, tax, total: money(subtotal - discount + tax) };
}
function duration(sec: number): string {
  return `${Math.floor(sec / 60)}m ${String(sec % 60).padStart(2, '0')}s`;
}

// ---------- builders ----------

export function phoneCall(c: BuildContext): Draft {
  const { f } = c;
  const inbound = f.datatype.boolean({ probability: 0.75 });
  const outcome = inbound
    ? f.helpers.weightedArrayElement([{ weight: 80, value: 'answered' }, { weight: 10, value: 'missed' }, { weight: 10, value: 'voicemail' }])
    : f.helpers.weightedArrayElement([{ weight: 70, value: 'completed' }, { weight: 20, value: 'voicemail' }, { weight: 10, value: 'busy' }]);
  const talked = outcome === 'answered' || outcome === 'completed';
  const durationSec = talked ? f.number.int({ min: 45, max: 1500 }) : outcome === 'voicemail' ? f.number.int({ min: 15, max: 90 }) : 0;
  const topic = topicFor(c);
  const product = f.helpers.arrayElement(PRODUCTS);
  const agent = f.helpers.arrayElement(AGENTS);
  const statuses = [{ status: 'ringing', at: iso(c.at) }];
  if (talked) statuses.push({ status: 'answered', at: iso(later(c.at, 8_000)) }, { status: 'completed', at: iso(later(c.at, 8_000 + durationSec * 1000)) });
  else statuses.push({ status: outcome, at: iso(later(c.at, 25_000)) });
  const dir = inbound ? 'Inbound' : 'Outbound';
  return {
    source: 'twilio-voice',
    channel: 'phone',
    type: talked ? 'call.completed' : `call.${outcome}`,
    occurredAt: iso(c.at),
    customer: { phone: anyPhone(c) },
    summary: talked ? `${dir} call (${duration(durationSec)}): ${fill(topic.callNote, c, product)}` : `${dir} call, ${outcome}`,
    data: {
      direction: inbound ? 'inbound' : 'outbound',
      durationSec,
      outcome,
      ...(talked || !inbound ? { agent } : {}),
      ...(talked && f.datatype.boolean({ probability: 0.6 }) ? { recordingUrl: `https://recordings.northwind.example/${f.string.alphanumeric(16)}.mp3` } : {}),
      statuses,
    },
  };
}

/** A customer email and (usually) the agent's HTML reply; sometimes a marketing email instead. */
export function emailThread(c: BuildContext): Draft[] {
  const { f } = c;
  const email = emailOf(c);
  if (f.datatype.boolean({ probability: 0.2 })) return [campaignEmail(c, email)];
  const topic = topicFor(c);
  const product = f.helpers.arrayElement(PRODUCTS);
  const subject = fill(topic.subject, c, product);
  const threadId = `thr-${f.string.alphanumeric(12)}`;
  const askId = `<${f.string.alphanumeric(20)}@${email.split('@')[1]}>`;
  const ask: Draft = {
    source: 'helpdesk-email',
    channel: 'email',
    type: 'email.received',
    occurredAt: iso(c.at),
    customer: { email, name: c.who.name },
    summary: subject,
    data: {
      direction: 'inbound',
      subject,
      from: email,
      to: [SUPPORT_EMAIL],
      text: `Hello,\n\n${fill(topic.ask, c, product)}\n\nThanks,\n${c.who.name}`,
      messageId: askId,
      threadId,
      ...(topic.key === 'warranty' && f.datatype.boolean({ probability: 0.5 }) ? { attachments: [{ filename: 'zipper.jpg', contentType: 'image/jpeg', size: f.number.int({ min: 80_000, max: 2_400_000 }) }] } : {}),
    },
  };
  const replyAt = later(c.at, f.number.int({ min: 20 * MIN, max: 20 * HOUR }));
  if (replyAt > c.now || f.datatype.boolean({ probability: 0.1 })) return [ask];
  const agent = f.helpers.arrayElement(AGENTS);
  const answer = fill(topic.answer, c, product);
  const reply: Draft = {
    source: 'helpdesk-email',
    channel: 'email',
    type: 'email.sent',
    occurredAt: iso(replyAt),
    customer: { email, name: c.who.name },
    summary: `Re: ${subject}`,
    data: {
      direction: 'outbound',
      subject: `Re: ${subject}`,
      from: SUPPORT_EMAIL,
      to: [email],
      text: `Hi ${firstName(c)},\n\n${answer}\n\nBest,\n${agent}\nNorthwind Outfitters`,
      html: `<p>Hi ${firstName(c)},</p><p>${answer}</p><p>Anything else? Just reply to this email or visit <a href="https://northwind.example/help">our help center</a>.</p><p>Best,<br><strong>${agent}</strong><br>Northwind Outfitters</p>`,
      messageId: `<${f.string.alphanumeric(20)}@northwind.example>`,
      inReplyTo: askId,
      threadId,
    },
  };
  return [ask, reply];
}

function campaignEmail(c: BuildContext, email: string): Draft {
  const { f } = c;
  const product = f.helpers.arrayElement(PRODUCTS);
  const pct = f.helpers.arrayElement([10, 15, 20, 25]);
  const subject = f.helpers.arrayElement([`${pct}% off ${product.title} this weekend`, `New arrivals: the ${product.title} is back`, `Your member rewards are waiting`]);
  return {
    source: 'marketing-email',
    channel: 'email',
    type: 'email.campaign',
    occurredAt: iso(c.at),
    customer: { email },
    summary: subject,
    data: {
      direction: 'outbound',
      subject,
      from: 'news@northwind.example',
      to: [email],
      text: `${subject}. Shop now at https://northwind.example`,
      html: `<table role="presentation" width="100%"><tr><td style="padding:24px;font-family:sans-serif"><h1 style="color:#1d4ed8">${subject}</h1><p>Hi ${firstName(c)}, members save an extra ${pct}% on the <strong>${product.title}</strong> until Sunday.</p><p><a href="https://northwind.example/p/${product.sku}" style="background:#1d4ed8;color:#fff;padding:8px 16px;text-decoration:none">Shop now</a></p><p style="font-size:11px;color:#666">You receive this email as a Northwind member. <a href="https://northwind.example/unsubscribe">Unsubscribe</a></p></td></tr></table>`,
      messageId: `<${f.string.alphanumeric(20)}@news.northwind.example>`,
    },
  };
}

export function chat(c: BuildContext, ref?: CustomerRef, opening?: string): Draft {
  const { f } = c;
  const topic = topicFor(c);
  const product = f.helpers.arrayElement(PRODUCTS);
  const agent = f.helpers.arrayElement(AGENTS);
  let t = c.at.getTime();
  const at = () => iso(new Date((t += f.number.int({ min: 15_000, max: 120_000 }))));
  const messages = [
    { author: CHAT_BOT, role: 'bot' as const, text: `Hi ${firstName(c)}! How can we help today?`, at: iso(c.at) },
    { author: c.who.name, role: 'customer' as const, text: opening ?? fill(topic.ask, c, product), at: at() },
    { author: agent, role: 'agent' as const, text: `Hi ${firstName(c)}, this is ${agent.split(' ')[0]}. Let me check that for you.`, at: at() },
    { author: agent, role: 'agent' as const, text: opening ? 'Done: both email addresses now point to the same account, so your order history is in one place.' : fill(topic.answer, c, product), at: at() },
    { author: c.who.name, role: 'customer' as const, text: f.helpers.arrayElement(CHAT_CLOSERS), at: at() },
  ];
  return {
    source: 'web-chat',
    channel: 'chat',
    type: 'chat.closed',
    occurredAt: iso(c.at),
    customer: ref ?? { email: emailOf(c), name: c.who.name },
    summary: `Chat with ${agent}: ${opening ? 'linked two accounts' : fill(topic.subject, c, product)}`,
    data: { conversationId: `conv-${f.string.alphanumeric(10)}`, status: 'resolved', messages },
  };
}

export function sms(c: BuildContext): Draft {
  const { f } = c;
  const inbound = f.datatype.boolean({ probability: 0.5 });
  const product = f.helpers.arrayElement(PRODUCTS);
  const body = inbound ? fill(topicFor(c).sms, c, product) : fill(f.helpers.arrayElement(c.lastOrder ? OUTBOUND_SMS : OUTBOUND_SMS.slice(2)), c, product);
  return {
    source: 'twilio-sms',
    channel: 'sms',
    type: inbound ? 'sms.received' : 'sms.sent',
    occurredAt: iso(c.at),
    customer: { phone: anyPhone(c) },
    summary: body,
    data: { direction: inbound ? 'inbound' : 'outbound', body, from: inbound ? c.who.phoneE164 : SUPPORT_SMS, to: inbound ? SUPPORT_SMS : c.who.phoneE164 },
  };
}

export function storeVisit(c: BuildContext): Draft {
  const { f } = c;
  const store = c.who.currency === 'CAD' ? STORES[STORES.length - 1]! : f.helpers.arrayElement(STORES.slice(0, -1));
  const associate = f.helpers.arrayElement(store.associates);
  const visitType = f.helpers.weightedArrayElement([
    { weight: 45, value: 'purchase' },
    { weight: 25, value: 'visit' },
    { weight: 10, value: 'pickup' },
    { weight: 10, value: 'return' },
    { weight: 10, value: 'appointment' },
  ]);
  const base = { storeId: store.id, storeName: store.name, associate, visitType, durationMin: f.number.int({ min: 5, max: 75 }) };
  const receiptNumber = `R-${store.id}-${f.string.numeric(6)}`;
  const common = { source: 'pos', channel: 'store' as const, occurredAt: iso(c.at), customer: storeRef(c) };
  if (visitType === 'purchase' || visitType === 'return') {
    const ls = lines(c, visitType === 'return' ? 1 : 3);
    const { total } = totals(c, ls);
    return {
      ...common,
      type: visitType === 'purchase' ? 'store.purchase' : 'store.return',
      summary: `${visitType === 'purchase' ? 'Bought' : 'Returned'} ${ls.map((l) => l.title).join(', ')} at ${store.name}`,
      data: { ...base, receiptNumber, total, currency: c.who.currency, lines: ls },
    };
  }
  const what = {
    visit: `Browsed at ${store.name} with ${associate}`,
    pickup: `Picked up ${c.lastOrder ?? 'an order'} at ${store.name}`,
    appointment: `${f.helpers.arrayElement(['Boot fitting', 'Pack fitting', 'Tent demo'])} appointment at ${store.name}`,
  }[visitType as 'visit' | 'pickup' | 'appointment'];
  return { ...common, type: `store.${visitType}`, summary: what, data: base };
}

/** An online order and its life: shipped, delivered, sometimes refunded. */
export function onlineOrder(c: BuildContext, ref?: CustomerRef, orderNumber?: string): Draft[] {
  const { f } = c;
  const number = orderNumber ?? c.nextOrderNumber();
  const ls = lines(c, 4);
  const t = totals(c, ls);
  const customer = ref ?? shopRef(c);
  const drafts: Draft[] = [
    {
      source: 'shopify',
      channel: 'purchase',
      type: 'order.created',
      occurredAt: iso(c.at),
      customer,
      summary: `Order ${number}: ${ls.length} item${ls.length > 1 ? 's' : ''}, ${moneyWords(t.total, c.who.currency)}`,
      data: { orderNumber: number, currency: c.who.currency, ...t, lines: ls, status: 'paid' },
    },
  ];
  const shippedAt = later(c.at, f.number.int({ min: 6 * HOUR, max: 3 * DAY }));
  const deliveredAt = later(shippedAt, f.number.int({ min: DAY, max: 5 * DAY }));
  const refundAt = later(deliveredAt, f.number.int({ min: 2 * DAY, max: 20 * DAY }));
  const status = (at: Date, type: string, statusText: string, summary: string, extra: Record<string, unknown> = {}): Draft => ({
    source: 'shopify',
    channel: 'purchase',
    type,
    occurredAt: iso(at),
    customer,
    summary,
    data: { orderNumber: number, status: statusText, ...extra },
  });
  if (shippedAt <= c.now) drafts.push(status(shippedAt, 'order.shipped', 'shipped', `Order ${number} shipped`));
  if (deliveredAt <= c.now) drafts.push(status(deliveredAt, 'order.delivered', 'delivered', `Order ${number} delivered`));
  if (refundAt <= c.now && f.datatype.boolean({ probability: 0.08 })) {
    const line = ls[0]!;
    const amount = money(line.unitPrice * line.quantity);
    drafts.push(status(refundAt, 'order.refunded', 'refunded', `Refund on ${number}: ${line.title}`, { currency: c.who.currency, total: amount, lines: [line] }));
  }
  return drafts;
}

export function webSession(c: BuildContext): Draft {
  const { f } = c;
  const pages = f.helpers.arrayElements(PRODUCTS, { min: 1, max: 5 }).map((p) => `/p/${p.sku}`);
  return {
    source: 'web-analytics',
    channel: 'web',
    type: 'web.session',
    occurredAt: iso(c.at),
    customer: { email: emailOf(c) },
    summary: `Browsed ${pages.length} product page${pages.length > 1 ? 's' : ''} on ${f.helpers.arrayElement(['desktop', 'mobile', 'tablet'])}`,
    data: { pages, durationSec: f.number.int({ min: 20, max: 1800 }) },
  };
}

export function note(c: BuildContext): Draft {
  const { f } = c;
  const text = f.helpers.arrayElement(NOTES);
  const author = f.helpers.arrayElement(AGENTS);
  return { source: 'console', channel: 'note', type: 'note.added', occurredAt: iso(c.at), customer: { email: c.who.emails[0]! }, summary: text, data: { author, text } };
}

/** First contact: the online account, created with the primary email and phone (and card, when not fragmented). */
export function signup(c: BuildContext): Draft {
  const ref: CustomerRef = { email: c.who.emails[0]!, phone: anyPhone(c), externalIds: { shopify: c.who.shopifyIds[0]! }, name: c.who.name };
  if (c.who.loyaltyId && !c.who.fragmented) ref.loyaltyId = c.who.loyaltyId;
  return { source: 'shopify', channel: 'web', type: 'account.created', occurredAt: iso(c.at), customer: ref, summary: 'Created an online account', data: { marketingOptIn: c.f.datatype.boolean() } };
}
