import type { z } from 'zod';
import type { Actor, ErrorCode, Permission } from '../shared/index.js';
import type { Domain } from './domain.js';

/*
 * A feature's JSON routes, declared without a web framework: what comes in (zod schemas for params,
 * query, body), who may call (a permission, or 'self' for the caller's own things), what goes out, and a
 * handler that calls a service. server/http/feature-routes.ts turns each into a Fastify route: it
 * authenticates, parses (a 400 naming the field), authorizes and maps domain errors to statuses.
 * Features never import server/http.
 */

/**
 * Who may call, stated on every route (there is no default):
 * - `{ permission }`: a signed-in user whose role holds it (shared/permissions.ts), else 403 naming the
 *   permission (`message` says why in the console's words);
 * - `'self'`: any signed-in user, for routes that touch only the caller's own things (own sessions, own
 *   password): the handler scopes to `actor`, and any wider reach (an admin acting on another user) is
 *   checked inside with `can(actor, …)`.
 * Edge routes without a session (login, health, webhooks) declare theirs with `edgeAccess` (server/http/openapi.ts).
 */
export type RouteAccess = { permission: Permission; message?: string } | 'self';

export interface RouteInput<P, Q, B> {
  /** The signed-in caller. */
  actor: Actor;
  params: P;
  query: Q;
  body: B;
}

/** A successful answer that is not plain JSON 200. */
export class Created<T = unknown> {
  constructor(readonly value: T) {}
}
export class Download {
  constructor(
    readonly contentType: string,
    readonly filename: string,
    /** Text (CSV) or bytes (a ZIP export). */
    readonly body: string | Buffer,
  ) {}
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  tags: string[];
  summary: string;
  access: RouteAccess;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** Parsed from `{}` when the request has no body. */
  body?: z.ZodType<B>;
  /** The JSON answer (documentation; also the 201 shape of a `Created`). */
  response: z.ZodType | 'csv';
  /** The handler may answer `Created` (documents the 201 beside the 200). */
  mayCreate?: true;
  /** The error codes this route can answer with (documentation). */
  errors: ErrorCode[];
  /** The JSON answer (200), a `Created` (201) or a `Download`. */
  handler(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Declares one route with its input types inferred from its schemas. */
export function route<P = undefined, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** A feature's routes are built from the domain (their services), once per app. */
export type RoutesOf = (domain: Domain) => readonly RouteSpec[];
