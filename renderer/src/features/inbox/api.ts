import {
  BulkConversationResultSchema,
  ConversationDetailSchema,
  ConversationPageSchema,
  ConversationSchema,
  InboxCountsSchema,
  type Conversation,
  type ConversationDetail,
  type ConversationPage,
  type ConversationPatch,
  type InboxCounts,
} from '../../../../shared/index.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';
import type { InboxQuery } from './views.js';

/** Conversations (issue 11): the inbox pages, the live counts, one conversation and its changes. */
export function createInboxApi(hub: HubFetch) {
  return {
    list: (q: InboxQuery, before: string | null, signal?: AbortSignal): Promise<ConversationPage> => {
      const params = new URLSearchParams({ view: q.view, limit: '50' });
      if (q.queue) params.set('queue', q.queue);
      if (q.status) params.set('status', q.status);
      if (before) params.set('before', before);
      return hub.json(ConversationPageSchema, `/api/v1/conversations?${params.toString()}`, { signal });
    },
    counts: (signal?: AbortSignal): Promise<InboxCounts> => hub.json(InboxCountsSchema, '/api/v1/conversations/counts', { signal }),
    get: (id: string, signal?: AbortSignal): Promise<ConversationDetail> => hub.json(ConversationDetailSchema, `/api/v1/conversations/${seg(id)}`, { signal }),
    patch: (id: string, patch: ConversationPatch): Promise<Conversation> => hub.json(ConversationSchema, `/api/v1/conversations/${seg(id)}`, { method: 'PATCH', ...jsonBody(patch) }),
    bulk: async (ids: readonly string[], patch: ConversationPatch): Promise<Conversation[]> =>
      (await hub.json(BulkConversationResultSchema, '/api/v1/conversations/bulk', { method: 'POST', ...jsonBody({ ids, patch }) })).conversations,
  };
}
export type InboxApi = ReturnType<typeof createInboxApi>;
