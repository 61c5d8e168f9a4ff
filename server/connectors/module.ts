import { defineModule } from '../feature-module.js';
import { SqlHeldDeliveries } from './held-deliveries.js';
import { connectorMigrations } from './migrations.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    held: SqlHeldDeliveries;
  }
}

/**
 * Webhook connectors (registry.ts). Their endpoints take raw bytes and prove the sender by signature
 * or ingest key, so the HTTP edge registers them itself (server/http/routes/connectors.ts).
 */
export const connectorsModule = defineModule({
  name: 'connectors',
  migrations: connectorMigrations,
  // Deliveries that arrived before what they attach to (e.g. a refund before its order).
  services: ({ db }) => ({ held: new SqlHeldDeliveries(db) }),
  edgeRoutes: 'webhooks',
});
