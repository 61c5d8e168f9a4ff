import type { RoomName, ServerEventName, ServerEventPayload } from '../../shared/index.js';
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

  /** Moves every socket of `from` (on every hub) into `into`. */
  move(from: RoomName, into: RoomName): void {
    this.io.in(from).socketsJoin(into);
    this.io.in(from).socketsLeave(from);
  }

  /** False only when certainly nobody is in the room (single hub, empty room): lets callers skip costly payloads. */
  mayHaveMembers(room: RoomName): boolean {
    return !this.opts.localRoomsOnly || (this.io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  }
}
