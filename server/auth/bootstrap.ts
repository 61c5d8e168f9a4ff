import type { BootstrapOptions, BootstrapResult } from '../domain.js';
import type { SqlAuthService } from './auth-service.js';
import { randomSecret } from './passwords.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@omni.local';

/**
 * First-run setup, idempotent: the admin user (only when no user has that email; a generated
 * password is returned once) and the ingest key (an explicit key replaces the stored one).
 */
export async function bootstrap(auth: SqlAuthService, opts: BootstrapOptions): Promise<BootstrapResult> {
  const adminEmail = (opts.adminEmail ?? DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  let generatedAdminPassword: string | undefined;
  if (!(await auth.userExists(adminEmail))) {
    const password = opts.adminPassword ?? randomSecret(15);
    await auth.createUser({ email: adminEmail, name: 'Admin', role: 'admin', password });
    if (opts.adminPassword === undefined) generatedAdminPassword = password;
  }

  let ingestKey: string;
  let generatedIngestKey = false;
  if (opts.ingestKey) {
    ingestKey = opts.ingestKey;
    if ((await auth.storedIngestKey()) !== ingestKey) await auth.setIngestKey(ingestKey);
    else auth.useIngestKey(ingestKey);
  } else {
    const stored = await auth.storedIngestKey();
    if (stored) {
      ingestKey = stored;
      auth.useIngestKey(stored);
    } else {
      ingestKey = `omk_${randomSecret(24)}`;
      await auth.setIngestKey(ingestKey);
      generatedIngestKey = true;
    }
  }
  return { adminEmail, ...(generatedAdminPassword ? { generatedAdminPassword } : {}), ingestKey, generatedIngestKey };
}
