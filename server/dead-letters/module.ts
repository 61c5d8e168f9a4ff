import { defineModule } from '../feature-module.js';
import { SqlConnectorStore } from './connector-store.js';
import { deadLetterMigrations } from './migrations.js';
import { deadLetterRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    connectors: SqlConnectorStore;
  }
}

/** Deliveries that could not be ingested: kept whole, listed, replayed; connector status for admins. */
export const deadLettersModule = defineModule({
  name: 'dead-letters',
  migrations: deadLetterMigrations,
  // Connector bookkeeping: dead letters, delivery counters, items a connector stored earlier.
  services: ({ db }) => ({ connectors: new SqlConnectorStore(db) }),
  routes: deadLetterRoutes,
});
