import type { FeatureModule } from '../feature-module.js';
import { deadLetterMigrations } from './migrations.js';
import { deadLetterRoutes } from './routes.js';

/** Deliveries that could not be ingested: kept whole, listed, replayed; connector status for admins. */
export const deadLettersModule: FeatureModule = { name: 'dead-letters', migrations: deadLetterMigrations, routes: deadLetterRoutes };
