import { io, type Socket } from 'socket.io-client';
import {
  PRESENCE_HEARTBEAT_MS,
  SERVER_EVENTS,
  SOCKET_UNAUTHORIZED,
  WatchAckSchema,
  type ClientToServerEvents,
  type ServerEventName,
  type ServerEventPayload,
  type ServerToClientEvents,
  type WatchAck,
} from '../../../shared/index.js';
import type { LiveStatus } from './live-status.js';

/*
 * The one socket.io connection. Remembers what is watched and re-watches on every (re)connect with
 * the highest seq seen, so the hub replays what was missed. Every payload is zod-parsed (trust boundary).
 */

/** One optional handler per hub -> client event of the shared map (`SERVER_EVENTS`), given the parsed payload. */
export type LiveEventHandlers = { [E in ServerEventName]?: (e: ServerEventPayload<E>) => void };

export interface LiveHandlers extends LiveEventHandlers {
  status(s: LiveStatus): void;
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

  // Presence: a socket that heartbeated once and then falls silent is treated as dropped by the hub
  // (server/presence), sooner than socket.io's own ping would tell. Runs only while connected.
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  const stopHeartbeat = () => {
    if (heartbeat !== null) clearInterval(heartbeat);
    heartbeat = null;
  };

  socket.on('connect', () => {
    everConnected = true;
    handlers.status('connected');
    for (const id of watched) emitWatch(id);
    stopHeartbeat();
    socket.emit('presence:heartbeat', {});
    heartbeat = setInterval(() => socket.connected && socket.emit('presence:heartbeat', {}), PRESENCE_HEARTBEAT_MS);
  });
  socket.on('disconnect', (reason) => {
    stopHeartbeat();
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

  // Every event of the shared map, parsed with its schema: a new event needs no code here.
  const untyped = socket as unknown as Socket;
  for (const name of Object.keys(SERVER_EVENTS) as ServerEventName[]) {
    const schema = SERVER_EVENTS[name];
    untyped.on(name, (raw: unknown) => {
      const e = schema.safeParse(raw);
      if (e.success) (handlers[name] as ((p: unknown) => void) | undefined)?.(e.data);
      else console.warn(`omni: dropped malformed ${name}`, e.error.issues);
    });
  }

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
      stopHeartbeat();
      watched.clear();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
