import type { Conversation } from '../conversations.js';

/** An open, unassigned email conversation for tests on either side of the contract (renderer and hub); `over` sets what a test is about. */
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
