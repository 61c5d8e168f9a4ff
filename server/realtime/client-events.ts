import type { z } from 'zod';
import { CLIENT_EVENTS, formatPath, type ClientEventAck, type ClientEventName, type ClientEventRequest } from '../../shared/index.js';
import type { HubSocket } from './hub-io.js';

export interface ClientEventHandler<E extends ClientEventName> {
  /** The ack for a payload that fails CLIENT_EVENTS[event].request; `message` names the field. */
  invalid(message: string): ClientEventAck<E>;
  handle(req: ClientEventRequest<E>, reply: (res: ClientEventAck<E>) => void): Promise<void> | void;
}

/**
 * Registers a client -> hub event: the payload is zod-parsed against the shared map before the handler
 * sees it, and a missing or non-function ack callback is tolerated (untrusted clients send anything).
 */
export function onClientEvent<E extends ClientEventName>(socket: HubSocket, event: E, handler: ClientEventHandler<E>): void {
  const schema: z.ZodType<ClientEventRequest<E>> = CLIENT_EVENTS[event].request as unknown as z.ZodType<ClientEventRequest<E>>;
  const listener = async (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (res: ClientEventAck<E>) => void) : () => {};
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
