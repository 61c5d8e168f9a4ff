import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AuditResponseSchema,
  DuplicatesQuerySchema,
  DuplicatesResponseSchema,
  MergeRequestSchema,
  MergeResponseSchema,
  UndoMergeRequestSchema,
  UndoMergeResponseSchema,
  type AuditResponse,
  type DuplicatesResponse,
  type MergeResponse,
  type UndoMergeResponse,
} from '../../../shared/index.js';
import type { Domain } from '../../domain.js';
import { requireUser } from '../auth.js';
import { notFound, parseOr400 } from '../errors.js';
import { errorResponses, jsonSchema } from '../openapi.js';

const IdParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(200, 'id is too long') });
const MergeParamsSchema = z.object({ mergeId: z.string().min(1, 'mergeId is required').max(200, 'mergeId is too long') });

/** Identity routes: duplicate suggestions, manual merge, exact undo. Every change is audited with the logged-in user. */
export function identityRoutes(app: FastifyInstance, domain: Domain): void {
  const onRequest = requireUser(domain.auth);
  const security = [{ session: [] }];

  app.get(
    '/api/v1/customers/:id/duplicates',
    {
      onRequest,
      schema: {
        tags: ['identity'],
        summary: 'Possible duplicates (probabilistic, Fellegi–Sunter): score and per-field evidence; never merges by itself',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        querystring: jsonSchema(DuplicatesQuerySchema, 'input'),
        response: { 200: jsonSchema(DuplicatesResponseSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (req): Promise<DuplicatesResponse> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const { limit } = parseOr400(DuplicatesQuerySchema, req.query);
      const suggestions = await domain.duplicates.duplicates(id, limit);
      if (!suggestions) throw notFound('id', `no customer with id "${id}"`);
      return { suggestions };
    },
  );

  app.post(
    '/api/v1/customers/:id/merge',
    {
      onRequest,
      schema: {
        tags: ['identity'],
        summary: 'Merge two customers (the older survives); recorded so it can be undone exactly',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        body: jsonSchema(MergeRequestSchema, 'input'),
        response: { 200: jsonSchema(MergeResponseSchema), ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (req): Promise<MergeResponse> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      const body = parseOr400(MergeRequestSchema, req.body ?? {});
      const m = await domain.merges.merge(id, body.otherId, actorOf(req.user), body.reason);
      return { mergeId: m.id, intoId: m.intoId, fromId: m.fromId };
    },
  );

  app.get(
    '/api/v1/customers/:id/audit',
    {
      onRequest,
      schema: {
        tags: ['identity'],
        summary: 'Audit log of merges and undos naming this customer: who, what, why, when (newest first, at most 200)',
        security,
        params: jsonSchema(IdParamsSchema, 'input'),
        response: { 200: jsonSchema(AuditResponseSchema), ...errorResponses(400, 401) },
      },
    },
    async (req): Promise<AuditResponse> => {
      const { id } = parseOr400(IdParamsSchema, req.params);
      return { entries: await domain.merges.audit(id, 200) };
    },
  );

  app.post(
    '/api/v1/merges/:mergeId/undo',
    {
      onRequest,
      schema: {
        tags: ['identity'],
        summary: 'Undo a merge (manual or automatic): both profiles, events and identifiers as if it had not happened',
        security,
        params: jsonSchema(MergeParamsSchema, 'input'),
        body: jsonSchema(UndoMergeRequestSchema, 'input'),
        response: { 200: jsonSchema(UndoMergeResponseSchema), ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (req): Promise<UndoMergeResponse> => {
      const { mergeId } = parseOr400(MergeParamsSchema, req.params);
      const body = parseOr400(UndoMergeRequestSchema, req.body ?? {});
      return domain.merges.undo(mergeId, actorOf(req.user), body.reason);
    },
  );
}

/** The audit's "who": the user's email (requireUser guarantees a user on these routes). */
function actorOf(user: { email: string } | null): string {
  return user?.email ?? 'unknown';
}
