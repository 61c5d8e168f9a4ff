import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../../../shared/index.js';
import { inboxKeys } from '../keys.js';
import { inboxLive } from './handlers.js';
import type { InboxPages } from './cache-patch.js';
import { testConversation } from '../../../../../shared/testing/conversation.js';

const row = (id: string, due: string, extra: Partial<Conversation> = {}): Conversation => testConversation({ id, customerId: `cus_${id}`, nextDueAt: due, ...extra });
const ctx = (qc: QueryClient) => ({ qc, view: () => ({ customerId: null, channels: [] }), follow: () => undefined });
const ids = (d: InboxPages | undefined) => d?.pages.flatMap((p) => p.conversations.map((c) => c.id));

describe('live inbox: a bulk change in one event', () => {
  it('applies every row of `conversations:updated` to the cached views, as single events would', () => {
    const qc = new QueryClient();
    const key = inboxKeys.list('unassigned');
    qc.setQueryData<InboxPages>(key, { pages: [{ conversations: [row('a', '2026-03-02T10:00:00Z'), row('b', '2026-03-02T11:00:00Z')], nextCursor: null }], pageParams: [null] });
    // One bulk: b is assigned (leaves Unassigned), c is new unassigned work (comes in at its place).
    inboxLive['conversations:updated']!({ conversations: [row('b', '2026-03-02T11:00:00Z', { assigneeId: 'u-x' }), row('c', '2026-03-02T09:30:00Z')] }, ctx(qc));
    expect(ids(qc.getQueryData<InboxPages>(key))).toEqual(['c', 'a']);
  });
});
