import { DEFAULT_SESSION_POLICY } from '../auth/session-policy.js';
import { MaskedCustomerReads } from '../customers/pii/masked-reads.js';
import { defineModule } from '../feature-module.js';
import { CounterService } from './counter-service.js';
import { counterRoutes } from './routes.js';
import { storesFromEnv } from './stores.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    counter: CounterService;
  }
}

/** Counter mode for store associates (issue 17): the compact profile, store visits, notes, new customers with consent. No tables: everything is events. */
export const counterModule = defineModule({
  name: 'counter',
  needs: ['customers', 'pii', 'ingest'],
  services: ({ config, services: { customers, pii, ingest } }) => ({
    counter: new CounterService({
      customers,
      reads: new MaskedCustomerReads(customers, pii),
      ingest,
      stores: storesFromEnv(),
      sessions: { ...DEFAULT_SESSION_POLICY, ...config.sessions },
    }),
  }),
  routes: ({ services }) => counterRoutes(services.counter!),
});
