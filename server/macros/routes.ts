import { z } from 'zod';
import { MacroIdSchema, MacroInputSchema, MacroListSchema, MacroSchema, RenderedMacroSchema, RenderMacroRequestSchema } from '../../shared/macros.js';
import { Created, route } from '../route-spec.js';
import type { MacroService } from './macro-service.js';

const Id = z.object({ id: MacroIdSchema });
const LEADS = { permission: 'teams.manage', message: 'only leads and admins manage canned responses and macros' } as const;

/** Macros: everyone who works conversations lists and renders them; leads and admins (teams.manage) write them. */
export const macroRoutes = (macros: MacroService) => [
  route({
    method: 'GET',
    path: '/api/v1/macros',
    tags: ['macros'],
    summary: 'Canned responses and macros, by name',
    access: { permission: 'conversation.work' },
    response: MacroListSchema,
    errors: ['unauthorized', 'forbidden'],
    handler: async () => ({ macros: await macros.list() }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/macros',
    tags: ['macros'],
    summary: 'A new canned response (no actions) or macro (also sets status, priority or tags); placeholders {{customer.firstName}}, {{order.number}}, {{agent.name}}, {{store.name}}, {{ask:Question}}',
    access: LEADS,
    body: MacroInputSchema,
    response: MacroSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'conflict'],
    handler: async ({ actor, body }) => new Created(await macros.create(actor, body)),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/macros/:id',
    tags: ['macros'],
    summary: 'Replace a macro',
    access: LEADS,
    params: Id,
    body: MacroInputSchema,
    response: MacroSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: ({ actor, params, body }) => macros.update(actor, params.id, body),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/macros/:id',
    tags: ['macros'],
    summary: 'Delete a macro',
    access: LEADS,
    params: Id,
    response: z.object({ deleted: z.boolean() }),
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ params }) => macros.remove(params.id),
  }),
  route({
    method: 'POST',
    path: '/api/v1/macros/:id/render',
    tags: ['macros'],
    summary: 'The macro’s text for a conversation, variables filled; what the hub cannot fill comes back as missing, to ask the agent',
    access: { permission: 'conversation.work' },
    params: Id,
    body: RenderMacroRequestSchema,
    response: RenderedMacroSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ actor, params, body }) => macros.render(actor, params.id, body),
  }),
];
