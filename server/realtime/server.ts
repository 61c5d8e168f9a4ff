import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import { rooms, SOCKET_UNAUTHORIZED, SocketAuthSchema } from '../../shared/index.js';
import type { AuthService, CustomerQueries } from '../domain.js';
import type { DomainEvents } from '../events/bus.js';
import { memoryDriver, type RealtimeDriver } from './driver.js';
import { HubEmitter } from './emitter.js';
import type { HubIo } from './hub-io.js';
import { subscribeRealtimePush } from './push.js';
import { registerWatchHandlers } from './watch.js';

export interface RealtimeOptions {
  auth: AuthService;
  customers: CustomerQueries;
  /** The domain's event bus: committed facts are pushed to sockets. Unset: this hub only serves sockets (another hub pushes through the shared adapter). */
  events?: DomainEvents;
  driver?: RealtimeDriver;
  /** Extra browser origins (OMNI_CORS_ORIGINS); same origin and non-browser clients are always allowed. */
  corsOrigins?: readonly string[];
  replayCap?: number;
  maxWatches?: number;
  log?: (line: string) => void;
}

export interface Realtime {
  io: HubIo;
  /** `emit(room, event, payload)` into any room, across hubs when the driver is shared. */
  emitter: HubEmitter;
  driver: RealtimeDriver;
  /** Disconnects every socket and stops the adapter. Does not close the HTTP server (the app owns it). */
  close(): Promise<void>;
}

export const REPLAY_CAP = 500;
export const MAX_WATCHES = 200;

/** socket.io on the hub's HTTP server (path /socket.io): token auth, watch/unwatch, domain facts pushed into rooms. */
export function createRealtime(httpServer: HttpServer, opts: RealtimeOptions): Realtime {
  const driver = opts.driver ?? memoryDriver();
  const corsOrigins = opts.corsOrigins ?? [];
  const io: HubIo = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Client payloads are tiny ({customerId, sinceSeq}); anything large is abuse.
    maxHttpBufferSize: 64 * 1024,
    ...(driver.adapter ? { adapter: driver.adapter } : {}),
    ...(corsOrigins.length > 0 ? { cors: { origin: [...corsOrigins], methods: ['GET', 'POST'] } } : {}),
    // Cross-site WebSocket hijacking guard: a browser page on another origin may not open a socket here.
    allowRequest: (req, done) => done(null, originAllowed(req, corsOrigins)),
  });

  io.use(async (socket, next) => {
    const parsed = SocketAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(SOCKET_UNAUTHORIZED));
    try {
      const user = await opts.auth.userForToken(parsed.data.token);
      if (!user) return next(new Error(SOCKET_UNAUTHORIZED));
      socket.data.user = user;
      return next();
    } catch (err) {
      opts.log?.(`socket auth failed: ${err instanceof Error ? err.message : String(err)}`);
      return next(new Error(SOCKET_UNAUTHORIZED));
    }
  });

  io.on('connection', (socket) => {
    // Everything addressed to this user (inboxes, presence) reaches all their sockets, on any hub.
    void socket.join(rooms.user(socket.data.user.id));
    registerWatchHandlers(socket, opts.customers, { replayCap: opts.replayCap ?? REPLAY_CAP, maxWatches: opts.maxWatches ?? MAX_WATCHES, ...(opts.log ? { log: opts.log } : {}) });
  });

  const emitter = new HubEmitter(io, { localRoomsOnly: !driver.adapter });
  const unsubscribe = opts.events ? subscribeRealtimePush(opts.events, emitter) : () => {};
  let closed: Promise<void> | null = null;
  return {
    io,
    emitter,
    driver,
    close: () => {
      closed ??= (async () => {
        unsubscribe();
        io.disconnectSockets(true);
        // io.close() also closes the HTTP server; detach it first so the Fastify app can close it itself.
        (io as unknown as { httpServer?: unknown }).httpServer = undefined;
        await io.close();
        await driver.close();
      })();
      return closed;
    },
  };
}

/** No Origin (non-browser client), the hub's own origin, or an explicitly allowed one. */
export function originAllowed(req: IncomingMessage, corsOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
