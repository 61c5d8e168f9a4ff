import { actionsFeature } from '../features/actions/module.js';
import { auditFeature } from '../features/audit/module.js';
import { collisionFeature } from '../features/collision/module.js';
import { composerFeature } from '../features/composer/module.js';
import { connectorsFeature } from '../features/connectors/module.js';
import { counterFeature } from '../features/counter/module.js';
import { customersFeature } from '../features/customers/module.js';
import type { FeatureModule } from '../features/feature-module.js';
import { floorFeature } from '../features/floor/module.js';
import { identityFeature } from '../features/identity/module.js';
import { inboxFeature } from '../features/inbox/module.js';
import { privacyFeature } from '../features/privacy/module.js';
import { slaFeature } from '../features/sla/module.js';
import { usersFeature } from '../features/users/module.js';
import { valueFeature } from '../features/value/module.js';

/**
 * The one list of the console's features. Routes, header entries, customer panels, live handlers and
 * sign-out resets are all built from it; order = order on screen and of live handlers.
 * (auth is not a module: the session gates everything else, see app/router.tsx.)
 */
export const FEATURES: readonly FeatureModule[] = [customersFeature, identityFeature, actionsFeature, valueFeature, connectorsFeature, usersFeature, auditFeature, privacyFeature, inboxFeature, counterFeature, collisionFeature, slaFeature, floorFeature, composerFeature];
