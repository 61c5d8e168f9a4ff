import { defineModule } from '../feature-module.js';
import { privacyMigrations } from './migrations.js';
import { PrivacyService } from './privacy-service.js';
import { privacyRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    privacy: PrivacyService;
  }
}

/** Privacy requests (issue 10): export, erasure with tombstones, senders' requests, per-channel marketing consent. */
export const privacyModule = defineModule({
  name: 'privacy',
  migrations: privacyMigrations,
  needs: ['customers'],
  services: ({ db, dialect, events, writeLock, services: { customers } }) => {
    const privacy = new PrivacyService({ db, dialect, events, writeLock, customers });
    // The profile shows each channel's consent with its source event.
    customers.consentsOf = (survivorId) => privacy.consentsOf(survivorId);
    return { privacy };
  },
  routes: (ctx) => privacyRoutes(ctx),
});
