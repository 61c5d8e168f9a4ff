import type { FastifyRequest } from 'fastify';
import type { ConnectorName } from '../../shared/index.js';
import type { Domain } from '../domain.js';
import { redactHeaders, redactUrl } from '../connectors/deliver.js';
import { toApiError } from '../http/errors.js';

/**
 * A failure answered at the HTTP edge of an ingest route (invalid payload, body too large, or an
 * unexpected 5xx) is kept as a dead letter of `connector` with the bytes as delivered and counted
 * as a failed delivery. The sender's answer never depends on this bookkeeping.
 * Requests that failed authentication (401) are not kept: anyone can send those.
 */
export async function recordEdgeFailure(domain: Domain, connector: ConnectorName, req: FastifyRequest, err: unknown, raw: Buffer): Promise<void> {
  const [status, body] = toApiError(err);
  if (status < 400 || status === 401) return;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
  const issues = body.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  // A 5xx body says only "internal error": the record keeps what actually went wrong.
  const reason = status >= 500 ? `internal error: ${err instanceof Error ? err.message : String(err)}` : issues ? `${body.error.message} (${issues})` : body.error.message;
  try {
    await domain.connectors.recordDeadLetter({
      connector,
      httpStatus: status,
      reason,
      headers: redactHeaders(headers),
      url: redactUrl(req.url),
      contentType: headers['content-type'] ?? null,
      body: raw,
    });
    await domain.connectors.delivered(connector, false, status >= 500 ? reason : body.error.message);
  } catch (e) {
    req.log.error({ err: e }, 'could not record dead letter');
  }
}
