import { CustomerLookupQuerySchema, CustomerLookupResponseSchema, type Actor, type CustomerLookupResponse } from '../../shared/index.js';
import { route } from '../route-spec.js';
import type { MaskedCustomerReads } from './pii/masked-reads.js';

export type LookupCustomers = (actor: Actor, q: string, limit: number) => Promise<CustomerLookupResponse>;

/** GET /api/v1/customers/lookup: exact identifier matches first (shared/customer-lookup.ts), masked like search. */
export const customerLookupRoute = (reads: MaskedCustomerReads, lookup: LookupCustomers) =>
  route({
    method: 'GET',
    path: '/api/v1/customers/lookup',
    tags: ['customers'],
    summary: 'Exact-identifier lookup (loyalty card with or without prefix, phone in any format, email, order or receipt number): exact matches, then partial ones',
    access: { permission: 'customer.read' },
    query: CustomerLookupQuerySchema,
    response: CustomerLookupResponseSchema,
    errors: ['invalid_request', 'unauthorized'],
    handler: async ({ actor, query }) => {
      const found = await lookup(actor, query.q, query.limit);
      const [exact, others] = await Promise.all([reads.summaries(actor, found.exact), reads.summaries(actor, found.others)]);
      return { exact, others };
    },
  });
