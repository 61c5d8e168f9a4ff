/*
 * socket.io room names: the only places the hub broadcasts to. One helper per kind, so a typo is a
 * type error and every room name has the shape `<kind>:<id>`.
 */
export const ROOM_KINDS = ['customer', 'pii', 'user', 'session', 'team', 'queue', 'inbox'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];
export type RoomName<K extends RoomKind = RoomKind> = `${K}:${string}`;

/** `rooms.customer(id)` -> `customer:<id>`: watchers of one (survivor) customer. */
export const rooms = {
  /** Sockets watching this (survivor) customer. */
  customer: (customerId: string): RoomName<'customer'> => `customer:${customerId}`,
  /** Watchers of this customer allowed its full contact details (customer.pii.read, or a running reveal): they get unmasked payloads, the rest of `customer:<id>` masked ones. */
  pii: (customerId: string): RoomName<'pii'> => `pii:${customerId}`,
  /** Every socket of one signed-in user (joined on connect): inboxes, presence. */
  user: (userId: string): RoomName<'user'> => `user:${userId}`,
  /** The sockets of one login session: disconnected when it ends (logout, revoke, idle). */
  session: (sessionId: string): RoomName<'session'> => `session:${sessionId}`,
  /** Members of a team: the floor. */
  team: (teamId: string): RoomName<'team'> => `team:${teamId}`,
  /** Agents serving a queue: routing. */
  queue: (queueId: string): RoomName<'queue'> => `queue:${queueId}`,
  /** Every socket whose user reads conversations (joined on connect): the All / Unassigned views see new work arrive. */
  inbox: (): RoomName<'inbox'> => 'inbox:all',
} as const satisfies Record<RoomKind, (id: string) => RoomName>;

/** The kind of a room name we issued; null for anything else (e.g. socket.io's per-socket room). */
export function roomKind(room: string): RoomKind | null {
  const colon = room.indexOf(':');
  if (colon <= 0) return null;
  const kind = room.slice(0, colon);
  return (ROOM_KINDS as readonly string[]).includes(kind) ? (kind as RoomKind) : null;
}
