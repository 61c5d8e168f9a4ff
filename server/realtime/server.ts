import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import type { AuthService } from '../domain.js';
import type { DomainEvents } from '../events/bus.js';
import type { AnyFeatureModule, SocketHandlers } from '../feature-module.js';
import { MODULES } from '../modules.js';
import { authenticateSocket, disconnectRevokedSessions, joinSessionRooms } from '../auth/socket-sessions.js';
import { onClientEvent } from './client-events.js';
import { memoryDriver, type RealtimeDriver } from './driver.js';
import { HubEmitter } from './emitter.js';
import type { HubIo, HubSocket } from './hub-io.js';
import { subscribeRealtimePush } from './push.js';

export interface RealtimeOptions {
  auth: AuthService;
  /** Each module's services by module name (`domain.features`): its socket handlers are built on them. */
  features: ReadonlyMap<string, object>;
  /** The modules whose client -> hub events this hub handles (default MODULES). */
  modules?: readonly AnyFeatureModule[];
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

/** socket.io on the hub's HTTP server (path /socket.io): token auth, the modules' client events (watch/unwatch, …), domain facts pushed into rooms. */
export function createRealtime(httpServer: HttpServer, opts: RealtimeOptions): Realtime {
  const driver = opts.driver ?? memoryDriver();
  const handlers = clientEventHandlers(opts);
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

  // A live session token; the socket remembers its session so ending the session disconnects it (server/auth).
  io.use(authenticateSocket(opts.auth, opts.log));
  const stopRevoked = disconnectRevokedSessions(io, opts.auth);

  io.on('connection', (socket) => {
    joinSessionRooms(socket);
    for (const register of handlers) register(socket);
  });
  // Modules' own namespaces (the chat widget's customers): their own auth, never the console's rooms.
  for (const m of opts.modules ?? MODULES) {
    const services = m.namespaces ? opts.features.get(m.name) : undefined;
    if (m.namespaces && services) m.namespaces({ io: io as unknown as Server, services, ...(opts.log ? { log: opts.log } : {}) });
  }

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
        stopRevoked();
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

/**
 * Every module's client -> hub events, built once on its services. Each event has exactly one handler:
 * a second module claiming the same event is a startup error, not a silent double answer.
 */
function clientEventHandlers(opts: RealtimeOptions): ((socket: HubSocket) => void)[] {
  const claimedBy = new Map<string, string>();
  const registers: ((socket: HubSocket) => void)[] = [];
  for (const m of opts.modules ?? MODULES) {
    if (!m.socket) continue;
    const services = opts.features.get(m.name);
    if (!services) throw new Error(`module "${m.name}" handles socket events but its services are missing (pass domain.features)`);
    const byEvent = m.socket({ services, limits: { replayCap: opts.replayCap ?? REPLAY_CAP, maxWatches: opts.maxWatches ?? MAX_WATCHES }, ...(opts.log ? { log: opts.log } : {}) });
    for (const [event, make] of Object.entries(byEvent) as [keyof SocketHandlers, SocketHandlers[keyof SocketHandlers]][]) {
      if (!make) continue;
      const other = claimedBy.get(event);
      if (other) throw new Error(`socket event "${event}" is handled by both module "${other}" and module "${m.name}"`);
      claimedBy.set(event, m.name);
      // The map's key and its handler agree by construction (SocketHandlers); TypeScript cannot follow the pair through entries().
      registers.push((socket) => onClientEvent(socket, event, (make as (s: HubSocket) => never)(socket)));
    }
  }
  return registers;
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
