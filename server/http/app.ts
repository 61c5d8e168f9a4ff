import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { HubConfig } from '../config.js';
import type { Domain } from '../domain.js';
import { installErrorHandling } from './errors.js';
import { registerOpenApi, edgeAccess } from './openapi.js';
import { installRenderer } from './renderer.js';
import { connectorSettings } from '../connectors/settings.js';
import type { ConnectorSettings } from '../connectors/types.js';
import type { EdgeRoutes } from '../feature-module.js';
import { MODULES } from '../modules.js';
import { registerFeatureRoutes } from './feature-routes.js';
import { authRoutes } from './routes/auth.js';
import { connectorRoutes } from './routes/connectors.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { installCors, installSecurityHeaders } from './security.js';

export interface AppDeps {
  domain: Domain;
  config: Pick<HubConfig, 'logLevel' | 'bodyLimit' | 'rendererDir' | 'corsOrigins'> &
    Partial<Pick<HubConfig, 'dataDir' | 'publicUrl' | 'defaultRegion' | 'shopifySecret' | 'twilioAuthToken'>>;
  /** Connector settings over the config's (tests); secrets come from config (OMNI_SHOPIFY_SECRET, OMNI_TWILIO_AUTH_TOKEN, OMNI_PUBLIC_URL). */
  connectors?: Partial<ConnectorSettings>;
}

/** The hub's HTTP edge. Not listening yet: `startHub` listens and attaches socket.io to `app.server`. */
export function buildApp({ domain, config, connectors }: AppDeps): FastifyInstance {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // Per-request lines only at debug/trace: at info the hub logs lifecycle and errors, not every GET.
    logController: new LogController({ disableRequestLogging: !verbose }),
    bodyLimit: config.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // zod (in the handlers) is the only validator; route schemas document, they neither validate nor reshape output.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // JSON only: anything else is a 415 rather than a string body the handlers would have to reject.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('user', null);

  installSecurityHeaders(app);
  installCors(app, config.corsOrigins);
  const spaFallback = installRenderer(app, config.rendererDir);
  installErrorHandling(app, spaFallback);

  registerOpenApi(app);
  // Routes go in a child registered after swagger so its onRoute hook sees them.
  void app.register(async (api) => {
    const settings = connectorSettings(config, connectors);
    // The routes the edge implements itself (raw bytes, keys, signatures, no session yet), by name.
    const edge: Record<EdgeRoutes, () => void> = {
      health: () => healthRoutes(api),
      auth: () => authRoutes(api, domain),
      events: () => eventRoutes(api, domain),
      webhooks: () => connectorRoutes(api, domain, settings),
    };
    // Every module's routes, in list order (server/modules.ts).
    for (const m of MODULES) {
      if (m.edgeRoutes) edge[m.edgeRoutes]();
      for (const a of m.publicAssets?.() ?? []) api.get(a.path, { schema: { ...edgeAccess('public'), tags: ['widget'], summary: a.summary } }, async (_req, reply) => reply.type(a.contentType).header('cache-control', 'no-cache').header('cross-origin-resource-policy', a.embeddable ? 'cross-origin' : 'same-origin').send(a.body()));
      if (m.routes) registerFeatureRoutes(api, domain.auth, m.routes({ domain, services: domain.features.get(m.name) ?? {}, connectors: settings }));
    }
  });
  return app;
}
