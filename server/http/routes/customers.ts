import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CustomerProfileSchema,
  CustomerSearchQuerySchema,
  CustomerSearchResponseSchema,
  TimelinePageSchema,
  TimelineQuerySchema,
  decodeCursor,
  type CustomerProfile,
  type CustomerSearchResponse,
  type TimelinePage,
} from '../../../shared/index.js';
import type { Domain } from '../../domain.js';
import { requireUser } from '../auth.js';
import { HttpError, notFound, parseOr400 } from '../errors.js';
import { errorResponses, jsonSchema } from '../openapi.js';
import { emailHtmlForClients } from '../../email-html/client-items.js';

const IdParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(200, 'id is too long') });

const unknownCustomer = (id: string) => notFound('id', `no customer with id "${id}"`);

/** Console routes: a session token is required (checked before anything else is read). */
export function customerRoutes(app: FastifyInstance, domain: Domain): void {
  const onRequest = requireUser(domain.auth);
  const security = [{ session: [] }];

  app.get(
    '/api/v1/customers',
    {
      onRequest,
      schema: {
        tags: ['customers'],
        summary: 'Search customers by name, email, phone (any format), loyalty id, external id or order number',
        security,
        querystring: jsonSchema(CustomerSearchQuerySchema, 'input'),
        response: { 200: jsonSchema(CustomerSearchResponseSchema), ...errorResponses(400, 401) },
      },
    },
    async (req): Promise<CustomerSearchResponse> => {
      const { q, limit } = parseOr400(CustomerSearchQuerySchema, req.query);
      return { customers: await domain.customers.search(q, limit) };
    },
  );

  app.get(
    '/api/v1/customers/:id',
    {
      onRequest,
      schema: {
        tags: ['customers'],
        summary: 'Customer profile: identifiers, stats, merges (a merged-away id answers with the survivor)',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        response: { 200: jsonSchema(CustomerProfileSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (req): Promise<CustomerProfile> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const profile = await domain.customers.profile(id);
      if (!profile) throw unknownCustomer(id);
      return profile;
    },
  );

  app.get(
    '/api/v1/customers/:id/timeline',
    {
      onRequest,
      schema: {
        tags: ['customers'],
        summary: 'Timeline, newest first; pass nextCursor as `before` for the next page; `channel` takes a comma list',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        querystring: jsonSchema(TimelineQuerySchema, 'input'),
        response: { 200: jsonSchema(TimelinePageSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (req): Promise<TimelinePage> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const query = parseOr400(TimelineQuerySchema, req.query);
      if (query.before !== undefined && !decodeCursor(query.before)) {
        const message = 'not a cursor issued by this hub: pass nextCursor from a previous page';
        throw new HttpError(400, 'invalid_request', message, [{ path: 'before', message }]);
      }
      const page = await domain.customers.timeline(id, query);
      if (!page) throw unknownCustomer(id);
      // Email HTML leaves the hub sanitized; the stored event keeps the original bytes.
      return { ...page, items: await emailHtmlForClients.items(page.items) };
    },
  );
}
