import type { IngestEvent } from '../../shared/index.js';
import type { uniqueCustomer } from './hub-api.js';

type Who = ReturnType<typeof uniqueCustomer>;
let n = 0;
const id = (tag: string) => `e2e-${tag}-${Date.now()}-${n++}`;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export function callEvent(who: Who, minutesAgo = 30): IngestEvent {
  return {
    source: 'e2e',
    sourceEventId: id('call'),
    channel: 'phone',
    type: 'call.completed',
    occurredAt: ago(minutesAgo),
    customer: { phone: who.phoneFormatted, name: who.name },
    summary: 'Inbound call about a late delivery',
    data: { direction: 'inbound', durationSec: 245, outcome: 'answered', agent: 'Sam Ortiz' },
  };
}

/** Hostile HTML on purpose: the console must sanitize it and show it in a sandboxed iframe. */
export function emailEvent(who: Who, minutesAgo = 20): IngestEvent {
  return {
    source: 'e2e',
    sourceEventId: id('email'),
    channel: 'email',
    type: 'email.received',
    occurredAt: ago(minutesAgo),
    customer: { email: who.email.toUpperCase(), phone: who.phoneE164 },
    summary: 'Where is my order?',
    data: {
      direction: 'inbound',
      subject: 'Where is my order?',
      from: who.email,
      to: ['support@omni.example'],
      text: 'Hi, my order has not arrived yet.',
      html: '<p id="greeting">Hi, my order has <b>not arrived</b> yet.</p><script>window.parent.pwned = true</script><img src="https://tracker.example/pixel.gif" onerror="window.parent.pwned=true">',
    },
  };
}

export function orderEvent(who: Who, orderNumber: string, minutesAgo = 60 * 24 * 3): IngestEvent {
  return {
    source: 'e2e',
    sourceEventId: id('order'),
    channel: 'purchase',
    type: 'order.created',
    occurredAt: ago(minutesAgo),
    customer: { email: who.email, loyaltyId: who.loyaltyId },
    summary: `Order ${orderNumber}`,
    data: {
      orderNumber,
      currency: 'USD',
      total: 129.5,
      lines: [
        { sku: 'TRAIL-42', title: 'Trail runner shoes', quantity: 1, unitPrice: 119.5 },
        { sku: 'SOCK-3', title: 'Wool socks', quantity: 1, unitPrice: 10 },
      ],
      status: 'paid',
    },
  };
}

export function smsEvent(who: Who, body: string): IngestEvent {
  return {
    source: 'e2e',
    sourceEventId: id('sms'),
    channel: 'sms',
    type: 'sms.received',
    occurredAt: new Date().toISOString(),
    customer: { phone: who.phoneE164 },
    summary: body,
    data: { direction: 'inbound', body },
  };
}
