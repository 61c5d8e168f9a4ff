import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ERROR_STATUS, roleCan, userActor, type Actor } from '../../shared/index.js';
import type { AuthService } from '../domain.js';
import { Created, Download, type RouteAccess, type RouteSpec } from '../route-spec.js';
import { forbiddenFor, requireUser } from './auth.js';
import { DOWNLOAD_HEADERS, attachmentDisposition } from './download-headers.js';
import { parseOr400 } from './errors.js';
import { edgeAccess, errorResponses, jsonSchema, type DeclaredAccess } from './openapi.js';

/** What the OpenAPI document says of a feature route's access (`x-permission`). */
export function declaredAccess(access: RouteAccess): DeclaredAccess {
  return access === 'self' ? 'self' : access.permission;
}

/** Session first (before the body is read), then the permission: 401 / 403 naming `authorization` and the permission. */
export function accessHook(auth: AuthService, access: RouteAccess): onRequestHookHandler {
  const user = requireUser(auth);
  if (access === 'self') return user;
  const { permission } = access;
  // requireUser's hook is async and only reads the request.
  const signedIn = user as unknown as (req: FastifyRequest) => Promise<void>;
  return async (req) => {
    await signedIn(req);
    if (!roleCan(req.user!.role, permission)) throw forbiddenFor(permission, access.message);
  };
}

/** The handler half of a feature route: parse (a 400 naming the field), call as `actorOf(req)`, answer. Exported for the permission-overhead bench. */
export function featureHandler(spec: RouteSpec, actorOf: (req: FastifyRequest) => Actor) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const params = spec.params ? parseOr400(spec.params, req.params) : undefined;
    const query = spec.query ? parseOr400(spec.query, req.query) : undefined;
    const body = spec.body ? parseOr400(spec.body, req.body ?? {}) : undefined;
    const out = await spec.handler({ actor: actorOf(req), params, query, body });
    if (out instanceof Download) {
      return reply.headers(DOWNLOAD_HEADERS).header('content-type', out.contentType).header('content-disposition', attachmentDisposition(out.filename)).send(out.body);
    }
    if (out instanceof Created) {
      reply.code(201);
      return out.value;
    }
    return out;
  };
}

/** A feature route's Fastify schema: OpenAPI text, input validation and the response serializer. Exported for the permission-overhead bench. */
export function routeSchema(spec: RouteSpec) {
  const ok = spec.response === 'csv' ? { type: 'string', description: 'text/csv' } : jsonSchema(spec.response);
  const statuses = new Set([...spec.errors.map((c) => ERROR_STATUS[c]), 401, ...(spec.access === 'self' ? [] : [403])]);
  return {
    tags: spec.tags,
    summary: spec.summary,
    ...edgeAccess(declaredAccess(spec.access)),
    ...(spec.params ? { params: jsonSchema(spec.params, 'input') } : {}),
    ...(spec.query ? { querystring: jsonSchema(spec.query, 'input') } : {}),
    ...(spec.body ? { body: jsonSchema(spec.body, 'input') } : {}),
    response: { 200: ok, ...(spec.mayCreate ? { 201: ok } : {}), ...errorResponses(...[...statuses].sort()) },
  };
}

/** The signed-in caller set by the access hook. */
const sessionActor = (req: FastifyRequest): Actor => userActor(req.user!);

/** Registers a feature's declared routes: authenticate, authorize, parse, call, answer; the OpenAPI operation carries `x-permission`. */
export function registerFeatureRoutes(app: FastifyInstance, auth: AuthService, specs: readonly RouteSpec[]): void {
  for (const spec of specs) {
    if (spec.access !== 'self' && typeof spec.access?.permission !== 'string') throw new Error(`${spec.method} ${spec.path} declares no access (a permission or 'self')`);
    app.route({ method: spec.method, url: spec.path, onRequest: accessHook(auth, spec.access), schema: routeSchema(spec), handler: featureHandler(spec, sessionActor) });
  }
}
