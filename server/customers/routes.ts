import { z } from 'zod';
import {
  CustomerProfileSchema,
  CustomerSearchQuerySchema,
  CustomerSearchResponseSchema,
  PiiRevealRequestSchema,
  PiiRevealResponseSchema,
  TimelinePageSchema,
  TimelineQuerySchema,
  decodeCursor,
} from '../../shared/index.js';
import { emailHtmlForClients } from '../email-html/client-items.js';
import { InputError, NotFoundError } from '../errors.js';
import { route } from '../route-spec.js';
import type { MaskedCustomerReads } from './pii/masked-reads.js';
import type { PiiAccess } from './pii/pii-access.js';

export const IdParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(200, 'id is too long') });

export const unknownCustomer = (id: string) => new NotFoundError('id', `no customer with id "${id}"`);

/**
 * Console routes: search, profile, timeline (a session is required, checked before anything else is read),
 * answered through `reads` so contact details are masked for callers without customer.pii.read; reveal.
 */
export const customerRoutes = (reads: MaskedCustomerReads, pii: PiiAccess) => [
  route({
    method: 'GET',
    path: '/api/v1/customers',
    tags: ['customers'],
    summary: 'Search customers by name, email, phone (any format), loyalty id, external id or order number',
    access: { permission: 'customer.read' },
    query: CustomerSearchQuerySchema,
    response: CustomerSearchResponseSchema,
    errors: ['invalid_request', 'unauthorized'],
    handler: async ({ actor, query }) => ({ customers: await reads.search(actor, query.q, query.limit) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/customers/:id',
    tags: ['customers'],
    summary: 'Customer profile: identifiers, stats, merges (a merged-away id answers with the survivor)',
    access: { permission: 'customer.read' },
    params: IdParamsSchema,
    response: CustomerProfileSchema,
    errors: ['invalid_request', 'unauthorized', 'not_found'],
    handler: async ({ actor, params }) => {
      const profile = await reads.profile(actor, params.id);
      if (!profile) throw unknownCustomer(params.id);
      return profile;
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/customers/:id/timeline',
    tags: ['customers'],
    summary: 'Timeline, newest first; pass nextCursor as `before` for the next page; `channel` takes a comma list',
    access: { permission: 'customer.read' },
    params: IdParamsSchema,
    query: TimelineQuerySchema,
    response: TimelinePageSchema,
    errors: ['invalid_request', 'unauthorized', 'not_found'],
    handler: async ({ actor, params, query }) => {
      if (query.before !== undefined && !decodeCursor(query.before)) throw new InputError('before', 'not a cursor issued by this hub: pass nextCursor from a previous page');
      const page = await reads.timeline(actor, params.id, query);
      if (!page) throw unknownCustomer(params.id);
      // Email HTML leaves the hub sanitized; the stored event keeps the original bytes.
      return { ...page, items: await emailHtmlForClients.items(page.items) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/customers/:id/reveal',
    tags: ['customers'],
    summary: 'Reveal a customer’s full contact details to you for a few minutes (the reason is audited); masked again after `revealedUntil`',
    access: { permission: 'customer.pii.reveal', message: 'revealing contact details needs customer.pii.reveal' },
    params: IdParamsSchema,
    body: PiiRevealRequestSchema,
    response: PiiRevealResponseSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: async ({ actor, params, body }) => pii.reveal(actor, params.id, body.reason),
  }),
];
