import { z } from 'zod';

/*
 * Typed shapes of `data` per channel. Ingest keeps `data` open (connectors add fields);
 * the renderer safe-parses these to render rich items and falls back to key/value otherwise.
 */

export const DirectionSchema = z.enum(['inbound', 'outbound']);

export const PhoneDataSchema = z.object({
  direction: DirectionSchema.optional(),
  durationSec: z.number().nonnegative().optional(),
  outcome: z.string().optional(), // answered | missed | voicemail | busy | failed | completed
  agent: z.string().optional(),
  recordingUrl: z.string().optional(),
  statuses: z.array(z.object({ status: z.string(), at: z.string() })).optional(),
});
export type PhoneData = z.infer<typeof PhoneDataSchema>;

export const EmailDataSchema = z.object({
  direction: DirectionSchema.optional(),
  subject: z.string().optional(),
  from: z.string().optional(),
  to: z.array(z.string()).or(z.string()).optional(),
  text: z.string().optional(),
  /** Untrusted HTML: sanitize with DOMPurify and show in a sandboxed iframe only. */
  html: z.string().optional(),
  messageId: z.string().optional(),
  inReplyTo: z.string().optional(),
  threadId: z.string().optional(),
  attachments: z
    .array(
      z.object({
        filename: z.string(),
        contentType: z.string().optional(),
        size: z.number().optional(),
        /** Content address of the kept bytes: `GET /api/v1/emails/:eventId/attachments/:sha256`. */
        sha256: z.string().optional(),
        /** False when only the metadata was kept (too large, no attachments directory). */
        stored: z.boolean().optional(),
        /** A part of the HTML body (`<img src="cid:…">`) rather than a file sent alongside. */
        inline: z.boolean().optional(),
        /** `<id@host>` as the sender wrote it; the HTML refers to it as `cid:id@host`. */
        contentId: z.string().optional(),
      }),
    )
    .optional(),
});
export type EmailData = z.infer<typeof EmailDataSchema>;

export const ChatMessageSchema = z.object({
  author: z.string(),
  role: z.enum(['customer', 'agent', 'bot']).optional(),
  text: z.string(),
  at: z.string().optional(),
});
export const ChatDataSchema = z.object({
  conversationId: z.string().optional(),
  messages: z.array(ChatMessageSchema).optional(),
  status: z.string().optional(),
});
export type ChatData = z.infer<typeof ChatDataSchema>;

export const SmsDataSchema = z.object({ direction: DirectionSchema.optional(), body: z.string().optional(), from: z.string().optional(), to: z.string().optional() });
export type SmsData = z.infer<typeof SmsDataSchema>;

export const OrderLineSchema = z.object({
  sku: z.string().optional(),
  title: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

/** Purchases, refunds and store receipts. `total` is signed by `type`: refunds/returns subtract. */
export const PurchaseDataSchema = z.object({
  orderNumber: z.string().optional(),
  currency: z.string().length(3).optional(),
  total: z.number().optional(),
  subtotal: z.number().optional(),
  tax: z.number().optional(),
  discount: z.number().optional(),
  lines: z.array(OrderLineSchema).optional(),
  status: z.string().optional(),
  storeId: z.string().optional(),
});
export type PurchaseData = z.infer<typeof PurchaseDataSchema>;

export const StoreDataSchema = z.object({
  storeId: z.string().optional(),
  storeName: z.string().optional(),
  associate: z.string().optional(),
  visitType: z.string().optional(), // visit | pickup | return | appointment
  durationMin: z.number().optional(),
  receiptNumber: z.string().optional(),
  total: z.number().optional(),
  currency: z.string().optional(),
  lines: z.array(OrderLineSchema).optional(),
});
export type StoreData = z.infer<typeof StoreDataSchema>;

const REFUND_TYPES = /refund|return|cancel/i;

/**
 * How much an event moves lifetime spend, in its currency; null when it carries no money.
 * One rule shared by the hub (stats) and the renderer (display).
 */
/** Larger totals are not money anyone spent (a typo or hostile input): kept on the event, never summed, so stored micro-unit sums stay exact integers. */
export const MAX_MONEY_AMOUNT = 1e10;

export function spendDelta(channel: string, type: string, data: Record<string, unknown> | undefined): { amount: number; currency: string } | null {
  if (channel !== 'purchase' && channel !== 'store') return null;
  const total = data?.['total'];
  if (typeof total !== 'number' || !Number.isFinite(total) || Math.abs(total) > MAX_MONEY_AMOUNT) return null;
  const currency = typeof data?.['currency'] === 'string' ? (data['currency'] as string).toUpperCase() : 'USD';
  const amount = REFUND_TYPES.test(type) ? -Math.abs(total) : total;
  return { amount, currency };
}
