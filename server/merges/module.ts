import type { FeatureModule } from '../feature-module.js';
import { mergeMigrations } from './migrations.js';
import { identityRoutes } from './routes.js';

/** Manual merges, exact undo, the audit log, and the duplicate suggestions they act on. */
export const mergesModule: FeatureModule = { name: 'merges', migrations: mergeMigrations, routes: ({ domain }) => identityRoutes(domain) };
