import { AuditResponseSchema, DuplicatesResponseSchema, MergeResponseSchema, UndoMergeResponseSchema, type AuditEntry, type DuplicateSuggestion, type MergeResponse, type UndoMergeResponse } from '../../../../shared/index.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

/** Identity (issue 4): probable duplicates with evidence, manual merge, exact undo, the merge audit. */
export function createIdentityApi(hub: HubFetch) {
  return {
    getDuplicates: async (id: string, signal?: AbortSignal): Promise<DuplicateSuggestion[]> =>
      (await hub.json(DuplicatesResponseSchema, `/api/v1/customers/${seg(id)}/duplicates`, { signal })).suggestions,
    mergeCustomers: (id: string, otherId: string, reason?: string): Promise<MergeResponse> =>
      hub.json(MergeResponseSchema, `/api/v1/customers/${seg(id)}/merge`, { method: 'POST', ...jsonBody(reason ? { otherId, reason } : { otherId }) }),
    undoMerge: (mergeId: string, reason?: string): Promise<UndoMergeResponse> =>
      hub.json(UndoMergeResponseSchema, `/api/v1/merges/${seg(mergeId)}/undo`, { method: 'POST', ...jsonBody(reason ? { reason } : {}) }),
    getAudit: async (id: string, signal?: AbortSignal): Promise<AuditEntry[]> => (await hub.json(AuditResponseSchema, `/api/v1/customers/${seg(id)}/audit`, { signal })).entries,
  };
}
