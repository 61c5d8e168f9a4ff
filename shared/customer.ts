import { z } from 'zod';
import { ChannelCountsSchema } from './channels.js';
import { CustomerValueSchema } from './clv.js';
import { CustomerPiiStateSchema } from './pii.js';
import { ChannelConsentSchema } from './privacy.js';

export const ExternalIdSchema = z.object({ system: z.string(), id: z.string() });
export type ExternalId = z.infer<typeof ExternalIdSchema>;

/** A search hit / list row. */
export const CustomerSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  loyaltyIds: z.array(z.string()),
  externalIds: z.array(ExternalIdSchema),
  lastActivityAt: z.string().nullable(),
  eventCount: z.number().int().nonnegative(),
});
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;

export const CustomerSearchQuerySchema = z.object({
  q: z.string().trim().max(200).default(''),
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 100').max(100, 'limit must be between 1 and 100').default(20),
});
export type CustomerSearchQuery = z.infer<typeof CustomerSearchQuerySchema>;

export const CustomerSearchResponseSchema = z.object({ customers: z.array(CustomerSummarySchema) });
export type CustomerSearchResponse = z.infer<typeof CustomerSearchResponseSchema>;

/** One recorded merge: `fromId` was folded into `intoId`. Kept so it can be undone exactly. */
export const MergeRecordSchema = z.object({
  id: z.string(),
  fromId: z.string(),
  intoId: z.string(),
  reason: z.string(),
  /** The identifier that bridged the two, e.g. `email:ann@x.com`; null for manual merges. */
  bridgingIdentifier: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
  undoneAt: z.string().nullable(),
  /** Display names of both sides (the merged-away customer keeps its name), for people rather than ids. */
  fromName: z.string().optional(),
  intoName: z.string().optional(),
});
export type MergeRecord = z.infer<typeof MergeRecordSchema>;

export const MoneySchema = z.object({ currency: z.string(), amount: z.number() });
export type Money = z.infer<typeof MoneySchema>;

export const CustomerStatsSchema = z.object({
  eventCount: z.number().int().nonnegative(),
  channelCounts: ChannelCountsSchema,
  /** One entry per currency seen, largest first. */
  lifetimeSpend: z.array(MoneySchema),
  orderCount: z.number().int().nonnegative(),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});
export type CustomerStats = z.infer<typeof CustomerStatsSchema>;

/** `GET /api/v1/customers/:id` */
export const CustomerProfileSchema = CustomerSummarySchema.extend({
  /** The id asked for when it was merged away; the profile is always the survivor's. */
  requestedId: z.string(),
  createdAt: z.string(),
  stats: CustomerStatsSchema,
  merges: z.array(MergeRecordSchema),
  /** Forward-looking value and churn risk (server/clv); null when the customer never bought, absent from hubs without it. */
  value: CustomerValueSchema.nullable().optional(),
  /** Whether contact details are masked for the caller (shared/pii.ts); set on every profile the hub answers. */
  pii: CustomerPiiStateSchema.optional(),
  /** Marketing consent per channel with its source event (server/privacy); absent from hubs without it. */
  consents: z.array(ChannelConsentSchema).optional(),
});
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;
