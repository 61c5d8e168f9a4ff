import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import {
  DeadLetterListQuerySchema,
  DeadLetterListSchema,
  DeadLetterSchema,
  ReplayResponseSchema,
  type DeadLetter,
  type DeadLetterList,
  type ReplayResponse,
} from '../../../shared/index.js';
import { deliver } from '../../connectors/deliver.js';
import { connectorByName } from '../../connectors/registry.js';
import type { ConnectorSettings } from '../../connectors/types.js';
import type { Domain } from '../../domain.js';
import { requireUser } from '../auth.js';
import { HttpError, notFound, parseOr400, toApiError } from '../errors.js';
import { errorResponses, jsonSchema } from '../openapi.js';

const IdParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(64, 'id is too long') });

/** Session token of an admin; other roles get 403. */
export function requireAdmin(domain: Domain): onRequestHookHandler {
  // requireUser's hook is async and only reads the request.
  const user = requireUser(domain.auth) as unknown as (req: FastifyRequest) => Promise<void>;
  return async (req) => {
    await user(req);
    if (req.user?.role !== 'admin') throw new HttpError(403, 'forbidden', 'admin role required', [{ path: 'authorization', message: 'admin role required' }]);
  };
}

export function deadLetterRoutes(app: FastifyInstance, domain: Domain, settings: ConnectorSettings): void {
  const onRequest = requireAdmin(domain);
  const security = [{ session: [] }];

  app.get(
    '/api/v1/dead-letters',
    {
      onRequest,
      schema: {
        tags: ['connectors'],
        summary: 'Deliveries that could not be ingested (admin), newest first; filter by status and connector',
        security,
        querystring: jsonSchema(DeadLetterListQuerySchema, 'input'),
        response: { 200: jsonSchema(DeadLetterListSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (req): Promise<DeadLetterList> => {
      const q = parseOr400(DeadLetterListQuerySchema, req.query);
      return { deadLetters: await domain.connectors.listDeadLetters(q) };
    },
  );

  app.get(
    '/api/v1/dead-letters/:id',
    {
      onRequest,
      schema: { tags: ['connectors'], summary: 'One dead letter (admin)', security, params: jsonSchema(IdParamsSchema, 'input'), response: { 200: jsonSchema(DeadLetterSchema), ...errorResponses(400, 401, 403, 404) } },
    },
    async (req): Promise<DeadLetter> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const d = await domain.connectors.getDeadLetter(id);
      if (!d) throw notFound('id', `no dead letter with id "${id}"`);
      return d;
    },
  );

  app.post(
    '/api/v1/dead-letters/:id/replay',
    {
      onRequest,
      schema: {
        tags: ['connectors'],
        summary: 'Retry a dead letter through its connector (signature checked again with the current secret); resolved on success',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        response: { 200: jsonSchema(ReplayResponseSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req): Promise<ReplayResponse> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const d = await domain.connectors.getDeadLetter(id);
      if (!d) throw notFound('id', `no dead letter with id "${id}"`);
      if (d.status === 'resolved') throw new HttpError(409, 'conflict', 'dead letter is already resolved', [{ path: 'id', message: 'dead letter is already resolved' }]);
      const connector = connectorByName(d.connector);
      if (!connector) throw new HttpError(409, 'conflict', `no connector "${d.connector}" to replay through`, [{ path: 'id', message: `unknown connector ${d.connector}` }]);
      const q = d.url.indexOf('?');
      const query = Object.fromEntries(new URLSearchParams(q === -1 ? '' : d.url.slice(q + 1)));
      try {
        const response = await deliver(
          connector,
          { headers: d.headers, body: Buffer.from(d.bodyBase64, 'base64'), url: d.url, query, contentType: d.contentType },
          { domain, settings },
          { replay: true },
        );
        const ok = response.ignored === undefined;
        const updated = await domain.connectors.replayAttempted(id, ok, ok ? undefined : `ignored: ${response.ignored}`);
        return { deadLetter: updated ?? d, ok, response, error: ok ? null : `ignored: ${response.ignored}` };
      } catch (err) {
        const [status, body] = toApiError(err);
        const reason = status >= 500 ? 'internal error' : body.error.message;
        const updated = await domain.connectors.replayAttempted(id, false, reason);
        return { deadLetter: updated ?? d, ok: false, response: null, error: reason };
      }
    },
  );
}
