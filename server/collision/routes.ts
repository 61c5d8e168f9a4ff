import { z } from 'zod';
import { ActivityBatchQuerySchema, ActivityBatchSchema, ActivitySignalSchema, CustomerActivitySchema } from '../../shared/index.js';
import { route } from '../route-spec.js';
import type { CustomerActivityService } from './activity-service.js';

const CustomerIdParams = z.object({ id: z.string().min(1).max(64, 'id is at most 64 characters') });

/** Collision: who is on a customer now (customer.read: anyone who may open the customer may see and signal). */
export const activityRoutes = (activity: CustomerActivityService) => [
  route({
    method: 'GET',
    path: '/api/v1/customers/:id/activity',
    tags: ['collision'],
    summary: 'Who is viewing or replying to this customer now, a call going on, a store visit',
    access: { permission: 'customer.read' },
    params: CustomerIdParams,
    response: CustomerActivitySchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ actor, params }) => activity.get(actor, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/v1/customers/:id/activity',
    tags: ['collision'],
    summary: 'I am viewing this customer / replying on a channel (refresh while it lasts), or I stopped (active: false)',
    access: { permission: 'customer.read' },
    params: CustomerIdParams,
    body: ActivitySignalSchema,
    response: CustomerActivitySchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ actor, params, body }) => activity.signal(actor, params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/v1/activity',
    tags: ['collision'],
    summary: 'Who is on each of several customers (inbox rows); unknown ids are left out',
    access: { permission: 'customer.read' },
    query: ActivityBatchQuerySchema,
    response: ActivityBatchSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden'],
    handler: async ({ actor, query }) => ({ activities: await activity.many(actor, query.customerIds) }),
  }),
];
