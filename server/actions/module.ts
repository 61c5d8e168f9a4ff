import { defineModule } from '../feature-module.js';
import { SqlActionService } from './action-service.js';
import { actionMigrations } from './migrations.js';
import { actionRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    actions: SqlActionService;
  }
}

/** Recommended next actions: list, feedback, execute. */
export const actionsModule = defineModule({
  name: 'actions',
  migrations: actionMigrations,
  needs: ['customers', 'ingest'],
  services: ({ db, dialect, events, onError, onClose, services: { customers, ingest } }) => {
    // Reads the timeline beside the data flow: recomputed after customer.updated, never inside ingest.
    const actions = new SqlActionService({ db, dialect, customers, ingest, events, onError });
    onClose(async () => {
      actions.close();
      await actions.idle();
    });
    return { actions };
  },
  routes: ({ domain }) => actionRoutes(domain),
});
