import { rooms, type RoomName, type ServerEventName, type ServerEventPayload, type User } from '../../shared/index.js';
import type { HubIo } from './hub-io.js';

/**
 * The hub's one way to push: `emit(room, event, payload)` for any event of shared/socket.ts into any
 * room of shared/rooms.ts. Goes through the socket.io adapter, so with the Redis Streams driver every
 * hub's sockets in that room receive it.
 */
export class HubEmitter {
  /** `localRoomsOnly`: no cross-process adapter, so this process's rooms are everyone who could receive. */
  constructor(
    private readonly io: HubIo,
    private readonly opts: { localRoomsOnly?: boolean } = {},
  ) {}

  emit<E extends ServerEventName>(room: RoomName | readonly RoomName[], event: E, payload: ServerEventPayload<E>): void {
    // socket.io's typed emit cannot follow a generic event name; the signature above is the check.
    (this.io.to(room as string | string[]).emit as (ev: string, p: unknown) => boolean)(event, payload);
  }

  /** Like emit, but not to sockets in any of `except` (they get their own payload elsewhere). */
  emitExcept<E extends ServerEventName>(room: readonly RoomName[], except: readonly RoomName[], event: E, payload: ServerEventPayload<E>): void {
    if (room.length === 0) return; // socket.io's `to([])` would broadcast to every socket
    (this.io.to(room as string[]).except(except as string[]).emit as (ev: string, p: unknown) => boolean)(event, payload);
  }

  /** To every signed-in socket on every hub (every socket authenticated at the handshake): agent presence. */
  emitEveryone<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void {
    (this.io.emit as (ev: string, p: unknown) => boolean)(event, payload);
  }

  /**
   * Per-recipient masking (shared/pii.ts): `full` to the customer's `pii` room (watchers allowed full values),
   * `masked` to the rest of its `customer` room. One adapter broadcast each, so every hub honours it.
   */
  emitMasked<E extends ServerEventName>(customerId: string, event: E, full: ServerEventPayload<E>, masked: ServerEventPayload<E>): void {
    const send = (target: { emit: unknown }, payload: unknown) => (target.emit as (ev: string, p: unknown) => boolean).call(target, event, payload);
    send(this.io.to(rooms.customer(customerId)).except(rooms.pii(customerId)), masked);
    send(this.io.to(rooms.pii(customerId)), full);
  }

  /** Moves every socket of `from` (on every hub) into `into`. */
  move(from: RoomName, into: RoomName): void {
    this.io.in(from).socketsJoin(into);
    this.io.in(from).socketsLeave(from);
  }

  /**
   * Moves the sockets of `from` whose user passes `keep` into `into` (on every hub); every socket leaves `from`.
   * For rooms that depend on who the user is (the `pii` rooms): the others must re-earn a place.
   */
  async moveWhere(from: RoomName, into: RoomName, keep: (user: User) => boolean): Promise<void> {
    const sockets = await this.io.in(from).fetchSockets();
    for (const s of sockets) {
      if (keep(s.data.user)) s.join(into);
      s.leave(from);
    }
  }

  /** False only when certainly nobody is in the room (single hub, empty room): lets callers skip costly payloads. */
  mayHaveMembers(room: RoomName): boolean {
    return !this.opts.localRoomsOnly || (this.io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  }
}
