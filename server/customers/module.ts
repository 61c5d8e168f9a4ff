import { defineModule } from '../feature-module.js';
import { SqlCustomerQueries } from './customer-queries.js';
import { customerMigrations } from './migrations.js';
import { customerRoutes } from './routes.js';
import { watchHandlers } from './watch.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    customers: SqlCustomerQueries;
  }
}

/** Customers and their timeline: the core schema, search, profile, timeline, and watching a customer live over the socket. */
export const customersModule = defineModule({
  name: 'customers',
  migrations: customerMigrations,
  services: ({ db, config }) => ({ customers: new SqlCustomerQueries(db, config.defaultRegion) }),
  routes: ({ domain }) => customerRoutes(domain),
  socket: ({ services, limits, log }) => watchHandlers(services.customers, { ...limits, ...(log ? { log } : {}) }),
});
