import { actionsModule } from './actions/module.js';
import { attachmentsModule } from './attachments/module.js';
import { auditModule } from './audit/module.js';
import { callLogsModule } from './call-logs/module.js';
import { authModule } from './auth/module.js';
import { totpModule } from './auth/totp-module.js';
import { valueModule } from './clv/module.js';
import { collisionModule } from './collision/module.js';
import { connectorsModule } from './connectors/module.js';
import { conversationsModule } from './conversations/module.js';
import { counterModule } from './counter/module.js';
import { customersModule } from './customers/module.js';
import { deadLettersModule } from './dead-letters/module.js';
import type { AnyFeatureModule } from './feature-module.js';
import { healthModule } from './health-module.js';
import { identityModule } from './identity/module.js';
import { ingestModule } from './ingest/module.js';
import { mergesModule } from './merges/module.js';
import { macrosModule } from './macros/module.js';
import { outboundModule } from './outbound/module.js';
import { widgetModule } from './widget/module.js';
import { privacyModule } from './privacy/module.js';
import { presenceModule } from './presence/module.js';
import { routingModule } from './routing/module.js';
import { metricsModule } from './metrics/module.js';
import { slaModule, slaSettingsModule } from './sla/module.js';
import { usersModule } from './users/module.js';

/**
 * Every feature of the hub, the one place a new one is added: its migrations run (in name order), its
 * services are built in list order (each on the services it `needs`, so a module comes after what it
 * needs: customers before ingest, merges, value and actions), its routes and socket handlers are
 * registered in list order; on close, later modules stop first.
 */
export const MODULES: readonly AnyFeatureModule[] = [
  healthModule,
  authModule,
  usersModule,
  auditModule,
  totpModule,
  customersModule,
  ingestModule,
  identityModule,
  mergesModule,
  valueModule,
  actionsModule,
  connectorsModule,
  deadLettersModule,
  privacyModule,
  slaSettingsModule,
  conversationsModule,
  outboundModule,
  callLogsModule,
  widgetModule,
  macrosModule,
  slaModule,
  collisionModule,
  counterModule,
  attachmentsModule,
  presenceModule,
  routingModule,
  metricsModule,
];
