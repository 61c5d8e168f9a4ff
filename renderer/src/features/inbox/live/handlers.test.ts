import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../../../shared/index.js';
import { inboxKeys } from '../keys.js';
import { inboxLive } from './handlers.js';
import type { InboxPages } from './cache-patch.js';

const row = (id: string, due: string, extra: Partial<Conversation> = {}): Conversation => ({
  id,
  customerId: `cus_${id}`,
  customerName: 'Ana',
  status: 'open',
  snoozedUntil: null,
  priority: 'normal',
  queueId: null,
  assigneeId: null,
  tags: [],
  subject: 'Hi',
  channels: ['email'],
  createdAt: '2026-03-02T09:00:00Z',
  updatedAt: '2026-03-02T09:00:00Z',
  firstResponseAt: null,
  lastCustomerMessageAt: null,
  waitingSince: null,
  solvedAt: null,
  slaPolicyId: 'default',
  firstResponseDueAt: null,
  nextResponseDueAt: null,
  resolutionDueAt: null,
  nextDueAt: due,
  itemCount: 1,
  ...extra,
});
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
