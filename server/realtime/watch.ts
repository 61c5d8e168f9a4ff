import type { Socket } from 'socket.io';
import { formatPath, UnwatchRequestSchema, WatchRequestSchema, type ClientToServerEvents, type ServerToClientEvents, type WatchAck } from '../../shared/index.js';
import type { CustomerQueries } from '../domain.js';
import { customerRoom, isCustomerRoom } from './rooms.js';
import type { SocketData } from './socket-fan-out.js';
import { emailHtmlForClients } from '../email-html/client-items.js';

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface WatchOptions {
  /** Most items replayed on one watch; a client that gets exactly this many should refetch the page. */
  replayCap: number;
  /** Most customers one socket may watch at once. */
  maxWatches: number;
  log?: (line: string) => void;
}

const fail = (code: string, message: string): WatchAck => ({ ok: false, error: { code, message } });

/**
 * `customer:watch` / `customer:unwatch`. Payloads are untrusted: zod-parsed, and a missing ack callback is tolerated.
 * Join happens BEFORE the replay query, so an item committed meanwhile is delivered live or replayed (maybe both:
 * clients dedupe by `seq`), never lost.
 */
export function registerWatchHandlers(socket: HubSocket, customers: CustomerQueries, opts: WatchOptions): void {
  socket.on('customer:watch', async (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (res: WatchAck) => void) : () => {};
    const parsed = WatchRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply(fail('invalid_request', issue ? `${formatPath('', issue.path)}: ${issue.message}` : 'invalid watch request'));
    }
    const { customerId, sinceSeq } = parsed.data;
    try {
      const survivorId = await customers.resolveId(customerId);
      if (!survivorId) return reply(fail('not_found', `no customer with id "${customerId}"`));
      const room = customerRoom(survivorId);
      const watching = [...socket.rooms].filter(isCustomerRoom).length;
      if (!socket.rooms.has(room) && watching >= opts.maxWatches) return reply(fail('too_many_watches', `a connection may watch at most ${opts.maxWatches} customers`));
      await socket.join(room);
      let replayed = 0;
      if (sinceSeq !== undefined) {
        const items = await emailHtmlForClients.items(await customers.itemsSince(survivorId, sinceSeq, opts.replayCap));
        for (const item of items) socket.emit('timeline:item', { customerId: survivorId, item, seq: item.seq });
        replayed = items.length;
      }
      return reply({ ok: true, customerId: survivorId, replayed });
    } catch (err) {
      opts.log?.(`customer:watch failed: ${err instanceof Error ? err.message : String(err)}`);
      return reply(fail('internal', 'internal error'));
    }
  });

  socket.on('customer:unwatch', async (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (res: { ok: boolean }) => void) : () => {};
    const parsed = UnwatchRequestSchema.safeParse(raw);
    if (!parsed.success) return reply({ ok: false });
    const { customerId } = parsed.data;
    try {
      // Leave both the id asked for and its survivor: the client may still hold a merged-away id.
      await socket.leave(customerRoom(customerId));
      const survivorId = await customers.resolveId(customerId);
      if (survivorId && survivorId !== customerId) await socket.leave(customerRoom(survivorId));
      return reply({ ok: true });
    } catch (err) {
      opts.log?.(`customer:unwatch failed: ${err instanceof Error ? err.message : String(err)}`);
      return reply({ ok: false });
    }
  });
}
