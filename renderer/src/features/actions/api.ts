import {
  ActionExecuteResponseSchema,
  ActionFeedbackResponseSchema,
  ActionListResponseSchema,
  type ActionExecuteResponse,
  type ActionFeedbackRequest,
  type ActionFeedbackResponse,
  type RecommendedAction,
} from '../../../../shared/index.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

/** Next actions (issue 5): ranked list, feedback, execute. */
export function createActionsApi(hub: HubFetch) {
  return {
    getActions: async (customerId: string, signal?: AbortSignal): Promise<RecommendedAction[]> =>
      (await hub.json(ActionListResponseSchema, `/api/v1/customers/${seg(customerId)}/actions`, { signal })).actions,
    sendActionFeedback: (actionId: string, feedback: ActionFeedbackRequest): Promise<ActionFeedbackResponse> =>
      hub.json(ActionFeedbackResponseSchema, `/api/v1/actions/${seg(actionId)}/feedback`, { method: 'POST', ...jsonBody(feedback) }),
    executeAction: (actionId: string): Promise<ActionExecuteResponse> => hub.json(ActionExecuteResponseSchema, `/api/v1/actions/${seg(actionId)}/execute`, { method: 'POST' }),
  };
}
