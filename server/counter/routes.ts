import {
  CounterNewCustomerRequestSchema,
  CounterNewCustomerResponseSchema,
  CounterNoteRequestSchema,
  CounterNoteResponseSchema,
  CounterProfileSchema,
  CounterSettingsSchema,
  CounterVisitRequestSchema,
  CounterVisitResponseSchema,
} from '../../shared/index.js';
import { IdParamsSchema, unknownCustomer } from '../customers/routes.js';
import { Created, route } from '../route-spec.js';
import type { CounterService } from './counter-service.js';

/** Counter mode: settings and the compact profile (customer.read); visits, notes and new customers (action.execute, written through ingest). */
export const counterRoutes = (counter: CounterService) => [
  route({
    method: 'GET',
    path: '/api/v1/counter/settings',
    tags: ['counter'],
    summary: 'Counter settings: when the counter locks (the caller’s session idle timeout) and the stores it checks customers into',
    access: { permission: 'customer.read' },
    response: CounterSettingsSchema,
    errors: ['unauthorized'],
    handler: async ({ actor }) => counter.settings(actor),
  }),
  route({
    method: 'GET',
    path: '/api/v1/counter/customers/:id',
    tags: ['counter'],
    summary: 'Compact profile for the store counter: masked contacts, loyalty, open orders and pickups, purchases and returns, the open visit, notes',
    access: { permission: 'customer.read' },
    params: IdParamsSchema,
    response: CounterProfileSchema,
    errors: ['invalid_request', 'unauthorized', 'not_found'],
    handler: async ({ actor, params }) => {
      const profile = await counter.profile(actor, params.id);
      if (!profile) throw unknownCustomer(params.id);
      return profile;
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/counter/customers/:id/visit',
    tags: ['counter'],
    summary: 'Start a store visit (check-in; a repeated start answers the open visit) or end the open one',
    access: { permission: 'action.execute', message: 'recording store visits needs action.execute' },
    params: IdParamsSchema,
    body: CounterVisitRequestSchema,
    response: CounterVisitResponseSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ actor, params, body }) => counter.visit(actor, params.id, body),
  }),
  route({
    method: 'POST',
    path: '/api/v1/counter/customers/:id/notes',
    tags: ['counter'],
    summary: 'Add the associate’s note to the customer’s timeline',
    access: { permission: 'action.execute', message: 'adding notes needs action.execute' },
    params: IdParamsSchema,
    body: CounterNoteRequestSchema,
    response: CounterNoteResponseSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ actor, params, body }) => new Created(await counter.note(actor, params.id, body.text)),
  }),
  route({
    method: 'POST',
    path: '/api/v1/counter/customers',
    tags: ['counter'],
    summary: 'Record a new customer at the counter with their email and SMS marketing consent (consent events through ingest)',
    access: { permission: 'action.execute', message: 'adding customers needs action.execute' },
    body: CounterNewCustomerRequestSchema,
    response: CounterNewCustomerResponseSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'conflict'],
    handler: async ({ actor, body }) => new Created(await counter.newCustomer(actor, body)),
  }),
];
