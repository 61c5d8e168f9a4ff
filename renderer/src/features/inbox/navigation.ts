import { useCallback } from 'react';
import { useNavigate } from '@tanstack/react-router';

/*
 * A conversation's URL: `/conversations/<id>?customer=<customer id>`. The customer rides along so the
 * console watches that customer live (the live layer reads the open customer off the URL); a link without
 * it gets it filled in once the conversation is loaded.
 */
export const CONVERSATION_PATH = '/conversations/$conversationId';

export interface ConversationSearch {
  customer?: string;
}

export function parseConversationSearch(raw: Record<string, unknown>): ConversationSearch {
  const c = raw['customer'];
  return typeof c === 'string' && c.length > 0 && c.length <= 64 ? { customer: c } : {};
}

export function useOpenConversation() {
  const navigate = useNavigate();
  return useCallback(
    (conversationId: string, customerId?: string, replace = false) =>
      void navigate({ to: CONVERSATION_PATH, params: { conversationId }, search: customerId ? { customer: customerId } : {}, replace }),
    [navigate],
  );
}
