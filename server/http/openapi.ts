import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiErrorSchema, type Permission } from '../../shared/index.js';

/**
 * Route schemas are documentation only: the shared zod schemas do the validating inside the handlers
 * (so every error names its field the same way), and these JSON Schemas are generated from them.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
}

const errorSchema = jsonSchema(ApiErrorSchema);

/** `{ 400: error, 401: error, … }` for the statuses a route can answer with. */
export function errorResponses(...statuses: number[]): Record<number, Record<string, unknown>> {
  return Object.fromEntries(statuses.map((s) => [s, { description: 'error (shared ApiError shape)', ...errorSchema }]));
}

/**
 * Who may call an operation, as the OpenAPI document states it (`x-permission`, on every operation; the
 * authorization matrix test reads it): a permission name (signed-in, role holds it), `self` (any signed-in
 * user, own things only), or an edge credential: `public` (no credential: login, health), `ingest-key`
 * (the hub ingest key), `signature` (the sender signs the body: Shopify, Twilio).
 */
export type DeclaredAccess = Permission | 'self' | 'public' | 'ingest-key' | 'signature';
export const EDGE_CREDENTIALS = ['public', 'ingest-key', 'signature'] as const;

/** Schema keys declaring who may call: spread into every hand-registered route's `schema` (feature routes get it from their `access`). */
export function edgeAccess(access: DeclaredAccess): { 'x-permission': DeclaredAccess; security?: Record<string, string[]>[] } {
  if (access === 'public' || access === 'signature') return { 'x-permission': access };
  return { 'x-permission': access, security: [access === 'ingest-key' ? { ingestKey: [] } : { session: [] }] };
}

/** Registered on the root instance (not a child) so swagger's onRoute hook sees every route registered after it. */
export function registerOpenApi(app: FastifyInstance): void {
  void app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Omni Console hub',
        version: '1',
        description: 'One live customer timeline across calls, email, chat, SMS, store visits and purchases. Realtime updates are on socket.io (path /socket.io), documented in docs/api.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'http', scheme: 'bearer', description: 'token from POST /api/v1/auth/login' },
          ingestKey: { type: 'http', scheme: 'bearer', description: 'the hub ingest key (OMNI_INGEST_KEY)' },
        },
      },
    },
  });
  void app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: false } });
}
