import type { FeatureModule } from './feature-module.js';

/** `GET /healthz`: liveness for supervisors, no auth, no database. */
export const healthModule: FeatureModule = { name: 'health', edgeRoutes: 'health' };
