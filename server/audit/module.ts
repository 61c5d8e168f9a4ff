import type { Domain } from '../domain.js';
import { defineModule } from '../feature-module.js';
import { SqlAuditService } from './audit-service.js';
import { auditMigrations } from './migrations.js';
import { auditRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    audit: SqlAuditService;
  }
}

/** The append-only, hash-chained audit trail: its chain migration, reading it, who viewed a customer. */
export const auditModule = defineModule({
  name: 'audit',
  migrations: auditMigrations,
  services: ({ db }) => ({ audit: new SqlAuditService(db) }),
  routes: auditRoutes,
});

/** The audit service of a wired domain, for the HTTP edge's own routes (sign-in, sign-out); null when the module is absent. */
export function auditServiceOf(domain: Domain): SqlAuditService | null {
  const own = domain.features.get('audit') as { audit?: SqlAuditService } | undefined;
  return own?.audit ?? null;
}
