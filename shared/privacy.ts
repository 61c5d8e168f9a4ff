import { z } from 'zod';

/*
 * Privacy requests (issue 10): export, erasure, the data requests Shopify forwards, and per-channel
 * marketing consent. One schema per payload, reused by the hub (server/privacy) and the console.
 */

/** Channels marketing can reach a person on, each with its own consent. */
export const CONSENT_CHANNELS = ['email', 'sms'] as const;
export const ConsentChannelSchema = z.enum(CONSENT_CHANNELS);
export type ConsentChannel = z.infer<typeof ConsentChannelSchema>;

/** `granted`: opted in; `denied`: opted out or never opted in; `unknown`: no event says. */
export const ConsentStateSchema = z.enum(['granted', 'denied', 'unknown']);
export type ConsentState = z.infer<typeof ConsentStateSchema>;

/**
 * What a connector writes into an event's data when the event carries consent (`data.marketingConsent`):
 * the normalized form the consent reader (server/privacy/consent-reader.ts) reads first.
 */
export const MarketingConsentDataSchema = z.object({
  email: z.enum(['granted', 'denied']).optional(),
  sms: z.enum(['granted', 'denied']).optional(),
});
export type MarketingConsentData = z.infer<typeof MarketingConsentDataSchema>;

/** The event a consent state was read from, described for people (no raw ids on screen). */
export const ConsentSourceSchema = z.object({
  /** The event's id (for timeline links; the console never prints it). */
  eventId: z.string(),
  occurredAt: z.string(),
  channel: z.string(),
  type: z.string(),
  /** e.g. "Shopify account updated: email marketing subscribed", "Text message \"STOP\"". */
  description: z.string(),
});
export type ConsentSource = z.infer<typeof ConsentSourceSchema>;

export const ChannelConsentSchema = z.object({
  channel: ConsentChannelSchema,
  state: ConsentStateSchema,
  /** Null when no event says (state `unknown`). */
  source: ConsentSourceSchema.nullable(),
});
export type ChannelConsent = z.infer<typeof ChannelConsentSchema>;

/** `GET /api/v1/customers/:id/consent`. */
export const CustomerConsentResponseSchema = z.object({ customerId: z.string(), consents: z.array(ChannelConsentSchema) });
export type CustomerConsentResponse = z.infer<typeof CustomerConsentResponseSchema>;

/** What a sender asked of the hub about someone's data (Shopify's mandatory privacy webhooks). */
export const PrivacyRequestKindSchema = z.enum(['data_request', 'customer_redact', 'shop_redact']);
export type PrivacyRequestKind = z.infer<typeof PrivacyRequestKindSchema>;

export const PrivacyRequestSchema = z.object({
  id: z.string(),
  kind: PrivacyRequestKindSchema,
  connector: z.string(),
  /** The shop domain the request came from. */
  shop: z.string().nullable(),
  /** The hub's customer it names, when one was found (null after an erasure or when nobody matched). */
  customerId: z.string().nullable(),
  /** The customer's name as the console shows it, when found. */
  customerName: z.string().nullable(),
  /** `open`: waits for an admin (a data request); `done`: handled (an erasure ran, or an admin exported). */
  status: z.enum(['open', 'done']),
  /** In words, no identifiers: "Shopify asks for the data of one customer (3 orders)". */
  description: z.string(),
  receivedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequestSchema>;

/** `GET /api/v1/customers/:id/export?format=json|zip`. */
export const ExportQuerySchema = z.object({ format: z.enum(['json', 'zip']).default('json') });

export const ExportAttachmentSchema = z.object({
  eventId: z.string(),
  filename: z.string(),
  contentType: z.string().nullable(),
  size: z.number().nullable(),
  sha256: z.string().nullable(),
  /** The bytes are held by the hub (and are in the ZIP export). */
  stored: z.boolean(),
});

/** Everything the hub holds about one person (their survivor profile and every customer merged into it). */
export const CustomerExportSchema = z.object({
  exportedAt: z.string(),
  customerId: z.string(),
  /** Every customer record of this person: the survivor first, then those merged into it. */
  profiles: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      createdAt: z.string(),
      mergedInto: z.string().nullable(),
      firstSeenAt: z.string(),
      lastActivityAt: z.string(),
      eventCount: z.number(),
    }),
  ),
  identifiers: z.array(z.object({ kind: z.string(), value: z.string(), customerId: z.string(), createdAt: z.string() })),
  timeline: z.array(
    z.object({
      id: z.string(),
      customerId: z.string(),
      source: z.string(),
      sourceEventId: z.string(),
      channel: z.string(),
      type: z.string(),
      occurredAt: z.string(),
      summary: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  merges: z.array(z.object({ id: z.string(), fromId: z.string(), intoId: z.string(), reason: z.string(), at: z.string(), undoneAt: z.string().nullable() })),
  consents: z.array(ChannelConsentSchema),
  attachments: z.array(ExportAttachmentSchema),
  privacyRequests: z.array(PrivacyRequestSchema),
});
export type CustomerExport = z.infer<typeof CustomerExportSchema>;

/** `POST /api/v1/customers/:id/erase`. */
export const EraseRequestSchema = z.object({
  reason: z.string().trim().min(3, 'reason is required (at least 3 characters)').max(500, 'reason is at most 500 characters'),
});
export type EraseRequest = z.infer<typeof EraseRequestSchema>;

export const ErasureResultSchema = z.object({
  erasureId: z.string(),
  /** The survivor that was asked for. */
  customerId: z.string(),
  /** Every customer record erased (the survivor and those merged into it). */
  customerIds: z.array(z.string()),
  erasedAt: z.string(),
  identifiers: z.number().int(),
  events: z.number().int(),
  deadLetters: z.number().int(),
  attachments: z.number().int(),
});
export type ErasureResult = z.infer<typeof ErasureResultSchema>;

/** `GET /api/v1/privacy/requests?status=open|done`. */
export const PrivacyRequestsQuerySchema = z.object({ status: z.enum(['open', 'done']).optional() });
export const PrivacyRequestListSchema = z.object({ requests: z.array(PrivacyRequestSchema) });
export type PrivacyRequestList = z.infer<typeof PrivacyRequestListSchema>;
