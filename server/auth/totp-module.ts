import { defineModule } from '../feature-module.js';
import { totpRoutes } from './totp-routes.js';
import { TotpService } from './totp-service.js';
import { totpMigrations } from './totp-tables.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    totp: TotpService;
  }
}

/** Optional two-step sign-in with an authenticator app (tables in 0020), plugged into the password login of `auth`. */
export const totpModule = defineModule({
  name: 'totp',
  migrations: totpMigrations,
  needs: ['auth'],
  services: async ({ db, config, services: { auth } }) => {
    const totp = new TotpService(db, auth, config.totp ?? {});
    auth.useSecondFactor(totp);
    // OMNI_REQUIRE_2FA=admin: admins signed in before it was required sign in again, through enrolment.
    await totp.endSessionsOfUnenrolledAdmins();
    return { totp };
  },
  routes: ({ services }) => totpRoutes(services.totp!),
});
