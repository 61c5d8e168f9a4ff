import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ConnectorResponseSchema, type ConnectorResponse } from '../../../shared/index.js';
import { deliver } from '../../connectors/deliver.js';
import { recordEdgeFailure } from '../dead-letter-hooks.js';
import { CONNECTOR_ROUTES, type ConnectorAuth } from '../../connectors/registry.js';
import type { ConnectorRequest, ConnectorSettings } from '../../connectors/types.js';
import type { Domain } from '../../domain.js';
import { bearerToken, requireIngestKey } from '../auth.js';
import { unauthorized } from '../errors.js';
import { edgeAccess, errorResponses, jsonSchema } from '../openapi.js';

/** Requests whose failures deliver() already kept as dead letters. */
const deliveredRequests = new WeakSet<FastifyRequest>();

/**
 * Webhook endpoints. Registered in their own encapsulated scope whose only content-type parser
 * keeps the raw bytes (signatures are computed over them, dead letters store them), so the JSON
 * API elsewhere keeps its parsers and its 415s.
 */
export function connectorRoutes(app: FastifyInstance, domain: Domain, settings: ConnectorSettings): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    for (const route of CONNECTOR_ROUTES) {
      if (!route.path) continue;
      const onRequest = authHook(route.auth, domain);
      const { connector } = route;
      scope.post(
        route.path,
        {
          ...(onRequest ? { onRequest } : {}),
          // deliver() keeps its own failures (5xx included); this keeps those before it (body too large, …).
          onError: async (req, _reply, err) => {
            if (deliveredRequests.has(req)) return;
            const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
            await recordEdgeFailure(domain, connector.name, req, err, connector.redact ? connector.redact(body) : body);
          },
          schema: {
            tags: ['connectors'],
            summary: route.summary,
            ...edgeAccess(route.auth === 'signature' ? 'signature' : 'ingest-key'),
            response: { 202: jsonSchema(ConnectorResponseSchema), ...errorResponses(400, 401, 413) },
          },
        },
        async (req, reply): Promise<ConnectorResponse> => {
          deliveredRequests.add(req);
          const out = await deliver(connector, toConnectorRequest(req), { domain, settings });
          reply.code(202);
          return out;
        },
      );
    }
  });
}

function authHook(auth: ConnectorAuth, domain: Domain): onRequestHookHandler | null {
  if (auth === 'signature') return null;
  if (auth === 'ingest-key') return requireIngestKey(domain.auth);
  return async (req) => {
    const key = basicOrQueryKey(req);
    if (!key) throw unauthorized('authorization', 'missing ingest key: use Basic auth (any user, key as password) or ?key=');
    if (!domain.auth.checkIngestKey(key)) throw unauthorized('authorization', 'ingest key is not valid');
  };
}

/** SendGrid cannot send a Bearer header: the key comes as Basic auth (either part) or `?key=`. */
function basicOrQueryKey(req: FastifyRequest): string | null {
  const bearer = bearerToken(req);
  if (bearer) return bearer;
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Basic[ \t]+([A-Za-z0-9+/=]{1,2048})[ \t]*$/i.exec(header);
    if (m) {
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon === -1 ? decoded : decoded.slice(0, colon);
      const pass = colon === -1 ? '' : decoded.slice(colon + 1);
      return pass || user || null;
    }
  }
  const q = req.query as Record<string, unknown> | undefined;
  return typeof q?.['key'] === 'string' && q['key'] !== '' ? q['key'] : null;
}

export function toConnectorRequest(req: FastifyRequest): ConnectorRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query as Record<string, unknown>) ?? {})) if (typeof v === 'string') query[k] = v;
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  return { headers, body, url: req.url, query, contentType: headers['content-type'] ?? null };
}
