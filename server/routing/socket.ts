import { userActor } from '../../shared/index.js';
import { DomainError } from '../errors.js';
import type { SocketHandlers } from '../feature-module.js';
import type { RoutingService } from './routing-service.js';

type Fail = { ok: false; error: { code: string; message: string } };
const fail = (code: string, message: string): Fail => ({ ok: false, error: { code, message } });

function failure(err: unknown, log?: (line: string) => void): Fail {
  if (err instanceof DomainError) return fail(err.code, err.message);
  log?.(`routing: ${err instanceof Error ? err.message : String(err)}`);
  return fail('internal', 'internal error');
}

/** `routing:accept` / `routing:decline` from the offer toast (same rules as the HTTP routes). */
export function routingHandlers(routing: RoutingService, log?: (line: string) => void): SocketHandlers {
  return {
    'routing:accept': (socket) => ({
      invalid: (message, code = 'invalid_request') => fail(code, message),
      async handle({ offerId }, reply) {
        try {
          reply({ ok: true, conversation: await routing.accept(userActor(socket.data.user), offerId) });
        } catch (err) {
          reply(failure(err, log));
        }
      },
    }),
    'routing:decline': (socket) => ({
      invalid: (message, code = 'invalid_request') => fail(code, message),
      async handle({ offerId }, reply) {
        try {
          reply(await routing.decline(userActor(socket.data.user), offerId));
        } catch (err) {
          reply(failure(err, log));
        }
      },
    }),
  };
}
