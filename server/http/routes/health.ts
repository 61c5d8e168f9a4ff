import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { edgeAccess, jsonSchema } from '../openapi.js';

const HealthSchema = z.object({ status: z.literal('ok') });

/** Liveness for supervisors and the e2e runner; no auth, no database round trip. */
export function healthRoutes(app: FastifyInstance): void {
  app.get(
    '/healthz',
    { schema: { ...edgeAccess('public'), tags: ['meta'], summary: 'Liveness', response: { 200: jsonSchema(HealthSchema) } } },
    async (): Promise<z.infer<typeof HealthSchema>> => ({ status: 'ok' }),
  );
}
