import { rooms, userActor, type WatchAck } from '../../shared/index.js';
import { emailHtmlForClients } from '../email-html/client-items.js';
import type { SocketHandlers } from '../feature-module.js';
import type { HubSocket } from '../realtime/hub-io.js';
import { customerRoom, isCustomerRoom } from '../realtime/rooms.js';
import type { MaskedCustomerReads } from './pii/masked-reads.js';
import type { PiiAccess } from './pii/pii-access.js';

export interface WatchOptions {
  /** Most items replayed on one watch; a client that gets exactly this many should refetch the page. */
  replayCap: number;
  /** Most customers one socket may watch at once. */
  maxWatches: number;
  log?: (line: string) => void;
}

const fail = (code: string, message: string): WatchAck => ({ ok: false, error: { code, message } });

/**
 * `customer:watch` / `customer:unwatch` (payloads zod-parsed by the socket server against CLIENT_EVENTS).
 * Join happens BEFORE the replay query, so an item committed meanwhile is delivered live or replayed (maybe both:
 * clients dedupe by `seq`), never lost. Reads are made on behalf of the signed-in user behind the socket.
 */
export function watchHandlers(customers: MaskedCustomerReads, pii: PiiAccess, opts: WatchOptions): SocketHandlers {
  return {
    'customer:watch': (socket) => ({
      invalid: (message, code = 'invalid_request') => fail(code, message),
      async handle({ customerId, sinceSeq }, reply) {
        const actor = userActor(socket.data.user);
        try {
          const survivorId = await customers.resolveId(actor, customerId);
          if (!survivorId) return reply(fail('not_found', `no customer with id "${customerId}"`));
          const room = customerRoom(survivorId);
          const watching = [...socket.rooms].filter(isCustomerRoom).length;
          if (!socket.rooms.has(room) && watching >= opts.maxWatches) return reply(fail('too_many_watches', `a connection may watch at most ${opts.maxWatches} customers`));
          // The pii room first: an item pushed in between reaches an allowed watcher in full, never masked.
          await joinPiiRoomIfAllowed(socket, pii, actor, survivorId);
          await socket.join(room);
          let replayed = 0;
          if (sinceSeq !== undefined) {
            const items = await emailHtmlForClients.items(await customers.itemsSince(actor, survivorId, sinceSeq, opts.replayCap));
            for (const item of items) socket.emit('timeline:item', { customerId: survivorId, item, seq: item.seq });
            replayed = items.length;
          }
          return reply({ ok: true, customerId: survivorId, replayed });
        } catch (err) {
          opts.log?.(`customer:watch failed: ${err instanceof Error ? err.message : String(err)}`);
          return reply(fail('internal', 'internal error'));
        }
      },
    }),

    'customer:unwatch': (socket) => ({
      invalid: () => ({ ok: false }),
      async handle({ customerId }, reply) {
        try {
          // Leave both the id asked for and its survivor: the client may still hold a merged-away id.
          await socket.leave(customerRoom(customerId));
          const survivorId = await customers.resolveId(userActor(socket.data.user), customerId);
          if (survivorId && survivorId !== customerId) await socket.leave(customerRoom(survivorId));
          for (const id of new Set([customerId, survivorId ?? customerId])) leavePiiRoom(socket, id);
          return reply({ ok: true });
        } catch (err) {
          opts.log?.(`customer:unwatch failed: ${err instanceof Error ? err.message : String(err)}`);
          return reply({ ok: false });
        }
      },
    }),
  };
}

/** Per socket: the timer that re-masks a revealed customer when the reveal ends, by customer id. */
const revealTimers = new WeakMap<HubSocket, Map<string, ReturnType<typeof setTimeout>>>();

function leavePiiRoom(socket: HubSocket, customerId: string): void {
  const timers = revealTimers.get(socket);
  clearTimeout(timers?.get(customerId));
  timers?.delete(customerId);
  void socket.leave(rooms.pii(customerId));
}

/**
 * Live payloads are masked per recipient (server/realtime/push.ts): a socket in the customer's `pii` room gets
 * full values, the rest of its watchers masked ones. A role that reads personal data always joins; a running
 * reveal joins until it ends (this socket's own timer, on the hub that holds the socket); anyone else stays out.
 */
async function joinPiiRoomIfAllowed(socket: HubSocket, pii: PiiAccess, actor: Parameters<PiiAccess['fullAccess']>[0], customerId: string): Promise<void> {
  leavePiiRoom(socket, customerId);
  const until = (await pii.fullAccess(actor, [customerId])).get(customerId);
  if (until === undefined) return;
  await socket.join(rooms.pii(customerId));
  if (!Number.isFinite(until)) return;
  const timers = revealTimers.get(socket) ?? new Map<string, ReturnType<typeof setTimeout>>();
  revealTimers.set(socket, timers);
  const timer = setTimeout(() => leavePiiRoom(socket, customerId), Math.max(0, until - pii.now()));
  timer.unref?.();
  timers.set(customerId, timer);
}
