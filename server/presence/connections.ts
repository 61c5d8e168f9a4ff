import { rooms } from '../../shared/index.js';
import type { HubSocket } from '../realtime/hub-io.js';
import type { PresenceService } from './presence-service.js';
import type { PresenceSettings } from './settings.js';

/**
 * The live connections THIS hub holds, per user: what its heartbeat stamps. A user's last socket closing
 * here asks every hub (through the socket.io adapter) whether another connection of theirs is left
 * before calling them away. A socket that sent `presence:heartbeat` once and then went silent is dropped:
 * socket.io's own ping would take up to 45 s to notice a cut network.
 */
export class LocalConnections {
  private readonly byUser = new Map<string, Set<HubSocket>>();
  private readonly lastBeat = new WeakMap<HubSocket, number>();

  constructor(
    private readonly presence: PresenceService,
    private readonly settings: PresenceSettings,
    private readonly onError: (err: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called once per socket when it connects. */
  add(socket: HubSocket): void {
    const userId = socket.data.user.id;
    let set = this.byUser.get(userId);
    const first = !set;
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(socket);
    socket.once('disconnect', () => void this.remove(socket).catch(this.onError));
    if (first) this.presence.connected(userId).catch(this.onError);
  }

  beat(socket: HubSocket): void {
    this.lastBeat.set(socket, this.now());
  }

  users(): string[] {
    return [...this.byUser.keys()];
  }

  /** Stamps every user held here; disconnects sockets whose client stopped heartbeating. */
  async tick(): Promise<void> {
    const silentBefore = this.now() - this.settings.silentSocketMs;
    for (const set of this.byUser.values()) {
      for (const socket of set) {
        const beat = this.lastBeat.get(socket);
        if (beat !== undefined && beat < silentBefore) socket.disconnect(true);
      }
    }
    await this.presence.heartbeat(this.users());
  }

  private async remove(socket: HubSocket): Promise<void> {
    const userId = socket.data.user.id;
    const set = this.byUser.get(userId);
    if (!set) return;
    set.delete(socket);
    if (set.size > 0) return;
    this.byUser.delete(userId);
    // Another hub (or a socket that connected meanwhile) may still hold this user.
    const elsewhere = await socket.nsp.in(rooms.user(userId)).fetchSockets();
    if (elsewhere.length > 0 || this.byUser.has(userId)) return;
    await this.presence.disconnected(userId);
  }
}
