import { z } from 'zod';

/*
 * Connectors (webhooks from Shopify, Twilio, email, chat, POS) and the dead letters they leave
 * when a delivery cannot be ingested. Admin-only views; the renderer zod-parses these.
 */

export const CONNECTOR_NAMES = ['events', 'shopify', 'twilio-voice', 'twilio-messaging', 'email', 'sendgrid', 'chat', 'pos'] as const;
export const ConnectorNameSchema = z.enum(CONNECTOR_NAMES);
export type ConnectorName = z.infer<typeof ConnectorNameSchema>;

export const DEAD_LETTER_STATUSES = ['open', 'resolved'] as const;
export const DeadLetterStatusSchema = z.enum(DEAD_LETTER_STATUSES);
export type DeadLetterStatus = z.infer<typeof DeadLetterStatusSchema>;

/** One delivery the hub could not ingest, kept whole so it can be replayed. */
export const DeadLetterSchema = z.object({
  id: z.string(),
  connector: z.string(),
  status: DeadLetterStatusSchema,
  /** HTTP status the sender was answered with. */
  httpStatus: z.number().int(),
  reason: z.string(),
  /** Request headers as received, Authorization values removed. */
  headers: z.record(z.string(), z.string()),
  /** Path + query string (ingest keys removed). */
  url: z.string(),
  contentType: z.string().nullable(),
  /** Raw body, base64 (exact bytes: signatures are computed over them). */
  bodyBase64: z.string(),
  bodyBytes: z.number().int().nonnegative(),
  /** Lists carry only the first 16 KiB of base64; GET /api/v1/dead-letters/:id has the whole body. */
  bodyTruncated: z.boolean().optional(),
  receivedAt: z.string(),
  attempts: z.number().int().nonnegative(),
  lastAttemptAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export const DeadLetterListQuerySchema = z.object({
  status: DeadLetterStatusSchema.optional(),
  connector: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 500').max(500, 'limit must be between 1 and 500').default(100),
});
export type DeadLetterListQuery = z.infer<typeof DeadLetterListQuerySchema>;

export const DeadLetterListSchema = z.object({ deadLetters: z.array(DeadLetterSchema) });
export type DeadLetterList = z.infer<typeof DeadLetterListSchema>;

/** Result of one connector delivery: like ingest results, plus `updated` for upserted items (a call's next status). */
export const ConnectorResultSchema = z.object({
  sourceEventId: z.string(),
  status: z.enum(['created', 'duplicate', 'updated']),
  eventId: z.string(),
  customerId: z.string(),
});
export type ConnectorResult = z.infer<typeof ConnectorResultSchema>;
export const ConnectorResponseSchema = z.object({
  results: z.array(ConnectorResultSchema),
  /** Set when the delivery was accepted but carries nothing for a timeline (e.g. an unsupported topic). */
  ignored: z.string().optional(),
  /** Set when the delivery was accepted and kept until what it attaches to arrives (a refund before its order); applied then. */
  held: z.string().optional(),
  /** Set when the delivery was a request the hub acted on itself (a Shopify privacy webhook: erasure, data request). */
  handled: z.string().optional(),
});
export type ConnectorResponse = z.infer<typeof ConnectorResponseSchema>;

export const ReplayResponseSchema = z.object({ deadLetter: DeadLetterSchema, ok: z.boolean(), response: ConnectorResponseSchema.nullable(), error: z.string().nullable() });
export type ReplayResponse = z.infer<typeof ReplayResponseSchema>;

/** Per connector: last delivery and counters (admin status page). */
export const ConnectorStatusSchema = z.object({
  connector: z.string(),
  lastDeliveryAt: z.string().nullable(),
  lastOkAt: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastError: z.string().nullable(),
  okCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  openDeadLetters: z.number().int().nonnegative(),
});
export type ConnectorStatus = z.infer<typeof ConnectorStatusSchema>;
export const ConnectorStatusListSchema = z.object({ connectors: z.array(ConnectorStatusSchema) });
export type ConnectorStatusList = z.infer<typeof ConnectorStatusListSchema>;
