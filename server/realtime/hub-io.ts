import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, User } from '../../shared/index.js';

/** What the hub keeps per socket (set by the auth middleware). */
export interface SocketData {
  user: User;
  /** The login session the socket authenticated with (server/auth/socket-sessions.ts). */
  sessionId: string;
}
export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
