import type { onErrorHookHandler, onSendHookHandler } from 'fastify';
import type { Domain } from '../domain.js';
import { redactHeaders } from '../connectors/deliver.js';
import { toApiError } from '../http/errors.js';
import { rawEventBodies } from '../http/routes/events.js';

/**
 * Route hooks for `POST /api/v1/events`: an invalid payload (4xx after authentication) is kept as
 * a dead letter of connector `events`, with the raw bytes as delivered (even when they are not JSON);
 * the sender still gets the same 4xx.
 */
export function eventsDeadLetterHooks(domain: Domain): { onError: onErrorHookHandler; onSend: onSendHookHandler } {
  return {
    onError: async (req, _reply, err) => {
      const [status, body] = toApiError(err);
      if (status < 400 || status >= 500 || status === 401) return;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      // The bytes as delivered (kept by the route's parser, also for bodies that are not JSON).
      const raw = rawEventBodies.get(req) ?? (req.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(req.body), 'utf8'));
      const issues = body.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      try {
        await domain.connectors.recordDeadLetter({
          connector: 'events',
          httpStatus: status,
          reason: issues ? `${body.error.message} (${issues})` : body.error.message,
          headers: redactHeaders(headers),
          url: req.url,
          contentType: headers['content-type'] ?? null,
          body: raw,
        });
        await domain.connectors.delivered('events', false, body.error.message);
      } catch (e) {
        req.log.error({ err: e }, 'could not record dead letter');
      }
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
