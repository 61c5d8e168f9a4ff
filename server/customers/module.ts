import type { FeatureModule } from '../feature-module.js';
import { customerMigrations } from './migrations.js';
import { customerRoutes } from './routes.js';

/** Customers and their timeline: the core schema, search, profile, timeline. */
export const customersModule: FeatureModule = { name: 'customers', migrations: customerMigrations, routes: ({ domain }) => customerRoutes(domain) };
