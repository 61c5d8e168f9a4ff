import type { z } from 'zod';
import { CLIENT_EVENTS, formatPath, roleCan, type ClientEventAck, type ClientEventName, type ClientEventRequest } from '../../shared/index.js';
import { SOCKET_EVENT_PERMISSIONS } from './event-permissions.js';
import type { HubSocket } from './hub-io.js';

export interface ClientEventHandler<E extends ClientEventName> {
  /** The ack for a refused request: a payload that fails CLIENT_EVENTS[event].request (`message` names the field), or a role without the event's permission (`forbidden`). */
  invalid(message: string, code?: 'invalid_request' | 'forbidden'): ClientEventAck<E>;
  handle(req: ClientEventRequest<E>, reply: (res: ClientEventAck<E>) => void): Promise<void> | void;
}

/**
 * Registers a client -> hub event: the sender's role must hold the event's permission (SOCKET_EVENT_PERMISSIONS,
 * checked before the payload is read), the payload is zod-parsed against the shared map before the handler
 * sees it, and a missing or non-function ack callback is tolerated (untrusted clients send anything).
 */
export function onClientEvent<E extends ClientEventName>(socket: HubSocket, event: E, handler: ClientEventHandler<E>): void {
  const schema: z.ZodType<ClientEventRequest<E>> = CLIENT_EVENTS[event].request as unknown as z.ZodType<ClientEventRequest<E>>;
  const permission = SOCKET_EVENT_PERMISSIONS[event];
  const listener = async (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (res: ClientEventAck<E>) => void) : () => {};
    if (permission !== 'self' && !roleCan(socket.data.user.role, permission)) return reply(handler.invalid(`your role may not do this (needs permission ${permission})`, 'forbidden'));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply(handler.invalid(issue ? `${formatPath('', issue.path)}: ${issue.message}` : `invalid ${event} request`));
    }
    return handler.handle(parsed.data, reply);
  };
  // The typed socket.io map would force the trusted request type on `raw`; it is untrusted here.
  (socket.on as (ev: string, fn: (raw: unknown, ack?: unknown) => void) => unknown)(event, listener);
}
