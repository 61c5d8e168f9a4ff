import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IngestBatchSchema, IngestEventSchema, IngestResponseSchema, systemActor, type IngestResponse } from '../../../shared/index.js';
import type { Domain } from '../../domain.js';
import { asSingleEventError, parseIngestBody } from '../../ingest/ingest-body.js';
import { requireIngestKey } from '../auth.js';
import { eventsDeadLetterHooks, rawEventBodies } from '../dead-letter-hooks.js';
import { edgeAccess, errorResponses, jsonSchema } from '../openapi.js';

/** The sender proved the ingest key, not a person: it calls the domain as the `events` connector. */
const EVENTS_SENDER = systemActor('connector:events');

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
        ...edgeAccess('ingest-key'),
        body: jsonSchema(z.union([IngestEventSchema, IngestBatchSchema]), 'input'),
        response: { 202: jsonSchema(IngestResponseSchema), ...errorResponses(400, 401, 413, 415) },
      },
    },
    async (req, reply): Promise<IngestResponse> => {
      const { events, single } = parseIngestBody(req.body);
      try {
        const outcome = await domain.ingest.ingest(EVENTS_SENDER, events);
        reply.code(202);
        return { results: outcome.results };
      } catch (err) {
        throw single ? asSingleEventError(err) : err;
      }
    },
  );
}
