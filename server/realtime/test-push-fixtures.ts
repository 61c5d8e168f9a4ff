import type { Conversation, User } from '../../shared/index.js';
import type { AuthService } from '../domain.js';
import { testConversation } from '../../shared/testing/conversation.js';

/* Sign-in and conversation fixtures for the push tests against a bare realtime server (no hub behind it). */

/** Bearer token -> signed-in user. */
export const PUSH_USERS: Record<string, User> = {
  'tok-ann': { id: 'u-ann', email: 'ann@x.test', name: 'Ann', role: 'agent' },
  'tok-bob': { id: 'u-bob', email: 'bob@x.test', name: 'Bob', role: 'agent' },
  'tok-cat': { id: 'u-cat', email: 'cat@x.test', name: 'Cat', role: 'agent' },
  'tok-dan': { id: 'u-dan', email: 'dan@x.test', name: 'Dan', role: 'agent' },
  'tok-eve': { id: 'u-eve', email: 'eve@x.test', name: 'Eve', role: 'associate' },
};

/** The two calls the realtime server makes of auth: a session per token above, and no revocations. */
export const tokenAuth = {
  sessionForToken: async (token: string) => (PUSH_USERS[token] ? { user: PUSH_USERS[token], sessionId: `ses_${token}` } : null),
  onSessionRevoked: () => () => {},
} as unknown as AuthService;

/** An open, unassigned email conversation in the returns queue; `over` sets what a test is about. */
export function pushedConversation(over: Partial<Conversation> = {}): Conversation {
  const at = '2026-01-12T08:00:00.000000Z';
  return testConversation({ customerName: 'Maya Lopez', queueId: 'team_returns', subject: 'Where is my order?', createdAt: at, updatedAt: '2026-01-12T08:05:00.000000Z', lastCustomerMessageAt: at, waitingSince: at, ...over });
}
