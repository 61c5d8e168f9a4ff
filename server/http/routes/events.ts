import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IngestBatchSchema, IngestEventSchema, IngestResponseSchema, type IngestEvent, type IngestResponse } from '../../../shared/index.js';
import { InputError, type Domain } from '../../domain.js';
import { eventsDeadLetterHooks } from '../../dead-letters/events-hooks.js';
import { requireIngestKey } from '../auth.js';
import { HttpError, parseOr400 } from '../errors.js';
import { errorResponses, jsonSchema } from '../openapi.js';

/** One event, or `{events:[...]}`. Issue paths follow the shape sent: `occurredAt` vs `events[2].occurredAt`. */
export function parseIngestBody(body: unknown): { events: IngestEvent[]; single: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const message = 'expected one event object or {"events":[...]}';
    throw new HttpError(400, 'invalid_request', message, [{ path: '(body)', message }]);
  }
  if ('events' in body) return { events: parseOr400(IngestBatchSchema, body).events, single: false };
  return { events: [parseOr400(IngestEventSchema, body)], single: true };
}

/** Raw bytes of each JSON body on this route, so even a body that is not JSON is kept as a dead letter. */
export const rawEventBodies = new WeakMap<object, Buffer>();

export function eventRoutes(parent: FastifyInstance, domain: Domain): void {
  // Own scope: the JSON parser below (same parser, plus keeping the raw bytes) applies to this route only.
  void parent.register(async (app) => {
    const json = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    // As a buffer: decoding first would keep U+FFFD instead of the invalid bytes a sender delivered.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
      rawEventBodies.set(req, body as Buffer);
      json(req, (body as Buffer).toString('utf8'), done);
    });
    registerEventRoute(app, domain);
  });
}

function registerEventRoute(app: FastifyInstance, domain: Domain): void {
  app.post(
    '/api/v1/events',
    {
      onRequest: requireIngestKey(domain.auth),
      // Invalid payloads are kept as dead letters (same 4xx to the sender).
      ...eventsDeadLetterHooks(domain),
      schema: {
        tags: ['ingest'],
        summary: 'Ingest one event or a batch (all-or-nothing, idempotent on source + sourceEventId)',
        security: [{ ingestKey: [] }],
        body: jsonSchema(z.union([IngestEventSchema, IngestBatchSchema]), 'input'),
        response: { 202: jsonSchema(IngestResponseSchema), ...errorResponses(400, 401, 413, 415) },
      },
    },
    async (req, reply): Promise<IngestResponse> => {
      const { events, single } = parseIngestBody(req.body);
      try {
        const outcome = await domain.ingest.ingest(events);
        reply.code(202);
        return { results: outcome.results };
      } catch (err) {
        // The domain names fields batch-style; a single event was sent without the `events[0].` wrapper.
        if (single && err instanceof InputError && err.path.startsWith('events[0]')) {
          throw new InputError(err.path.replace(/^events\[0\]\.?/, '') || '(body)', err.message, err.code);
        }
        throw err;
      }
    },
  );
}
