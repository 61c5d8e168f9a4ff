import type { Conversation } from '../../../shared/index.js';

/** An open, unassigned email conversation for renderer tests; `over` sets what a test is about. */
export function testConversation(over: Partial<Conversation> = {}): Conversation {
  return {
    id: 'cnv_1',
    customerId: 'cus_1',
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
    nextDueAt: null,
    itemCount: 1,
    ...over,
  };
}
