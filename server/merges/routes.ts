import { z } from 'zod';
import { AuditResponseSchema, DuplicatesQuerySchema, DuplicatesResponseSchema, MergeRequestSchema, MergeResponseSchema, UndoMergeRequestSchema, UndoMergeResponseSchema } from '../../shared/index.js';
import { mergeAuditFor } from '../customers/pii/mask.js';
import { IdParamsSchema, unknownCustomer } from '../customers/routes.js';
import type { Domain } from '../domain.js';
import { route } from '../route-spec.js';

const MergeParamsSchema = z.object({ mergeId: z.string().min(1, 'mergeId is required').max(200, 'mergeId is too long') });

/** Identity routes: duplicate suggestions, manual merge, exact undo. Every change is audited with the signed-in user. */
export const identityRoutes = (domain: Domain) => [
  route({
    method: 'GET',
    path: '/api/v1/customers/:id/duplicates',
    tags: ['identity'],
    summary: 'Possible duplicates (probabilistic, Fellegi–Sunter): score and per-field evidence; never merges by itself',
    access: { permission: 'customer.merge', message: 'merging customers is for agents, leads and admins' },
    params: IdParamsSchema,
    query: DuplicatesQuerySchema,
    response: DuplicatesResponseSchema,
    errors: ['invalid_request', 'unauthorized', 'not_found'],
    handler: async ({ actor, params, query }) => {
      const suggestions = await domain.duplicates.duplicates(actor, params.id, query.limit);
      if (!suggestions) throw unknownCustomer(params.id);
      return { suggestions };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/customers/:id/merge',
    tags: ['identity'],
    summary: 'Merge two customers (the older survives); recorded so it can be undone exactly',
    access: { permission: 'customer.merge', message: 'merging customers is for agents, leads and admins' },
    params: IdParamsSchema,
    body: MergeRequestSchema,
    response: MergeResponseSchema,
    errors: ['invalid_request', 'unauthorized', 'not_found', 'conflict'],
    handler: async ({ actor, params, body }) => {
      const m = await domain.merges.merge(actor, params.id, body.otherId, body.reason);
      return { mergeId: m.id, intoId: m.intoId, fromId: m.fromId };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/customers/:id/audit',
    tags: ['identity'],
    summary: 'Audit log of merges and undos naming this customer: who, what, why, when (newest first, at most 200)',
    access: { permission: 'customer.read' },
    params: IdParamsSchema,
    response: AuditResponseSchema,
    errors: ['invalid_request', 'unauthorized'],
    handler: async ({ actor, params }) => ({ entries: mergeAuditFor(actor, await domain.merges.audit(actor, params.id, 200)) }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/merges/:mergeId/undo',
    tags: ['identity'],
    summary: 'Undo a merge (manual or automatic): both profiles, events and identifiers as if it had not happened',
    access: { permission: 'merge.undo.own', message: 'undoing merges is for agents, leads and admins' },
    params: MergeParamsSchema,
    body: UndoMergeRequestSchema,
    response: UndoMergeResponseSchema,
    errors: ['invalid_request', 'unauthorized', 'not_found', 'conflict'],
    handler: async ({ actor, params, body }) => domain.merges.undo(actor, params.mergeId, body.reason),
  }),
];
