import { actionsModule } from './actions/module.js';
import { authModule } from './auth/module.js';
import { valueModule } from './clv/module.js';
import { connectorsModule } from './connectors/module.js';
import { customersModule } from './customers/module.js';
import { deadLettersModule } from './dead-letters/module.js';
import type { FeatureModule } from './feature-module.js';
import { healthModule } from './health-module.js';
import { identityModule } from './identity/module.js';
import { ingestModule } from './ingest/module.js';
import { mergesModule } from './merges/module.js';

/**
 * Every feature of the hub, the one place a new one is added: its migrations run (in name order), its
 * services are built (in list order, after the core ports), its routes are registered (in list order).
 */
export const MODULES: readonly FeatureModule[] = [
  healthModule,
  authModule,
  ingestModule,
  customersModule,
  identityModule,
  mergesModule,
  actionsModule,
  valueModule,
  connectorsModule,
  deadLettersModule,
];
