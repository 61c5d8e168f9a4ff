/*
 * Recent situations for the demo personas, placed just before `now`, so the console's recommended
 * next actions have something to say on a fresh demo (docs/actions.md). Deterministic: no randomness,
 * only offsets from `now`.
 */
import type { Draft } from './builders.js';
import type { DemoIdentity } from './identity.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function personaSituations(who: DemoIdentity, now: Date): Draft[] {
  const at = (ago: number) => new Date(now.getTime() - ago).toISOString();
  const email = who.emails[0]!;
  const phone = { phone: who.phoneE164 };
  const shop = { email, name: who.name };
  switch (who.index) {
    case 0: {
      // Maya: a late order and three increasingly angry calls -> escalate / proactive delivery update / goodwill credit.
      const order = '#5010';
      return [
        { source: 'shopify', channel: 'purchase', type: 'order.created', occurredAt: at(9 * DAY), customer: shop, summary: `Order ${order}: 1 item, 189.00 USD`, data: { orderNumber: order, currency: 'USD', subtotal: 189, discount: 0, tax: 0, total: 189, lines: [{ sku: 'RDG-JKT-M', title: 'Ridgeline rain jacket', quantity: 1, unitPrice: 189 }], status: 'paid' } },
        { source: 'shopify', channel: 'purchase', type: 'order.shipped', occurredAt: at(8 * DAY), customer: shop, summary: `Order ${order} shipped`, data: { orderNumber: order, status: 'shipped', expectedDeliveryAt: at(3 * DAY) } },
        { source: 'twilio-voice', channel: 'phone', type: 'call.completed', occurredAt: at(3 * DAY), customer: phone, summary: `Inbound call (4m 10s): Where is order ${order}? It was supposed to arrive days ago, frustrated.`, data: { direction: 'inbound', durationSec: 250, outcome: 'answered', agent: 'Sam Ortiz' } },
        { source: 'twilio-voice', channel: 'phone', type: 'call.completed', occurredAt: at(DAY), customer: phone, summary: `Inbound call (6m 02s): Order ${order} still late, tracking not updated; disappointed.`, data: { direction: 'inbound', durationSec: 362, outcome: 'answered', agent: 'Jordan Lee' } },
        { source: 'twilio-voice', channel: 'phone', type: 'call.completed', occurredAt: at(2 * HOUR), customer: phone, summary: `Inbound call (3m 30s): Third time calling about ${order}, this is ridiculous and unacceptable; asked for a manager.`, data: { direction: 'inbound', durationSec: 210, outcome: 'answered', agent: 'Riley Patel' } },
      ];
    }
    case 1: {
      // Daniel: bought at full price yesterday -> suppress promotions (and no promo actions).
      const order = '#5011';
      return [
        { source: 'shopify', channel: 'purchase', type: 'order.created', occurredAt: at(22 * HOUR), customer: shop, summary: `Order ${order}: 1 item, 349.00 USD`, data: { orderNumber: order, currency: 'USD', subtotal: 349, discount: 0, tax: 0, total: 349, lines: [{ sku: 'ALP-TENT-2', title: 'Alpine 2-person tent', quantity: 1, unitPrice: 349 }], status: 'paid' } },
      ];
    }
    case 2:
      // Sofia: an abandoned cart and an unanswered email -> cart reminder, reply now.
      return [
        { source: 'shopify', channel: 'web', type: 'consent.marketing_opt_in', occurredAt: at(30 * DAY), customer: { email }, summary: 'Opted in to marketing email', data: { channels: ['email'] } },
        { source: 'web-analytics', channel: 'web', type: 'cart.abandoned', occurredAt: at(26 * HOUR), customer: { email }, summary: 'Left a cart: Carbon trekking poles', data: { lines: [{ sku: 'TRK-POLE-CF', title: 'Carbon trekking poles', quantity: 1, unitPrice: 129 }] } },
        { source: 'helpdesk-email', channel: 'email', type: 'email.received', occurredAt: at(3 * HOUR), customer: shop, summary: 'Do the trekking poles fold small enough for a carry-on?', data: { direction: 'inbound', subject: 'Trekking poles question', from: email, to: ['support@northwind.example'], text: 'Hello,\n\nDo the carbon trekking poles fold small enough for a carry-on?\n\nThanks,\n' + who.name } },
      ];
    case 3:
      // James: opted out of marketing but still got a campaign; in a store right now -> suppress promotions, hold notifications.
      return [
        { source: 'shopify', channel: 'web', type: 'consent.marketing_opt_out', occurredAt: at(12 * DAY), customer: { email }, summary: 'Opted out of marketing email and SMS', data: { channels: ['email', 'sms'] } },
        { source: 'marketing-email', channel: 'email', type: 'email.campaign', occurredAt: at(2 * DAY), customer: { email }, summary: '20% off Waterproof hiking boots this weekend', data: { direction: 'outbound', subject: '20% off Waterproof hiking boots this weekend', from: 'news@northwind.example', to: [email], text: '20% off this weekend.' } },
        { source: 'pos', channel: 'store', type: 'store.visit', occurredAt: at(20 * MIN), customer: { loyaltyId: who.loyaltyId!, name: who.name }, summary: 'Checked in at Boston – Back Bay', data: { storeId: 'BOS-BACK', storeName: 'Boston – Back Bay', associate: 'Erin Walsh', visitType: 'visit' } },
      ];
    default:
      return [];
  }
}
