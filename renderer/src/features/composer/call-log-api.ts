import { CallLogListSchema, CallLogResultSchema, type CallLog, type CallLogResult, type CreateCallLog } from '../../../../shared/index.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

/** Logged calls of a conversation (server/call-logs). */
export function createCallLogApi(hub: HubFetch) {
  const path = (id: string) => `/api/v1/conversations/${seg(id)}/call-logs`;
  return {
    callLogs: async (conversationId: string, signal?: AbortSignal): Promise<CallLog[]> => (await hub.json(CallLogListSchema, path(conversationId), { signal })).callLogs,
    logCall: (conversationId: string, body: CreateCallLog): Promise<CallLogResult> => hub.json(CallLogResultSchema, path(conversationId), { method: 'POST', ...jsonBody(body) }),
  };
}

export const callLogKeys = { list: (conversationId: string) => ['composer', 'call-logs', conversationId] as const };
