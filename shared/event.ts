import { z } from 'zod';
import { ChannelSchema } from './channels.js';
import { jsonDepth, MAX_DATA_DEPTH } from './json-depth.js';
import { storable } from './storable-text.js';
import { IsoDateTimeSchema } from './time.js';

/** Identifiers a source knows the customer by. At least one of email/phone/loyaltyId/externalIds is required. */
export const CustomerRefSchema = z
  .object({
    email: storable(z.string().trim().max(320)).optional(),
    phone: storable(z.string().trim().max(64)).optional(),
    loyaltyId: storable(z.string().trim().min(1).max(128)).optional(),
    /** `{ system: id }`, e.g. `{ shopify: "7060" }`. */
    externalIds: z.record(storable(z.string().min(1).max(64)), storable(z.string().min(1).max(256))).optional(),
    name: storable(z.string().trim().max(256)).optional(),
  })
  .strict()
  .refine(
    (c) => Boolean(c.email || c.phone || c.loyaltyId || (c.externalIds && Object.keys(c.externalIds).length > 0)),
    { message: 'at least one identifier is required: email, phone, loyaltyId or externalIds' },
  );
export type CustomerRef = z.infer<typeof CustomerRefSchema>;

/** The normalized event every connector produces and `POST /api/v1/events` accepts. */
export const IngestEventSchema = z
  .object({
    source: storable(z.string().trim().min(1).max(64)),
    sourceEventId: storable(z.string().trim().min(1).max(256)),
    channel: ChannelSchema,
    type: storable(z.string().trim().min(1).max(64)),
    occurredAt: IsoDateTimeSchema,
    customer: CustomerRefSchema,
    summary: storable(z.string().max(2000)).optional(),
    /** Any JSON object, stored exactly (as escaped JSON text), nested at most MAX_DATA_DEPTH levels. */
    data: z
      .record(z.string(), z.unknown())
      .superRefine((value, ctx) => {
        if (jsonDepth(value, MAX_DATA_DEPTH) > MAX_DATA_DEPTH) ctx.addIssue({ code: 'custom', message: `must not nest deeper than ${MAX_DATA_DEPTH} levels`, input: value });
      })
      .optional(),
  })
  .strict();
export type IngestEvent = z.infer<typeof IngestEventSchema>;

export const MAX_BATCH = 1000;

/** Body of `POST /api/v1/events`: one event or `{ events: [...] }`. */
export const IngestBatchSchema = z.object({ events: z.array(IngestEventSchema).min(1).max(MAX_BATCH) }).strict();

export const IngestResultSchema = z.object({
  sourceEventId: z.string(),
  status: z.enum(['created', 'duplicate']),
  eventId: z.string(),
  customerId: z.string(),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;
export const IngestResponseSchema = z.object({ results: z.array(IngestResultSchema) });
export type IngestResponse = z.infer<typeof IngestResponseSchema>;
