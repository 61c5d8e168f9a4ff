import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The console's CSP: only our own scripts; inline styles for the virtualized list; sandboxed email iframes via about:srcdoc. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:", // https: only takes effect inside an email the agent chose to show images for
  "connect-src 'self' ws: wss:",
  "frame-src 'self' about:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Security headers on every response, errors and static files included (onSend runs for all of them). */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    // A download keeps its own stricter CSP (sandbox: server/http/download-headers.ts).
    // A public asset another site embeds (the chat widget's script) keeps its own cross-origin resource policy.
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if ((k !== 'content-security-policy' && k !== 'cross-origin-resource-policy') || !reply.hasHeader(k)) reply.header(k, v);
    return payload;
  });
}

/**
 * CORS policy: same origin only. The console is served by the hub itself (browser and Electron both load
 * http://host:port/), so it never needs CORS; we send no Access-Control-* headers by default and the browser
 * blocks every other origin. `allowed` (OMNI_CORS_ORIGINS) opens explicit dev origins such as a Vite dev server.
 * Origin `null` (file://, sandboxed iframes — e.g. the email viewer) is never allowed.
 */
export function installCors(app: FastifyInstance, allowed: readonly string[]): void {
  if (allowed.length === 0) return;
  app.addHook('onRequest', async (req, reply) => {
    const origin = allowedOrigin(req, allowed);
    if (!origin) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      reply
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type')
        .header('access-control-max-age', '600')
        .code(204)
        .send();
    }
  });
}

function allowedOrigin(req: FastifyRequest, allowed: readonly string[]): string | null {
  const origin = req.headers.origin;
  return typeof origin === 'string' && allowed.includes(origin) ? origin : null;
}
