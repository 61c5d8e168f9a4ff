import { roleCan, rooms, type RoomName, SOCKET_UNAUTHORIZED, SocketAuthSchema } from '../../shared/index.js';
import type { AuthService } from '../domain.js';
import type { HubIo, HubSocket } from '../realtime/hub-io.js';

/*
 * Sockets remember their session: each joins `session:<id>` on connect, and a session that ends
 * (logout, revoke, idle) disconnects that room. Through the shared adapter (Redis) the disconnect
 * reaches the session's sockets on every hub.
 */

/** socket.io middleware: a live session token in `handshake.auth`, else SOCKET_UNAUTHORIZED. */
export function authenticateSocket(auth: AuthService, log?: (line: string) => void) {
  return async (socket: HubSocket, next: (err?: Error) => void): Promise<void> => {
    const parsed = SocketAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(SOCKET_UNAUTHORIZED));
    try {
      const session = await auth.sessionForToken(parsed.data.token);
      // A one-time password allows nothing but setting a new one: no live data either.
      if (!session || session.passwordChangeRequired) return next(new Error(SOCKET_UNAUTHORIZED));
      socket.data.user = session.user;
      socket.data.sessionId = session.sessionId;
      return next();
    } catch (err) {
      log?.(`socket auth failed: ${err instanceof Error ? err.message : String(err)}`);
      return next(new Error(SOCKET_UNAUTHORIZED));
    }
  };
}

/** On connect: the rooms of the socket's user and session (and the inbox room for readers of conversations). */
export function joinSessionRooms(socket: HubSocket): void {
  // Everything addressed to this user (inboxes, presence) reaches all their sockets, on any hub.
  const joined: RoomName[] = [rooms.user(socket.data.user.id), rooms.session(socket.data.sessionId)];
  // The All / Unassigned inbox views: new unassigned work has no queue or assignee room to reach them through.
  if (roleCan(socket.data.user.role, 'conversation.read')) joined.push(rooms.inbox());
  void socket.join(joined);
}

/**
 * How often a hub looks for its sockets whose session ended elsewhere (see below): issue 10 wants a
 * deactivated user's sockets gone within 1 s, from the terminal too. One indexed read of this hub's own
 * sockets' session ids per round.
 */
export const ORPHAN_CHECK_MS = 400;

/**
 * Disconnects a session's sockets as soon as it ends. Returns the unsubscribe function. Sessions can
 * also end where no hub hears it (`npm run users -- deactivate` beside a running hub): every
 * ORPHAN_CHECK_MS this hub asks which of its own sockets' sessions still live, and drops the others.
 */
export function disconnectRevokedSessions(io: HubIo, auth: AuthService, orphanCheckMs = ORPHAN_CHECK_MS): () => void {
  const unsubscribe = auth.onSessionRevoked(({ sessionId }) => io.in(rooms.session(sessionId)).disconnectSockets(true));
  let running = false;
  const check = async () => {
    if (running || !auth.liveSessionIds) return;
    running = true;
    try {
      const sockets = await io.local.fetchSockets();
      if (sockets.length === 0) return;
      const live = await auth.liveSessionIds([...new Set(sockets.map((s) => s.data.sessionId))]);
      for (const s of sockets) if (!live.has(s.data.sessionId)) s.disconnect(true);
    } catch {
      // The database is closing (shutdown) or briefly away: the next round tries again.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), orphanCheckMs);
  timer.unref();
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}
