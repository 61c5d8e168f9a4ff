import type { FastifyRequest, onErrorHookHandler, onSendHookHandler } from 'fastify';
import { systemActor, type ConnectorName } from '../../shared/index.js';
import { redactHeaders, redactUrl } from '../connectors/deliver.js';
import type { Domain } from '../domain.js';
import { toApiError } from './errors.js';

/** Raw bytes of each JSON body on `POST /api/v1/events`, so even a body that is not JSON is kept as a dead letter. */
export const rawEventBodies = new WeakMap<object, Buffer>();

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
        await domain.connectors.delivered(systemActor('connector:events'), 'events', true);
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

/**
 * A failure answered at the HTTP edge of an ingest route (invalid payload, body too large, or an
 * unexpected 5xx) is kept as a dead letter of `connector` with the bytes as delivered and counted
 * as a failed delivery. The sender's answer never depends on this bookkeeping.
 * Requests that failed authentication (401) are not kept: anyone can send those.
 */
export async function recordEdgeFailure(domain: Domain, connector: ConnectorName, req: FastifyRequest, err: unknown, raw: Buffer): Promise<void> {
  const [status, body] = toApiError(err);
  if (status < 400 || status === 401) return;
  const sender = systemActor(`connector:${connector}`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
  const issues = body.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  // A 5xx body says only "internal error": the record keeps what actually went wrong.
  const reason = status >= 500 ? `internal error: ${err instanceof Error ? err.message : String(err)}` : issues ? `${body.error.message} (${issues})` : body.error.message;
  try {
    await domain.connectors.recordDeadLetter(sender, {
      connector,
      httpStatus: status,
      reason,
      headers: redactHeaders(headers),
      url: redactUrl(req.url),
      contentType: headers['content-type'] ?? null,
      body: raw,
    });
    await domain.connectors.delivered(sender, connector, false, status >= 500 ? reason : body.error.message);
  } catch (e) {
    req.log.error({ err: e }, 'could not record dead letter');
  }
}
