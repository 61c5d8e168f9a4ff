import type { FeatureModule } from '../feature-module.js';
import { actionMigrations } from './migrations.js';
import { actionRoutes } from './routes.js';

/** Recommended next actions: list, feedback, execute. */
export const actionsModule: FeatureModule = { name: 'actions', migrations: actionMigrations, routes: ({ domain }) => actionRoutes(domain) };
