import { z } from 'zod';
import { CustomerSummarySchema } from './customer.js';

/*
 * Exact-identifier lookup (counter scans, pasted emails): `exact` holds the customers one of whose
 * identifiers IS the query (loyalty card with or without its prefix, phone in any format, email in any
 * case, order or receipt number, external id); `others` the best partial matches, ranked like search.
 */

export const CustomerLookupQuerySchema = z.object({
  q: z.string().trim().min(1, 'q is required: a loyalty card, phone, email, order or receipt number').max(200, 'q is too long (at most 200 characters)'),
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 20').max(20, 'limit must be between 1 and 20').default(5),
});
export type CustomerLookupQuery = z.infer<typeof CustomerLookupQuerySchema>;

export const CustomerLookupResponseSchema = z.object({
  /** Open directly when there is exactly one. */
  exact: z.array(CustomerSummarySchema),
  /** Partial matches (identifier prefixes and suffixes, names), never repeating an exact one. */
  others: z.array(CustomerSummarySchema),
});
export type CustomerLookupResponse = z.infer<typeof CustomerLookupResponseSchema>;
