import { defineModule } from '../feature-module.js';
import { SqlAuthService } from './auth-service.js';
import { authMigrations } from './migrations.js';

const SWEEP_EVERY_MS = 60_000;

declare module '../feature-module.js' {
  interface ServiceRegistry {
    auth: SqlAuthService;
  }
}

/** Users, sessions and the ingest key (tables in 0001_init; session ids and login throttling in 0015). Login is an edge route: there is no session yet. */
export const authModule = defineModule({
  name: 'auth',
  edgeRoutes: 'auth',
  migrations: authMigrations,
  services: async ({ db, database, config, onClose, onError }) => {
    const auth = new SqlAuthService(db, { ...(config.sessions ? { sessions: config.sessions } : {}), ...(database.raw.dialect === 'sqlite' ? { sqlite: database.raw.sqlite } : {}) });
    // A key stored by an earlier run is accepted before bootstrap runs again.
    auth.useIngestKey(await auth.storedIngestKey());
    // Sessions that ended while their console sat idle on a socket: ended each minute, sockets disconnected.
    const sweep = setInterval(() => void auth.sweepEndedSessions().catch(onError), SWEEP_EVERY_MS);
    sweep.unref();
    onClose(() => clearInterval(sweep));
    return { auth };
  },
});
