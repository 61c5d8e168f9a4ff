import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFeatureApi } from '../../api/HubProvider.js';
import { customerKeys } from '../customers/keys.js';
import { createIdentityApi } from './api.js';
import { identityKeys } from './keys.js';

/** Probable duplicates of one customer (refetched when data changes: merges/splits invalidate it). */
export function useDuplicates(customerId: string) {
  const api = useFeatureApi(createIdentityApi);
  return useQuery({
    queryKey: identityKeys.duplicates(customerId),
    queryFn: ({ signal }) => api.getDuplicates(customerId, signal),
    staleTime: 30_000,
  });
}

/** Who merged / undid what and why, for the merge history. */
export function useAudit(customerId: string) {
  const api = useFeatureApi(createIdentityApi);
  return useQuery({
    queryKey: identityKeys.audit(customerId),
    queryFn: ({ signal }) => api.getAudit(customerId, signal),
    staleTime: 30_000,
  });
}

function useRefreshIdentity() {
  const qc = useQueryClient();
  return (ids: string[]) => {
    for (const id of ids) {
      void qc.invalidateQueries({ queryKey: customerKeys.profile(id) });
      void qc.invalidateQueries({ queryKey: customerKeys.timelineAll(id) });
    }
    void qc.invalidateQueries({ queryKey: identityKeys.duplicatesAll() });
    void qc.invalidateQueries({ queryKey: identityKeys.auditAll() });
    void qc.invalidateQueries({ queryKey: customerKeys.searchAll() });
  };
}

export function useMergeCustomers() {
  const api = useFeatureApi(createIdentityApi);
  const refresh = useRefreshIdentity();
  return useMutation({
    mutationFn: (v: { id: string; otherId: string; reason?: string }) => api.mergeCustomers(v.id, v.otherId, v.reason),
    onSuccess: (res) => refresh([res.intoId, res.fromId]),
  });
}

export function useUndoMerge() {
  const api = useFeatureApi(createIdentityApi);
  const refresh = useRefreshIdentity();
  return useMutation({
    mutationFn: (v: { mergeId: string; reason?: string }) => api.undoMerge(v.mergeId, v.reason),
    onSuccess: (res) => refresh([res.fromId, res.restoredId]),
  });
}
