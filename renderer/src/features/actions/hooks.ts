import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActionFeedbackRequest } from '../../../../shared/index.js';
import { useFeatureApi } from '../../api/HubProvider.js';
import { createActionsApi } from './api.js';
import { actionKeys } from './keys.js';

/** Ranked next actions; refetched when the hub says they changed (actions:updated) and after feedback. */
export function useActions(customerId: string) {
  const api = useFeatureApi(createActionsApi);
  return useQuery({
    queryKey: actionKeys.forCustomer(customerId),
    queryFn: ({ signal }) => api.getActions(customerId, signal),
    staleTime: 60_000,
    // Asking again keeps this customer "watched" by the hub's recompute (its interest expires after 30 min).
    refetchInterval: 10 * 60_000,
  });
}

export function useActionFeedback(customerId: string) {
  const api = useFeatureApi(createActionsApi);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ actionId, feedback }: { actionId: string; feedback: ActionFeedbackRequest }) => api.sendActionFeedback(actionId, feedback),
    onSuccess: () => qc.invalidateQueries({ queryKey: actionKeys.forCustomer(customerId) }),
  });
}

/** The created note/task/credit arrives in the timeline live (socket); the list is refetched here. */
export function useExecuteAction(customerId: string) {
  const api = useFeatureApi(createActionsApi);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (actionId: string) => api.executeAction(actionId),
    onSettled: () => qc.invalidateQueries({ queryKey: actionKeys.forCustomer(customerId) }),
  });
}
