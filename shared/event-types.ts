/*
 * The event-type vocabulary: every `type` a connector writes, and the generic types the events API
 * documents, each with what it means. Connectors import their type names from here; readers (the
 * next-action engine, and whoever comes next) classify a type with `classifyEventType` instead of
 * matching strings. Types outside the vocabulary are still accepted by POST /api/v1/events (it is a
 * generic API), but classify as `unknown` so readers can ignore them explicitly.
 */

/** What an event is about, independent of which connector spelled it. */
export const EVENT_CATEGORIES = [
  'purchase', // money spent: an online order or a store sale
  'refund', // money given back (closes an open return)
  'cancel', // an order called off
  'return_open', // a return or refund asked for, not done yet
  'return_closed', // a return received or closed (closes an open return)
  'cart', // items left in a cart or an unfinished checkout
  'checkout_completed', // a checkout that became an order
  'shipment', // shipped / in transit
  'shipment_delayed', // the carrier reports a delay or a delivery exception
  'shipment_delivered', // delivered
  'call', // a phone call (direction and outcome in data)
  'sms', // a text message (direction in data)
  'email', // an email to or from the customer (direction in data)
  'email_campaign', // a marketing email
  'email_auto', // an auto-submitted email (bounce, out-of-office): nobody's words
  'chat', // a chat conversation (messages in data)
  'social', // a social media thread or message
  'store_visit', // the customer is or was in a store
  'store_pickup', // an online order picked up in a store (a visit and a delivery)
  'store_exit', // the customer left the store
  'out_of_stock', // what the customer wanted is out of stock
  'consent_opt_out', // no more marketing
  'consent_opt_in', // marketing allowed again
  'account_created', // an online account was opened (data.marketingOptIn)
  'account_updated', // profile details changed
  'conversation_closed', // a ticket / conversation was closed (data.channel)
  'note', // an agent's note
  'action_executed', // a next action executed from the console (data.actionKind)
  'web_activity', // browsing sessions, page views
  'identity', // identifiers learned mid-conversation (chat.identified)
  'unknown', // not in the vocabulary: accepted, but readers ignore it
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export interface EventTypeEntry {
  category: EventCategory;
  /** One line for docs and debugging. */
  meaning: string;
  /** The connector writes a machine summary (status line), not anyone's words. */
  generatedSummary?: true;
  /** When the type itself says who reached whom (otherwise read data.direction). */
  direction?: 'inbound' | 'outbound';
}

/** Type names the project's connectors write. Import these instead of spelling strings. */
export const EVENT_TYPE = {
  order: 'order',
  refund: 'refund',
  fulfillment: 'fulfillment',
  cartAbandoned: 'cart.abandoned',
  checkoutCompleted: 'checkout.completed',
  accountCreated: 'account.created',
  accountUpdated: 'account.updated',
  callInbound: 'call.inbound',
  callOutbound: 'call.outbound',
  smsInbound: 'sms.inbound',
  smsOutbound: 'sms.outbound',
  emailReceived: 'email.received',
  emailAuto: 'email.auto',
  chatConversation: 'chat.conversation',
  chatIdentified: 'chat.identified',
  storePurchase: 'store.purchase',
  storeReturn: 'store.return',
  storePickup: 'store.pickup',
  /** A store check-in from the counter ("Start visit"); see shared/counter.ts StoreVisitDataSchema. */
  storeCheckIn: 'store.checkin',
  /** The visit closed from the counter ("End visit"): same data.visitId as its check-in. */
  storeCheckOut: 'store.exit',
  socialThread: 'social.thread',
  /** Twilio <Enqueue> callbacks of one call in one queue (data.queueId, data.queueResult, data.queueTimeSec): voice waits for the floor (server/metrics). */
  callQueue: 'call.queue',
  /** A satisfaction rating (data.rating 1..5, data.conversationId, data.queueId): CSAT on the floor (server/metrics). */
  csatRating: 'survey.csat',
  /** A call an agent logged on a conversation (issue 12, server/call-logs; shared/call-log.ts): data.direction, data.outcome in the call vocabulary, data.callOutcome, data.notes. */
  callLogged: 'call.logged',
} as const;
export type ConnectorEventType = (typeof EVENT_TYPE)[keyof typeof EVENT_TYPE];

const e = (category: EventCategory, meaning: string, extra: Omit<EventTypeEntry, 'category' | 'meaning'> = {}): EventTypeEntry => ({ category, meaning, ...extra });

/** Every known type. Connector types first (EVENT_TYPE), then the generic events-API types. */
export const EVENT_VOCABULARY: Readonly<Record<string, EventTypeEntry>> = {
  // Shopify
  [EVENT_TYPE.order]: e('purchase', 'Shopify order (one item per order; data.status, data.fulfillments and data.refunds follow later deliveries)'),
  [EVENT_TYPE.refund]: e('refund', 'refund on an order (Shopify refund, cancelled UCI invoice): spend goes down'),
  [EVENT_TYPE.fulfillment]: e('shipment', 'Shopify fulfillment for an order the hub has not seen (data.status: shipment status)'),
  [EVENT_TYPE.cartAbandoned]: e('cart', 'checkout started and not completed (Shopify checkouts/create, checkouts/update)'),
  [EVENT_TYPE.checkoutCompleted]: e('checkout_completed', 'checkout completed: the cart became an order'),
  [EVENT_TYPE.accountCreated]: e('account_created', 'online account created (data.marketingOptIn)'),
  [EVENT_TYPE.accountUpdated]: e('account_updated', 'online account details changed'),
  // Twilio
  [EVENT_TYPE.callInbound]: e('call', 'Twilio call status record, customer called us (data.status, data.outcome)', { generatedSummary: true, direction: 'inbound' }),
  [EVENT_TYPE.callOutbound]: e('call', 'Twilio call status record, we called the customer', { generatedSummary: true, direction: 'outbound' }),
  // Console (server/call-logs): direction in data; data.outcome answered / voicemail / missed / busy / failed like any call.
  [EVENT_TYPE.callLogged]: e('call', 'call logged by an agent on a conversation (data.direction, data.outcome, data.callOutcome, data.notes, data.callbackAt)', { generatedSummary: true }),
  [EVENT_TYPE.smsInbound]: e('sms', 'Twilio SMS/WhatsApp from the customer (data.body)', { generatedSummary: true, direction: 'inbound' }),
  // Queue steps and ratings are read by the floor metrics only; other readers ignore them (category unknown).
  [EVENT_TYPE.callQueue]: e('unknown', 'Twilio queue callback of a call: enqueued, waiting, dequeued (data.queueResult bridged / hangup / redirected, data.queueTimeSec)', { generatedSummary: true }),
  [EVENT_TYPE.csatRating]: e('unknown', 'customer satisfaction rating 1..5 (data.rating, data.conversationId)'),
  [EVENT_TYPE.smsOutbound]: e('sms', 'Twilio SMS/WhatsApp to the customer (status callbacks)', { generatedSummary: true, direction: 'outbound' }),
  // Email, SendGrid
  [EVENT_TYPE.emailReceived]: e('email', 'email from the customer (raw RFC 822 or SendGrid Inbound Parse)', { direction: 'inbound' }),
  [EVENT_TYPE.emailAuto]: e('email_auto', 'auto-submitted email (bounce, out-of-office): not the customer writing'),
  // Chat, social (chat connector, ABCD and TWCS imports)
  [EVENT_TYPE.chatConversation]: e('chat', 'chat conversation that grows live (data.messages, data.status)'),
  [EVENT_TYPE.chatIdentified]: e('identity', 'chat visitor gave another identifier mid-conversation'),
  [EVENT_TYPE.socialThread]: e('social', 'social media thread (data.messages)'),
  // POS
  [EVENT_TYPE.storePurchase]: e('purchase', 'store sale (POS receipt)'),
  [EVENT_TYPE.storeReturn]: e('refund', 'store return (POS): money back'),
  [EVENT_TYPE.storePickup]: e('store_pickup', 'online order picked up in a store (data.orderNumber)'),

  // Generic events-API types (docs/actions.md, the demo data, other integrations)
  'order.created': e('purchase', 'order placed'),
  'order.placed': e('purchase', 'order placed'),
  'order.paid': e('purchase', 'order paid'),
  'purchase.completed': e('purchase', 'purchase completed'),
  'order.refunded': e('refund', 'order refunded'),
  'refund.completed': e('refund', 'refund paid out'),
  'refund.issued': e('refund', 'refund paid out'),
  'order.cancelled': e('cancel', 'order cancelled'),
  'order.canceled': e('cancel', 'order cancelled'),
  'return.requested': e('return_open', 'return requested'),
  'return.started': e('return_open', 'return started'),
  'return.opened': e('return_open', 'return opened'),
  'return.pending': e('return_open', 'return pending'),
  'refund.requested': e('return_open', 'refund requested'),
  'refund.pending': e('return_open', 'refund pending'),
  'return.completed': e('return_closed', 'return completed'),
  'return.received': e('return_closed', 'returned goods received'),
  'return.closed': e('return_closed', 'return closed'),
  'cart.created': e('cart', 'cart created'),
  'cart.updated': e('cart', 'cart updated'),
  'checkout.started': e('cart', 'checkout started'),
  'checkout.created': e('cart', 'checkout created'),
  'checkout.updated': e('cart', 'checkout updated'),
  'checkout.abandoned': e('cart', 'checkout abandoned'),
  'order.shipped': e('shipment', 'order shipped (data.expectedDeliveryAt)'),
  'order.fulfilled': e('shipment', 'order fulfilled (handed to the carrier)'),
  'order.delayed': e('shipment_delayed', 'order delayed'),
  'delivery.delayed': e('shipment_delayed', 'delivery delayed by the carrier'),
  'delivery.exception': e('shipment_delayed', 'carrier delivery exception'),
  'order.delivered': e('shipment_delivered', 'order delivered'),
  'delivery.delivered': e('shipment_delivered', 'delivered'),
  'call.completed': e('call', 'phone call that took place (data.direction, data.transcript or notes in summary)'),
  'call.answered': e('call', 'phone call answered'),
  'call.missed': e('call', 'missed call, nobody answered'),
  'call.voicemail': e('call', 'call went to voicemail'),
  'call.busy': e('call', 'call got a busy line'),
  'call.failed': e('call', 'call failed'),
  'sms.received': e('sms', 'text message from the customer', { direction: 'inbound' }),
  'sms.sent': e('sms', 'text message to the customer', { direction: 'outbound' }),
  'email.sent': e('email', 'email to the customer (an agent reply)', { direction: 'outbound' }),
  'email.campaign': e('email_campaign', 'marketing email', { direction: 'outbound' }),
  'chat.closed': e('chat', 'chat conversation, finished (data.messages)'),
  'chat.message': e('chat', 'chat message(s)'),
  'chat.started': e('chat', 'chat started'),
  'social.message': e('social', 'social media message'),
  'store.visit': e('store_visit', 'store check-in (data.storeId)'),
  'store.checkin': e('store_visit', 'store check-in (data.storeId)'),
  'store.appointment': e('store_visit', 'store appointment'),
  'store.exit': e('store_exit', 'left the store'),
  'store.exited': e('store_exit', 'left the store'),
  'store.left': e('store_exit', 'left the store'),
  'store.checkout_complete': e('store_exit', 'paid and left the store'),
  'inventory.out_of_stock': e('out_of_stock', 'item out of stock (data.storeId, data.title)'),
  'store.out_of_stock': e('out_of_stock', 'item out of stock in a store'),
  'product.out_of_stock': e('out_of_stock', 'product out of stock'),
  'consent.marketing_opt_out': e('consent_opt_out', 'opted out of marketing'),
  'email.unsubscribed': e('consent_opt_out', 'unsubscribed from marketing email'),
  'sms.opted_out': e('consent_opt_out', 'opted out of marketing SMS'),
  'consent.marketing_opt_in': e('consent_opt_in', 'opted in to marketing'),
  'conversation.closed': e('conversation_closed', 'conversation closed (data.channel)'),
  'chat.resolved': e('conversation_closed', 'chat resolved'),
  'ticket.closed': e('conversation_closed', 'ticket closed'),
  'ticket.solved': e('conversation_closed', 'ticket solved'),
  'note.added': e('note', "an agent's note"),
  note: e('note', "an agent's note"),
  'web.session': e('web_activity', 'browsing session'),
  'web.pageview': e('web_activity', 'page view'),
};

/** Families where any suffix is a known state (docs/actions.md: "every shipment.* counts"). */
function familyOf(type: string): EventTypeEntry | null {
  const dot = type.indexOf('.');
  if (dot <= 0) return null;
  const head = type.slice(0, dot);
  const tail = type.slice(dot + 1);
  if (head === 'shipment' || head === 'delivery') {
    if (/^(delivered|picked_up)$/.test(tail)) return e('shipment_delivered', `${head} ${tail}`);
    if (/^(delayed|exception|failed|failure|attempted_delivery|returned_to_sender|lost)$/.test(tail)) return e('shipment_delayed', `${head} ${tail}`);
    return e('shipment', `${head} ${tail.replace(/_/g, ' ')}`);
  }
  if (head === 'action') return e('action_executed', `next action executed from the console (creates ${tail})`);
  if (head === 'call') return e('call', `phone call, ${tail.replace(/_/g, ' ')}`);
  return null;
}

export interface EventMeaning extends EventTypeEntry {
  type: string;
  /** In the vocabulary (exactly or by family). */
  known: boolean;
}

const UNKNOWN = (type: string): EventMeaning => ({ type, category: 'unknown', meaning: 'not in the vocabulary', known: false });

/** What a stored event type means. Case-sensitive, like the stored types. */
export function classifyEventType(type: string): EventMeaning {
  const exact = Object.prototype.hasOwnProperty.call(EVENT_VOCABULARY, type) ? EVENT_VOCABULARY[type] : undefined;
  if (exact) return { type, known: true, ...exact };
  const family = familyOf(type);
  return family ? { type, known: true, ...family } : UNKNOWN(type);
}

/** Chat statuses (data.status, any letter case) that end a chat: nobody is waiting for an answer any more. */
export const CLOSED_CHAT_STATUSES: ReadonlySet<string> = new Set(['resolved', 'closed']);

/** Call outcomes (data.outcome, or the `call.<outcome>` type when data has none) where nobody picked up. */
export const UNANSWERED_CALL_OUTCOMES: ReadonlySet<string> = new Set(['missed', 'voicemail', 'busy', 'failed']);

/** A chat whose status says it is over. */
export function isClosedChatStatus(status: string | undefined): boolean {
  return status !== undefined && CLOSED_CHAT_STATUSES.has(status.toLowerCase());
}

/** A call someone answered: its outcome (data.outcome, else the type's suffix, else answered) is not an unanswered one. */
export function isAnsweredCall(type: string, outcome: string | undefined): boolean {
  if (outcome !== undefined) return !UNANSWERED_CALL_OUTCOMES.has(outcome);
  return !(type.startsWith('call.') && UNANSWERED_CALL_OUTCOMES.has(type.slice('call.'.length)));
}
