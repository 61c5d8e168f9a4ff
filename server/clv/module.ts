import type { FeatureModule } from '../feature-module.js';
import { valueMigrations } from './migrations.js';
import { valueRoutes } from './routes.js';

/** Customer value and churn risk (BG/NBD + Gamma-Gamma): report, CSV export, refit. */
export const valueModule: FeatureModule = { name: 'value', migrations: valueMigrations, routes: ({ domain }) => valueRoutes(domain) };
