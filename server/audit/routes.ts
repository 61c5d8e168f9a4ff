import { z } from 'zod';
import { AuditChainReportSchema, AuditListQuerySchema, AuditLogPageSchema, CustomerViewersResponseSchema } from '../../shared/index.js';
import type { RouteContext } from '../feature-module.js';
import { route, type RouteAccess } from '../route-spec.js';
import type { SqlAuditService } from './audit-service.js';

const CustomerParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(64, 'id is too long') });

const AUDIT_READERS: RouteAccess = { permission: 'audit.read', message: 'reading the audit trail needs a lead or admin' };

/** The audit trail for leads and admins, and "who viewed this customer" on the profile. */
export function auditRoutes({ services }: RouteContext<{ audit?: SqlAuditService }>) {
  const audit = services.audit;
  if (!audit) throw new Error('audit routes need the audit service');
  return [
    route({
      method: 'GET',
      path: '/api/v1/audit',
      tags: ['audit'],
      summary: 'The audit trail, newest first; filter by actor (user id), customer, action; page with before = nextBefore',
      access: AUDIT_READERS,
      query: AuditListQuerySchema,
      response: AuditLogPageSchema,
      errors: ['invalid_request', 'unauthorized', 'forbidden'],
      handler: ({ actor, query }) => audit.list(actor, query),
    }),
    route({
      method: 'GET',
      path: '/api/v1/audit/verify',
      tags: ['audit'],
      summary: 'Walks the hash chain (like npm run audit:verify): ok with the row count and head hash, or the first row that does not follow',
      access: AUDIT_READERS,
      response: AuditChainReportSchema,
      errors: ['unauthorized', 'forbidden'],
      handler: ({ actor }) => audit.verify(actor),
    }),
    route({
      method: 'GET',
      path: '/api/v1/customers/:id/viewers',
      tags: ['audit'],
      summary: 'Who viewed this customer: each user with their last view and number of views, most recent first',
      access: AUDIT_READERS,
      params: CustomerParamsSchema,
      response: CustomerViewersResponseSchema,
      errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
      handler: ({ actor, params }) => audit.viewers(actor, params.id),
    }),
  ];
}
