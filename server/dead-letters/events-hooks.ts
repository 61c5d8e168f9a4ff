import type { onErrorHookHandler, onSendHookHandler } from 'fastify';
import type { Domain } from '../domain.js';
import { rawEventBodies } from '../http/routes/events.js';
import { recordEdgeFailure } from './edge-failures.js';

/**
 * Route hooks for `POST /api/v1/events`: a failed payload (4xx after authentication, or a 5xx) is
 * kept as a dead letter of connector `events`, with the raw bytes as delivered (even when they are
 * not JSON); the sender still gets the same answer.
 */
export function eventsDeadLetterHooks(domain: Domain): { onError: onErrorHookHandler; onSend: onSendHookHandler } {
  return {
    onError: async (req, _reply, err) => {
      // The bytes as delivered (kept by the route's parser, also for bodies that are not JSON).
      await recordEdgeFailure(domain, 'events', req, err, rawEventBodies.get(req) ?? reserialized(req.body));
    },
    // onSend (not onResponse): counted before the sender sees the 202.
    onSend: async (req, reply, payload) => {
      if (reply.statusCode !== 202) return payload;
      try {
        await domain.connectors.delivered('events', true);
      } catch (e) {
        req.log.error({ err: e }, 'could not count delivery');
      }
      return payload;
    },
  };
}

function reserialized(body: unknown): Buffer {
  try {
    return Buffer.from(JSON.stringify(body) ?? '', 'utf8');
  } catch {
    return Buffer.alloc(0);
  }
}
