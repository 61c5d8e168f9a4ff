import { defineModule } from '../feature-module.js';
import { SqlCustomerQueries } from './customer-queries.js';
import { customerMigrations } from './migrations.js';
import { MaskedCustomerReads } from './pii/masked-reads.js';
import { PiiAccess } from './pii/pii-access.js';
import { piiMigrations } from './pii/pii-migrations.js';
import { revealMsFromEnv } from './pii/reveal-setting.js';
import { resolveCustomerId } from './resolve-id.js';
import { customerRoutes } from './routes.js';
import { customerLookupRoute } from './search-lookup-route.js';
import { watchHandlers } from './watch.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    customers: SqlCustomerQueries;
    /** Masking and reveals of personal data (shared/pii.ts): who sees whose full contact details. */
    pii: PiiAccess;
  }
}

/** Customers and their timeline: the core schema, search, profile, timeline, PII masking and reveals, and watching a customer live over the socket. */
export const customersModule = defineModule({
  name: 'customers',
  migrations: (dialect) => ({ ...customerMigrations(dialect), ...piiMigrations(dialect) }),
  services: ({ db, config }) => {
    const customers = new SqlCustomerQueries(db, config.defaultRegion);
    return { customers, pii: new PiiAccess(db, (id) => resolveCustomerId(db, id), { revealMs: revealMsFromEnv() }) };
  },
  routes: ({ services }) => {
    const reads = new MaskedCustomerReads(services.customers!, services.pii!);
    return [...customerRoutes(reads, services.pii!), customerLookupRoute(reads, (actor, q, limit) => services.customers!.lookup(actor, q, limit))];
  },
  socket: ({ services, limits, log }) => watchHandlers(new MaskedCustomerReads(services.customers!, services.pii!), services.pii!, { ...limits, ...(log ? { log } : {}) }),
});
