import { userActor, type SetPresenceAck } from '../../shared/index.js';
import { DomainError } from '../errors.js';
import type { SocketHandlers } from '../feature-module.js';
import type { LocalConnections } from './connections.js';
import type { PresenceService } from './presence-service.js';

const fail = (code: string, message: string): SetPresenceAck => ({ ok: false, error: { code, message } });

/**
 * `presence:set` and `presence:heartbeat`. Every socket registers both on connect, so building the
 * heartbeat handler is where this hub starts tracking the socket's user (LocalConnections).
 */
export function presenceHandlers(presence: PresenceService, connections: LocalConnections, log?: (line: string) => void): SocketHandlers {
  return {
    'presence:set': (socket) => ({
      invalid: (message, code = 'invalid_request') => fail(code, message),
      async handle({ state }, reply) {
        try {
          reply({ ok: true, presence: await presence.set(userActor(socket.data.user), state) });
        } catch (err) {
          if (err instanceof DomainError) return reply(fail(err.code, err.message));
          log?.(`presence:set failed: ${err instanceof Error ? err.message : String(err)}`);
          reply(fail('internal', 'internal error'));
        }
      },
    }),
    'presence:heartbeat': (socket) => {
      connections.add(socket);
      return {
        invalid: () => ({ ok: false }),
        handle(_req, reply) {
          connections.beat(socket);
          reply({ ok: true });
        },
      };
    },
  };
}
