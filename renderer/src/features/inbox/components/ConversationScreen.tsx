import { useEffect, type ReactNode } from 'react';
import { describeError, HubError } from '../../../api/hub-error.js';
import { Composer } from '../../composer/index.js';
import { useHighlight } from '../../customers/highlight.js';
import { useConversation } from '../hooks.js';
import { useOpenConversation } from '../navigation.js';
import { ConversationHeader } from './ConversationHeader.js';
import '../inbox.css';

/**
 * `/conversations/$conversationId`: the conversation's header over its customer's one timeline (the
 * customer screen, composed by the app through `customer`), with this conversation's items highlighted.
 */
export function ConversationScreen({ conversationId, customerId, customer }: { conversationId: string; customerId: string | undefined; customer(customerId: string): ReactNode }) {
  const detail = useConversation(conversationId);
  const open = useOpenConversation();
  const actualCustomer = detail.data?.conversation.customerId;

  // A link without the customer (or with an old one, after a merge) gets the right one in its URL.
  useEffect(() => {
    if (actualCustomer && actualCustomer !== customerId) open(conversationId, actualCustomer, true);
  }, [actualCustomer, customerId, conversationId, open]);

  // This conversation's items stay highlighted (a hovered action reason borrows the highlight, then it comes back).
  const itemIds = detail.data?.itemIds;
  useEffect(() => {
    if (!itemIds) return;
    const { highlight, clear } = useHighlight.getState();
    highlight(itemIds);
    const off = useHighlight.subscribe((s) => {
      if (s.ids.size === 0) highlight(itemIds);
    });
    return () => {
      off();
      clear();
    };
  }, [itemIds]);

  useEffect(() => {
    if (detail.data) document.title = `${detail.data.conversation.subject} · Omni Console`;
  }, [detail.data]);

  if (detail.isError) {
    const notFound = detail.error instanceof HubError && detail.error.status === 404;
    return (
      <div className="workspace-empty" role="alert">
        <p>{notFound ? 'This conversation no longer exists.' : `Could not load the conversation: ${describeError(detail.error)}`}</p>
      </div>
    );
  }
  return (
    <div className="conv-screen" data-testid="conversation-screen">
      {detail.data ? <ConversationHeader detail={detail.data} /> : <div className="conv-header is-loading" aria-busy="true" />}
      {detail.data && <Composer detail={detail.data} />}
      <div className="conv-customer">{(customerId ?? actualCustomer) && customer((customerId ?? actualCustomer)!)}</div>
    </div>
  );
}
