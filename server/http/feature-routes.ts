import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { can, ERROR_STATUS, userActor } from '../../shared/index.js';
import type { AuthService } from '../domain.js';
import { Created, Download, type RouteAccess, type RouteSpec } from '../route-spec.js';
import { requireUser } from './auth.js';
import { HttpError, parseOr400 } from './errors.js';
import { errorResponses, jsonSchema } from './openapi.js';

/** Session first (before the body is read), then the permission: 401 / 403 naming `authorization`. */
export function accessHook(auth: AuthService, access: RouteAccess): onRequestHookHandler {
  // requireUser's hook is async and only reads the request.
  const user = requireUser(auth) as unknown as (req: FastifyRequest) => Promise<void>;
  if (access === 'user') return user as unknown as onRequestHookHandler;
  return async (req) => {
    await user(req);
    if (!can(userActor(req.user!), access.permission)) throw new HttpError(403, 'forbidden', access.message, [{ path: 'authorization', message: access.message }]);
  };
}

/** Registers a feature's declared routes: authenticate, parse (params, query, body: a 400 naming the field), call, answer. */
export function registerFeatureRoutes(app: FastifyInstance, auth: AuthService, specs: readonly RouteSpec[]): void {
  for (const spec of specs) {
    const ok = spec.response === 'csv' ? { type: 'string', description: 'text/csv' } : jsonSchema(spec.response);
    app.route({
      method: spec.method,
      url: spec.path,
      onRequest: accessHook(auth, spec.access),
      schema: {
        tags: spec.tags,
        summary: spec.summary,
        security: [{ session: [] }],
        ...(spec.params ? { params: jsonSchema(spec.params, 'input') } : {}),
        ...(spec.query ? { querystring: jsonSchema(spec.query, 'input') } : {}),
        ...(spec.body ? { body: jsonSchema(spec.body, 'input') } : {}),
        response: { 200: ok, ...(spec.mayCreate ? { 201: ok } : {}), ...errorResponses(...new Set(spec.errors.map((c) => ERROR_STATUS[c]))) },
      },
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const params = spec.params ? parseOr400(spec.params, req.params) : undefined;
        const query = spec.query ? parseOr400(spec.query, req.query) : undefined;
        const body = spec.body ? parseOr400(spec.body, req.body ?? {}) : undefined;
        const out = await spec.handler({ actor: userActor(req.user!), params, query, body });
        if (out instanceof Download) {
          return reply.header('content-type', out.contentType).header('content-disposition', `attachment; filename="${out.filename}"`).send(out.body);
        }
        if (out instanceof Created) {
          reply.code(201);
          return out.value;
        }
        return out;
      },
    });
  }
}
