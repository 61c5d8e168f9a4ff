import { io, type Socket } from 'socket.io-client';
import {
  ActionsUpdatedEventSchema,
  type ActionsUpdatedEvent,
  CustomerMergedEventSchema,
  CustomerSplitEventSchema,
  CustomerUpdatedEventSchema,
  SOCKET_UNAUTHORIZED,
  TimelineItemEventSchema,
  WatchAckSchema,
  type ClientToServerEvents,
  type CustomerMergedEvent,
  type CustomerSplitEvent,
  type CustomerUpdatedEvent,
  type ServerToClientEvents,
  type TimelineItemEvent,
  type WatchAck,
} from '../../../shared/index.js';
import type { LiveStatus } from '../state/live.js';

/*
 * The one socket.io connection. Remembers what is watched and re-watches on every (re)connect with
 * the highest seq seen, so the hub replays what was missed. Every payload is zod-parsed (trust boundary).
 */

export interface LiveHandlers {
  status(s: LiveStatus): void;
  item(e: TimelineItemEvent): void;
  updated(e: CustomerUpdatedEvent): void;
  merged(e: CustomerMergedEvent): void;
  /** An undo restored a customer out of the one watched (optional: older handler sets ignore it). */
  split?(e: CustomerSplitEvent): void;
  /** The next actions of a watched customer changed (optional). */
  actions?(e: ActionsUpdatedEvent): void;
  /** The hub acknowledged a watch; `replayed` items were re-sent before this. */
  watching(requestedId: string, ack: WatchAck): void;
  unauthorized(): void;
}

export interface LiveConnection {
  watch(customerId: string): void;
  unwatch(customerId: string): void;
  close(): void;
}

type OmniSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectLive(opts: {
  hubUrl: string;
  token: string;
  handlers: LiveHandlers;
  sinceSeq: (customerId: string) => number | undefined;
  /** Tests pass their own factory (e.g. forceNew + websocket only). */
  ioFactory?: (url: string, o: Parameters<typeof io>[1]) => OmniSocket;
}): LiveConnection {
  const { handlers } = opts;
  const make = opts.ioFactory ?? ((url, o) => io(url, o) as OmniSocket);
  const socket = make(opts.hubUrl, { auth: { token: opts.token }, reconnectionDelayMax: 5000 });
  const watched = new Set<string>();
  let everConnected = false;
  let closed = false;

  const emitWatch = (customerId: string) => {
    const sinceSeq = opts.sinceSeq(customerId);
    socket.timeout(10_000).emit('customer:watch', sinceSeq === undefined ? { customerId } : { customerId, sinceSeq }, (err: Error | null, raw: unknown) => {
      if (err || !watched.has(customerId)) return;
      const ack = WatchAckSchema.safeParse(raw);
      if (ack.success) handlers.watching(customerId, ack.data);
    });
  };

  socket.on('connect', () => {
    everConnected = true;
    handlers.status('connected');
    for (const id of watched) emitWatch(id);
  });
  socket.on('disconnect', (reason) => {
    handlers.status('reconnecting');
    // socket.io retries transport drops itself, but not a hub-side disconnect (e.g. a hub restart handing
    // sockets over): retry once; a revoked session then fails the handshake with `unauthorized`.
    if (reason === 'io server disconnect') setTimeout(() => !closed && socket.connect(), 1000);
  });
  socket.on('connect_error', (err) => {
    if (err.message === SOCKET_UNAUTHORIZED) {
      handlers.unauthorized();
      return;
    }
    handlers.status(everConnected ? 'reconnecting' : 'connecting');
    // A middleware rejection leaves the socket inactive: socket.io will not retry on its own.
    if (!socket.active) setTimeout(() => !closed && socket.connect(), 2000);
  });

  socket.on('timeline:item', (raw) => {
    const e = TimelineItemEventSchema.safeParse(raw);
    if (e.success) handlers.item(e.data);
    else console.warn('omni: dropped malformed timeline:item', e.error.issues);
  });
  socket.on('customer:updated', (raw) => {
    const e = CustomerUpdatedEventSchema.safeParse(raw);
    if (e.success) handlers.updated(e.data);
    else console.warn('omni: dropped malformed customer:updated', e.error.issues);
  });
  socket.on('customer:merged', (raw) => {
    const e = CustomerMergedEventSchema.safeParse(raw);
    if (e.success) handlers.merged(e.data);
    else console.warn('omni: dropped malformed customer:merged', e.error.issues);
  });
  socket.on('customer:split', (raw) => {
    const e = CustomerSplitEventSchema.safeParse(raw);
    if (e.success) handlers.split?.(e.data);
    else console.warn('omni: dropped malformed customer:split', e.error.issues);
  });
  socket.on('actions:updated', (raw) => {
    const e = ActionsUpdatedEventSchema.safeParse(raw);
    if (e.success) handlers.actions?.(e.data);
    else console.warn('omni: dropped malformed actions:updated', e.error.issues);
  });

  return {
    watch(customerId) {
      if (watched.has(customerId)) return;
      watched.add(customerId);
      if (socket.connected) emitWatch(customerId);
    },
    unwatch(customerId) {
      if (!watched.delete(customerId)) return;
      if (socket.connected) socket.emit('customer:unwatch', { customerId });
    },
    close() {
      closed = true;
      watched.clear();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
