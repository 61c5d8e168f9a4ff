import { rooms, SOCKET_UNAUTHORIZED, SocketAuthSchema } from '../../shared/index.js';
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
      if (!session) return next(new Error(SOCKET_UNAUTHORIZED));
      socket.data.user = session.user;
      socket.data.sessionId = session.sessionId;
      return next();
    } catch (err) {
      log?.(`socket auth failed: ${err instanceof Error ? err.message : String(err)}`);
      return next(new Error(SOCKET_UNAUTHORIZED));
    }
  };
}

/** On connect: the rooms of the socket's user and session. */
export function joinSessionRooms(socket: HubSocket): void {
  // Everything addressed to this user (inboxes, presence) reaches all their sockets, on any hub.
  void socket.join([rooms.user(socket.data.user.id), rooms.session(socket.data.sessionId)]);
}

/** Disconnects a session's sockets as soon as it ends. Returns the unsubscribe function. */
export function disconnectRevokedSessions(io: HubIo, auth: AuthService): () => void {
  return auth.onSessionRevoked(({ sessionId }) => io.in(rooms.session(sessionId)).disconnectSockets(true));
}
