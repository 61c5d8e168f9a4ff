import type { FeatureModule } from '../feature-module.js';
import { connectorMigrations } from './migrations.js';

/**
 * Webhook connectors (registry.ts). Their endpoints take raw bytes and prove the sender by signature
 * or ingest key, so the HTTP edge registers them itself (server/http/routes/connectors.ts).
 */
export const connectorsModule: FeatureModule = { name: 'connectors', migrations: connectorMigrations, edgeRoutes: 'webhooks' };
