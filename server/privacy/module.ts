import { defineModule } from '../feature-module.js';
import { recordConsentSignals } from './consent-signals.js';
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
  needs: ['customers', 'ingest'],
  services: ({ db, dialect, events, writeLock, services: { customers, ingest } }) => {
    const privacy = new PrivacyService({ db, dialect, events, writeLock, customers });
    // Consent signals are kept with the events that carry them, in the ingest transaction (consent-signals.ts).
    ingest.addWriteHook(recordConsentSignals);
    // The profile shows each channel's consent with its source event.
    customers.consentsOf = (survivorId) => privacy.consentsOf(survivorId);
    return { privacy };
  },
  routes: (ctx) => privacyRoutes(ctx),
});
