import { z } from 'zod';
import { ActionExecuteResponseSchema, ActionFeedbackRequestSchema, ActionFeedbackResponseSchema, ActionListResponseSchema } from '../../shared/index.js';
import type { Domain } from '../domain.js';
import { NotFoundError } from '../errors.js';
import { Created, route } from '../route-spec.js';

const IdParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(300, 'id is too long') });

/** Recommended next actions: list, feedback, execute. The role guardrail is the service's (a ForbiddenError naming `id`). */
export const actionRoutes = (domain: Domain) => [
  route({
    method: 'GET',
    path: '/api/v1/customers/:id/actions',
    tags: ['actions'],
    summary: 'Ranked next actions for the customer, each with reasons linked to timeline event ids',
    access: { permission: 'customer.read' },
    params: IdParamsSchema,
    response: ActionListResponseSchema,
    errors: ['invalid_request', 'unauthorized', 'not_found'],
    handler: async ({ actor, params }) => {
      const actions = await domain.actions.list(actor, params.id);
      if (!actions) throw new NotFoundError('id', `no customer with id "${params.id}"`);
      return { actions };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/actions/:id/feedback',
    tags: ['actions'],
    summary: 'Record an agent’s feedback (accepted | dismissed | snoozed, optional reason); it changes future ranking',
    access: { permission: 'action.execute' },
    params: IdParamsSchema,
    body: ActionFeedbackRequestSchema,
    response: ActionFeedbackResponseSchema,
    errors: ['invalid_request', 'unauthorized', 'not_found', 'unsupported_media_type'],
    handler: async ({ actor, params, body }) => domain.actions.feedback(actor, params.id, body),
  }),
  route({
    method: 'POST',
    path: '/api/v1/actions/:id/execute',
    tags: ['actions'],
    summary: 'Execute the action: writes the note / task / credit / suppression into the timeline (live), attributed to you (201 when written, 200 for a duplicate)',
    access: { permission: 'action.execute' },
    params: IdParamsSchema,
    response: ActionExecuteResponseSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ actor, params }) => {
      const result = await domain.actions.execute(actor, params.id);
      return result.status === 'created' ? new Created(result) : result;
    },
  }),
];
