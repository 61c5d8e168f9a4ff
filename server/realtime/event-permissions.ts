import type { ClientEventName, Permission } from '../../shared/index.js';

/**
 * Who may send each client -> hub socket event (the socket handshake already proved a live session).
 * A Record over every CLIENT_EVENTS name: a new event without an entry does not compile, and the
 * authorization matrix (server/http/authorization-matrix.test.ts) calls each one for every role.
 * `self`: any signed-in user, for events that touch only the caller's own things (leaving a room).
 */
export const SOCKET_EVENT_PERMISSIONS: Readonly<Record<ClientEventName, Permission | 'self'>> = {
  'customer:watch': 'customer.read',
  // Leaving resolves the id (a read): the same permission as watching.
  'customer:unwatch': 'customer.read',
  // Presence is the caller's own (server/presence).
  'presence:set': 'self',
  'presence:heartbeat': 'self',
  // Taking or refusing offered work (server/routing).
  'routing:accept': 'conversation.work',
  'routing:decline': 'conversation.work',
};
