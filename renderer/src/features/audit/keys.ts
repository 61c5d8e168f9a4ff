import type { AuditFilter } from './api.js';

/** The audit feature's react-query keys. */
export const auditKeys = {
  all: () => ['audit'] as const,
  list: (f: AuditFilter) => ['audit', 'list', f.actor ?? '', f.customerId ?? '', f.action ?? ''] as const,
  viewers: (customerId: string) => ['audit', 'viewers', customerId] as const,
};
