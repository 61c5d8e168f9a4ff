import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Omni Console hub</title></head>
<body><main><h1>Omni Console hub is running</h1>
<p>The console has not been built yet: run <code>npm run build</code> (or set <code>OMNI_RENDERER_DIR</code>) and reload.</p>
<p>API docs: <a href="/api/docs">/api/docs</a></p></main></body></html>
`;

/** Paths that belong to the API, never to the SPA fallback. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/') || path.startsWith('/socket.io') || path === '/healthz';

/**
 * A path-style link to a console screen (`/customers/cus_1?channels=email`, `/inbox`, `/conversations/c_9`)
 * as the hash route the console uses (renderer/src/app/router.tsx says why hash). Relative, so a hub behind a
 * path prefix still lands on its own index.html: `/customers/cus_1` -> `../#/customers/cus_1`.
 */
export function hashRouteLocation(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/\/+$/, '') || '/';
  const query = q < 0 ? '' : url.slice(q);
  const depth = path.split('/').length - 2;
  return `${depth > 0 ? '../'.repeat(depth) : './'}#${path}${query}`;
}

/**
 * Serves the built renderer. Returns the not-found fallback: an unknown non-API GET without a file extension
 * is a client-side route: a browser (Accept: text/html) is redirected to its hash route, anything else
 * gets index.html (or, when the console is not built, a page saying so).
 */
export function installRenderer(app: FastifyInstance, rendererDir: string | undefined): (req: FastifyRequest, reply: FastifyReply) => Promise<boolean> {
  const built = rendererDir !== undefined && existsSync(join(rendererDir, 'index.html'));
  if (built) {
    app.register(fastifyStatic, {
      root: rendererDir,
      prefix: '/',
      index: ['index.html'],
      // Hashed build assets can be cached forever; index.html must be revalidated to pick up a new build.
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_HTML));
  }

  return async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/';
    const last = path.slice(path.lastIndexOf('/') + 1);
    if (isApiPath(path) || last.includes('.')) return false;
    // A browser opening a shared link: on to the hash route (Back, reload and sharing then keep working).
    if (path !== '/' && String(req.headers.accept ?? '').includes('text/html')) {
      void reply.code(302).header('cache-control', 'no-cache').redirect(hashRouteLocation(req.url), 302);
      return true;
    }
    if (built) void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    else void reply.type('text/html; charset=utf-8').send(NOT_BUILT_HTML);
    return true;
  };
}
