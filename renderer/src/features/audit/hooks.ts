import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useFeatureApi } from '../../api/HubProvider.js';
import { createAuditApi, type AuditFilter } from './api.js';
import { auditKeys } from './keys.js';

/** The audit trail, newest first, 50 rows a page; `fetchNextPage` loads older rows. */
export function useAuditLog(filter: AuditFilter) {
  const api = useFeatureApi(createAuditApi);
  return useInfiniteQuery({
    queryKey: auditKeys.list(filter),
    queryFn: ({ pageParam, signal }) => api.listAudit(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });
}

/** Who opened this customer's profile (leads and admins only: `enabled` false for the others). */
export function useCustomerViewers(customerId: string, enabled: boolean) {
  const api = useFeatureApi(createAuditApi);
  return useQuery({ queryKey: auditKeys.viewers(customerId), queryFn: ({ signal }) => api.customerViewers(customerId, signal), enabled, staleTime: 30_000 });
}
