import type { FeatureModule } from '../feature-module.js';

/** Users, sessions and the ingest key (tables in 0001_init). Login is an edge route: there is no session yet. */
export const authModule: FeatureModule = { name: 'auth', edgeRoutes: 'auth' };
