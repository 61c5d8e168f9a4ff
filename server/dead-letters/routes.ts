import { z } from 'zod';
import { ConnectorStatusListSchema, DeadLetterListQuerySchema, DeadLetterListSchema, DeadLetterSchema, ReplayResponseSchema } from '../../shared/index.js';
import type { RouteContext } from '../feature-module.js';
import { route, type RouteAccess } from '../route-spec.js';
import { DeadLetterService } from './dead-letter-service.js';

const IdParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(64, 'id is too long') });

const ADMINS: RouteAccess = { permission: 'connectors.manage', message: 'admin role required' };

/** Admin routes: dead letters (list, read, replay) and connector status. */
export const deadLetterRoutes = ({ domain, connectors }: RouteContext) => {
  const service = new DeadLetterService(domain, connectors);
  return [
    route({
      method: 'GET',
      path: '/api/v1/dead-letters',
      tags: ['connectors'],
      summary: 'Deliveries that could not be ingested (admin), newest first; filter by status and connector',
      access: ADMINS,
      query: DeadLetterListQuerySchema,
      response: DeadLetterListSchema,
      errors: ['invalid_request', 'unauthorized', 'forbidden'],
      handler: async ({ actor, query }) => ({ deadLetters: await service.list(actor, query) }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/dead-letters/:id',
      tags: ['connectors'],
      summary: 'One dead letter (admin)',
      access: ADMINS,
      params: IdParamsSchema,
      response: DeadLetterSchema,
      errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
      handler: async ({ actor, params }) => service.get(actor, params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/dead-letters/:id/replay',
      tags: ['connectors'],
      summary: 'Retry a dead letter through its connector (signature checked again with the current secret); resolved on success',
      access: ADMINS,
      params: IdParamsSchema,
      response: ReplayResponseSchema,
      errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
      handler: async ({ actor, params }) => service.replay(actor, params.id),
    }),
    route({
      method: 'GET',
      path: '/api/v1/connectors',
      tags: ['connectors'],
      summary: 'Connector status (admin): last delivery, ok/error counts, open dead letters',
      access: ADMINS,
      response: ConnectorStatusListSchema,
      errors: ['unauthorized', 'forbidden'],
      handler: async ({ actor }) => service.connectorStatus(actor),
    }),
  ];
};
