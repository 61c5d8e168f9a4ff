import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ActionExecuteResponseSchema,
  ActionFeedbackRequestSchema,
  ActionFeedbackResponseSchema,
  ActionListResponseSchema,
  type ActionExecuteResponse,
  type ActionFeedbackResponse,
  type ActionListResponse,
} from '../../../shared/index.js';
import { ActionForbiddenError } from '../../actions/errors.js';
import type { Domain } from '../../domain.js';
import { requireUser } from '../auth.js';
import { HttpError, notFound, parseOr400 } from '../errors.js';
import { errorResponses, jsonSchema } from '../openapi.js';

const IdParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(300, 'id is too long') });

/** The role guardrail is the service's; the edge turns it into a 403 naming the field. */
async function forbiddenAs403<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ActionForbiddenError) throw new HttpError(403, 'forbidden', err.message, [{ path: err.path, message: err.message }]);
    throw err;
  }
}

/** Recommended next actions: list, feedback, execute. Console routes (session token). */
export function actionRoutes(app: FastifyInstance, domain: Domain): void {
  const onRequest = requireUser(domain.auth);
  const security = [{ session: [] }];

  app.get(
    '/api/v1/customers/:id/actions',
    {
      onRequest,
      schema: {
        tags: ['actions'],
        summary: 'Ranked next actions for the customer, each with reasons linked to timeline event ids',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        response: { 200: jsonSchema(ActionListResponseSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (req): Promise<ActionListResponse> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const actions = await domain.actions.list(id, req.user!);
      if (!actions) throw notFound('id', `no customer with id "${id}"`);
      return { actions };
    },
  );

  app.post(
    '/api/v1/actions/:id/feedback',
    {
      onRequest,
      schema: {
        tags: ['actions'],
        summary: 'Record an agent’s feedback (accepted | dismissed | snoozed, optional reason); it changes future ranking',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        body: jsonSchema(ActionFeedbackRequestSchema, 'input'),
        response: { 200: jsonSchema(ActionFeedbackResponseSchema), ...errorResponses(400, 401, 404, 415) },
      },
    },
    async (req): Promise<ActionFeedbackResponse> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const body = parseOr400(ActionFeedbackRequestSchema, req.body ?? {});
      return domain.actions.feedback(id, body, req.user!);
    },
  );

  app.post(
    '/api/v1/actions/:id/execute',
    {
      onRequest,
      schema: {
        tags: ['actions'],
        summary: 'Execute the action: writes the note / task / credit / suppression into the timeline (live), attributed to you',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        response: { 200: jsonSchema(ActionExecuteResponseSchema), 201: jsonSchema(ActionExecuteResponseSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply): Promise<ActionExecuteResponse> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const result = await forbiddenAs403(() => domain.actions.execute(id, req.user!));
      reply.code(result.status === 'created' ? 201 : 200);
      return result;
    },
  );
}
