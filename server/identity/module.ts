import type { FeatureModule } from '../feature-module.js';
import { identityMigrations } from './migrations.js';

/** Identity resolution: household links and the duplicate-match index (its routes are the merges module's). */
export const identityModule: FeatureModule = { name: 'identity', migrations: identityMigrations };
