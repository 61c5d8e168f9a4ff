import { z } from 'zod';
import { IdempotencyKeySchema } from './outbound.js';
import { storable } from './storable-text.js';

/*
 * The web chat widget (issue 12): what a customer's browser sends over the `/widget` socket.io namespace and
 * what it gets back. The widget never sees console events; each socket reaches only its own chat.
 */

export const WIDGET_NAMESPACE = '/widget';
export const MAX_WIDGET_TEXT = 4000;

/** Handshake `auth`: a returning browser names its chat and proves it with the token it was given; a new one may identify. */
export const WidgetAuthSchema = z
  .object({
    chatId: z.string().regex(/^wch_[0-9A-Z]{26}$/, 'not a chat id').optional(),
    token: z.string().min(20).max(100).optional(),
    email: storable(z.string().trim().max(320)).optional(),
    phone: storable(z.string().trim().max(64)).optional(),
    name: storable(z.string().trim().max(120)).optional(),
    /** Last message sequence this page has shown: newer ones are replayed on connect. */
    lastSeq: z.number().int().nonnegative().optional(),
  })
  .strict();
export type WidgetAuth = z.infer<typeof WidgetAuthSchema>;

const text = storable(z.string().max(MAX_WIDGET_TEXT, `must be at most ${MAX_WIDGET_TEXT} characters`)).refine((s) => s.trim() !== '', 'must not be empty');

/** Customer -> hub: one message; `clientId` is made once per message by the page, so a resend after a reload is the same message. */
export const WidgetSendSchema = z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientId must be 8-64 letters, digits, _ or -'), text }).strict();
export type WidgetSend = z.infer<typeof WidgetSendSchema>;
export const WidgetTypingSchema = z.object({ typing: z.boolean() }).strict();

/** Customer -> hub mid-chat: the visitor gives an email or phone (or a name); the chat's customer is identified or merged the usual way. */
export const WidgetIdentifySchema = z
  .object({
    email: storable(z.string().trim().min(3).max(320)).optional(),
    phone: storable(z.string().trim().min(3).max(64)).optional(),
    name: storable(z.string().trim().min(1).max(120)).optional(),
  })
  .strict()
  .refine((v) => v.email !== undefined || v.phone !== undefined || v.name !== undefined, { message: 'give an email, a phone or a name', path: ['email'] });
export type WidgetIdentify = z.infer<typeof WidgetIdentifySchema>;
export const WidgetIdentifyAckSchema = z.union([z.object({ ok: z.literal(true), identified: z.array(z.enum(['email', 'phone', 'name'])) }), z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) })]);
export type WidgetIdentifyAck = z.infer<typeof WidgetIdentifyAckSchema>;

export const WidgetMessageSchema = z.object({
  seq: z.number().int().positive(),
  clientId: z.string(),
  from: z.enum(['customer', 'agent']),
  /** Display name of the author (the agent's name; the visitor's own name or "You"). */
  author: z.string(),
  text: z.string(),
  at: z.string(),
});
export type WidgetMessage = z.infer<typeof WidgetMessageSchema>;

/** Hub -> widget on connect: the chat (kept by the page for the next visit) and the messages after lastSeq. */
export const WidgetWelcomeSchema = z.object({ chatId: z.string(), token: z.string(), messages: z.array(WidgetMessageSchema) });
export type WidgetWelcome = z.infer<typeof WidgetWelcomeSchema>;
export const WidgetSendAckSchema = z.union([z.object({ ok: z.literal(true), message: WidgetMessageSchema }), z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) })]);
export type WidgetSendAck = z.infer<typeof WidgetSendAckSchema>;

/** Agent -> customer on a chat conversation: through the outbox, pushed to the widget. */
export const CreateChatReplySchema = z.object({ idempotencyKey: IdempotencyKeySchema, text }).strict();
export type CreateChatReply = z.infer<typeof CreateChatReplySchema>;
export const ChatReplyResultSchema = z.object({ message: WidgetMessageSchema, outboxId: z.string(), duplicate: z.boolean() });
export type ChatReplyResult = z.infer<typeof ChatReplyResultSchema>;
export const ChatTypingSchema = z.object({ typing: z.boolean() }).strict();

/** Hub -> console (customer room): the visitor is typing in the widget. */
export const WidgetTypingEventSchema = z.object({ customerId: z.string(), conversationId: z.string().nullable(), chatId: z.string(), typing: z.boolean() });
export type WidgetTypingEvent = z.infer<typeof WidgetTypingEventSchema>;

/**
 * Hub -> widget: an agent reply shown before its commit is durable (validated, id fixed), so the visitor reads it
 * without waiting for the fsync. The page keeps it as an unnumbered bubble keyed by clientId until the numbered
 * `widget:message` with the same clientId replaces it; `widget:retract` (the write failed) or a reconnect (the
 * welcome's history is the durable truth) drops it. The agent's request is still answered only once durable.
 */
export const WidgetPreviewSchema = z.object({ clientId: z.string(), from: z.enum(['customer', 'agent']), author: z.string(), text: z.string(), at: z.string() });
export type WidgetPreview = z.infer<typeof WidgetPreviewSchema>;

/** Hub -> console (customer room): a visitor's message before its commit is durable; the chat item's message of the same id replaces it. */
export const WidgetMessagePreviewEventSchema = z.object({
  customerId: z.string(),
  chatId: z.string(),
  message: z.object({ id: z.string(), author: z.string(), role: z.literal('customer'), text: z.string(), at: z.string() }),
});
export type WidgetMessagePreviewEvent = z.infer<typeof WidgetMessagePreviewEventSchema>;

/** Hub -> console (customer room): that preview's write failed; the console drops it unless the stored item has it. */
export const WidgetMessageRetractEventSchema = z.object({ customerId: z.string(), chatId: z.string(), messageId: z.string() });
export type WidgetMessageRetractEvent = z.infer<typeof WidgetMessageRetractEventSchema>;
