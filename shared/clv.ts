import { z } from 'zod';

/*
 * Customer value and churn risk (issue 14): BG/NBD + Gamma-Gamma, fitted by server/clv.
 * Written by the hub (profile `value`, `GET /api/v1/value/...`), read by the renderer.
 */

export const VALUE_TIERS = ['top', 'high', 'medium', 'low'] as const;
export const ValueTierSchema = z.enum(VALUE_TIERS);
export type ValueTier = z.infer<typeof ValueTierSchema>;

/** How likely the customer still buys, in words (never the raw probability alone). */
export const ACTIVITY_WORDS = ['one_purchase', 'very_likely_active', 'probably_active', 'at_risk', 'probably_lapsed'] as const;
export const ActivitySchema = z.enum(ACTIVITY_WORDS);
export type Activity = z.infer<typeof ActivitySchema>;

/** `fitted`: parameters fitted on this hub's purchases; `prior`: the documented default (too few purchasing customers yet). */
export const ModelSourceSchema = z.enum(['fitted', 'prior']);
export type ModelSource = z.infer<typeof ModelSourceSchema>;

export const ValueModelInfoSchema = z.object({
  source: ModelSourceSchema,
  /** When the parameters were fitted (or the prior set up). */
  fittedAt: z.string(),
  /** Purchasing customers the fit saw. */
  purchasingCustomers: z.number().int().nonnegative(),
  /** Purchasing customers needed before the hub fits its own parameters. */
  minCustomersToFit: z.number().int().positive(),
  currency: z.string(),
  /** Yearly rate the 12-month value is discounted at. */
  annualDiscountRate: z.number(),
});
export type ValueModelInfo = z.infer<typeof ValueModelInfoSchema>;

/** `CustomerProfile.value`: null for a customer who never bought. */
export const CustomerValueSchema = z.object({
  model: ValueModelInfoSchema,
  purchases: z.number().int().nonnegative(),
  firstPurchaseAt: z.string(),
  lastPurchaseAt: z.string(),
  /** Mean days between purchase occasions; null with a single purchase. */
  usualGapDays: z.number().nullable(),
  daysSinceLastPurchase: z.number(),
  /** Probability the customer is still active (0..1). */
  pAlive: z.number().min(0).max(1),
  /** The same 30 days ago (null when there was no purchase yet): falling means churn risk is growing. */
  pAlive30DaysAgo: z.number().min(0).max(1).nullable(),
  activity: ActivitySchema,
  expectedPurchases90d: z.number().nonnegative(),
  expectedPurchases365d: z.number().nonnegative(),
  /** Expected value of the next 12 months' purchases, discounted. */
  expectedValue12m: z.number().nonnegative(),
  /** Share of the hub's purchasing customers with a lower expected value (0..100). */
  valuePercentile: z.number().min(0).max(100),
  tier: ValueTierSchema,
  /** A sentence an agent can read: "usually buys every 5 weeks; nothing for 19 weeks: 23% likely still active". */
  explanation: z.string(),
});
export type CustomerValue = z.infer<typeof CustomerValueSchema>;

// --- The customer-value screen for leads: GET /api/v1/value/report ---

export const ValueReportQuerySchema = z.object({
  /** Cohorts of the last N first-purchase months. */
  months: z.coerce.number().int('months must be a whole number').min(1, 'months must be between 1 and 60').max(60, 'months must be between 1 and 60').default(12),
  /** High-value customers at risk to list. */
  atRiskLimit: z.coerce.number().int('atRiskLimit must be a whole number').min(1, 'atRiskLimit must be between 1 and 500').max(500, 'atRiskLimit must be between 1 and 500').default(50),
});
export type ValueReportQuery = z.infer<typeof ValueReportQuerySchema>;

export const CohortRowSchema = z.object({
  /** First-purchase month, YYYY-MM. */
  month: z.string(),
  customers: z.number().int().nonnegative(),
  /** Share of the cohort that bought again in month k after the first (index 0 = first month = 1). */
  retention: z.array(z.number().min(0).max(1)),
  /** Share of the cohort with at least one repeat purchase so far. */
  repeatPurchaseRate: z.number().min(0).max(1),
  expectedValue12m: z.number().nonnegative(),
  meanExpectedValue12m: z.number().nonnegative(),
  meanPAlive: z.number().min(0).max(1),
});
export type CohortRow = z.infer<typeof CohortRowSchema>;

export const ChannelValueRowSchema = z.object({
  /** Where the first purchase came from: `online` or `store`, and the source system. */
  channel: z.string(),
  source: z.string(),
  customers: z.number().int().nonnegative(),
  expectedValue12m: z.number().nonnegative(),
  meanExpectedValue12m: z.number().nonnegative(),
  repeatPurchaseRate: z.number().min(0).max(1),
});
export type ChannelValueRow = z.infer<typeof ChannelValueRowSchema>;

/** A repeat buyer who is more likely gone than not, ranked by what the next 12 months would bring if they stay. */
export const AtRiskCustomerSchema = z.object({
  customerId: z.string(),
  displayName: z.string(),
  expectedValue12m: z.number().nonnegative(),
  /** Expected 12-month value if still active (expectedValue12m / pAlive). */
  valueIfActive12m: z.number().nonnegative(),
  totalSpend: z.number(),
  pAlive: z.number().min(0).max(1),
  activity: ActivitySchema,
  lastPurchaseAt: z.string(),
  explanation: z.string(),
});
export type AtRiskCustomer = z.infer<typeof AtRiskCustomerSchema>;

export const ValueReportSchema = z.object({
  model: ValueModelInfoSchema,
  generatedAt: z.string(),
  purchasingCustomers: z.number().int().nonnegative(),
  repeatPurchaseRate: z.number().min(0).max(1),
  expectedValue12m: z.number().nonnegative(),
  cohorts: z.array(CohortRowSchema),
  channels: z.array(ChannelValueRowSchema),
  atRisk: z.array(AtRiskCustomerSchema),
});
export type ValueReport = z.infer<typeof ValueReportSchema>;

/** `GET /api/v1/value/export.csv?part=...` */
export const VALUE_EXPORT_PARTS = ['cohorts', 'channels', 'at-risk'] as const;
export type ValueExportPart = (typeof VALUE_EXPORT_PARTS)[number];
export const ValueExportQuerySchema = z.object({
  part: z.enum(VALUE_EXPORT_PARTS, { message: `part must be one of ${VALUE_EXPORT_PARTS.join(', ')}` }),
  months: ValueReportQuerySchema.shape.months,
  atRiskLimit: ValueReportQuerySchema.shape.atRiskLimit,
});
export type ValueExportQuery = z.infer<typeof ValueExportQuerySchema>;

/** `POST /api/v1/value/fit` (lead/admin): refit now. */
export const ValueFitResponseSchema = z.object({
  model: ValueModelInfoSchema,
  params: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), p: z.number(), q: z.number(), v: z.number() }),
  logLikelihood: z.number().nullable(),
  durationMs: z.number(),
  scoredCustomers: z.number().int().nonnegative(),
});
export type ValueFitResponse = z.infer<typeof ValueFitResponseSchema>;
