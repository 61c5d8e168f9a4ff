import type { QueryClient } from '@tanstack/react-query';
import type { Conversation, ConversationDetail } from '../../../../../shared/index.js';
import type { FeatureLiveHandlers } from '../../../live/live-registry.js';
import { useSession } from '../../auth/session-store.js';
import { inboxKeys } from '../keys.js';
import { parseViewKey } from '../views.js';
import { applyToView, type InboxPages } from './cache-patch.js';

/** Live inbox: every cached view gets the changed row in, moved or out; the open conversation's header follows. */
export const inboxLive: FeatureLiveHandlers = {
  'conversation:updated': ({ conversation }, { qc }) => applyConversation(conversation, qc),
  // Several rows of one change (a bulk update) in one event: each as its own `conversation:updated`.
  'conversations:updated': ({ conversations }, { qc }) => {
    for (const conversation of conversations) applyConversation(conversation, qc);
  },
  // A queue room's push carries `mine: 0` (it is not per user): read the caller's own counts again.
  'inbox:counts': (_e, { qc }) => void qc.invalidateQueries({ queryKey: inboxKeys.counts() }),
};

function applyConversation(conversation: Conversation, qc: QueryClient): void {
  const userId = useSession.getState().user?.id ?? null;
  for (const [key, data] of qc.getQueriesData<InboxPages>({ queryKey: inboxKeys.lists() })) {
    if (!data) continue;
    qc.setQueryData<InboxPages>(key, applyToView(data, conversation, parseViewKey(String(key[2])), userId));
  }
  const detail = qc.getQueryData<ConversationDetail>(inboxKeys.detail(conversation.id));
  if (detail) {
    qc.setQueryData<ConversationDetail>(inboxKeys.detail(conversation.id), { ...detail, conversation });
    // The clocks' explanations are computed by the hub: read them again.
    void qc.invalidateQueries({ queryKey: inboxKeys.detail(conversation.id) });
  }
}
