import { defineModule } from '../feature-module.js';
import { SqlMergeService } from './merge-service.js';
import { mergeMigrations } from './migrations.js';
import { identityRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    merges: SqlMergeService;
  }
}

/** Manual merges, exact undo, the audit log, and the duplicate suggestions they act on. */
export const mergesModule = defineModule({
  name: 'merges',
  migrations: mergeMigrations,
  needs: ['customers'],
  services: ({ db, dialect, events, writeLock, services: { customers } }) => ({ merges: new SqlMergeService({ db, dialect, events, queries: customers, writeLock }) }),
  routes: ({ domain }) => identityRoutes(domain),
});
