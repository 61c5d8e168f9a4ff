import { AuditChainReportSchema, AuditLogPageSchema, CustomerViewersResponseSchema, type AuditChainReport, type AuditLogPage, type CustomerViewersResponse } from '../../../../shared/index.js';
import { seg, type HubFetch } from '../../api/hub-fetch.js';

/** What the audit screen filters on (all optional). */
export interface AuditFilter {
  actor?: string;
  customerId?: string;
  action?: string;
}

/** The audit trail and "who viewed this customer" (audit.read: leads and admins). */
export function createAuditApi(hub: HubFetch) {
  return {
    listAudit: (filter: AuditFilter, before: string | null, signal?: AbortSignal): Promise<AuditLogPage> => {
      const qs = new URLSearchParams({ limit: '50' });
      if (filter.actor) qs.set('actor', filter.actor);
      if (filter.customerId) qs.set('customerId', filter.customerId);
      if (filter.action) qs.set('action', filter.action);
      if (before) qs.set('before', before);
      return hub.json(AuditLogPageSchema, `/api/v1/audit?${qs}`, { signal });
    },
    /** Walks the whole hash chain on the hub (slow on a long log: on demand only). */
    verifyChain: (): Promise<AuditChainReport> => hub.json(AuditChainReportSchema, '/api/v1/audit/verify'),
    customerViewers: (customerId: string, signal?: AbortSignal): Promise<CustomerViewersResponse> =>
      hub.json(CustomerViewersResponseSchema, `/api/v1/customers/${seg(customerId)}/viewers`, { signal }),
  };
}
