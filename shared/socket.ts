import { z } from 'zod';
import { CustomerSummarySchema } from './customer.js';
import { TimelineItemSchema } from './timeline.js';
import type { CustomerSplitEvent } from './identity.js';
import type { ActionsUpdatedEvent } from './actions.js';

/** Client -> hub payloads (zod-parsed by the hub: sockets are a trust boundary). */
export const WatchRequestSchema = z.object({
  customerId: z.string().min(1).max(64),
  /** Last `seq` the client saw for this customer: the hub replays newer items before live ones. */
  sinceSeq: z.number().int().nonnegative().optional(),
});
export type WatchRequest = z.infer<typeof WatchRequestSchema>;
export const UnwatchRequestSchema = z.object({ customerId: z.string().min(1).max(64) });
export type UnwatchRequest = z.infer<typeof UnwatchRequestSchema>;

export const WatchAckSchema = z.union([
  z.object({ ok: z.literal(true), customerId: z.string(), replayed: z.number().int().optional() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type WatchAck = z.infer<typeof WatchAckSchema>;

/** Hub -> client payloads. */
export const TimelineItemEventSchema = z.object({ customerId: z.string(), item: TimelineItemSchema, seq: z.number().int() });
export type TimelineItemEvent = z.infer<typeof TimelineItemEventSchema>;
export const CustomerUpdatedEventSchema = z.object({ customerId: z.string(), customer: CustomerSummarySchema });
export type CustomerUpdatedEvent = z.infer<typeof CustomerUpdatedEventSchema>;
export const CustomerMergedEventSchema = z.object({ fromId: z.string(), intoId: z.string(), mergeId: z.string().optional() });
export type CustomerMergedEvent = z.infer<typeof CustomerMergedEventSchema>;

/** Typed socket.io maps: `Server<ClientToServerEvents, ServerToClientEvents>` / `Socket<ServerToClientEvents, ClientToServerEvents>`. */
export interface ServerToClientEvents {
  'timeline:item': (e: TimelineItemEvent) => void;
  'customer:updated': (e: CustomerUpdatedEvent) => void;
  'customer:merged': (e: CustomerMergedEvent) => void;
  /** An undo restored a merged-away customer out of the survivor you watch. */
  'customer:split': (e: CustomerSplitEvent) => void;
  /** The recommended next actions changed because new events arrived (refetch for your role). */
  'actions:updated': (e: ActionsUpdatedEvent) => void;
}
export interface ClientToServerEvents {
  'customer:watch': (req: WatchRequest, ack: (res: WatchAck) => void) => void;
  'customer:unwatch': (req: UnwatchRequest, ack?: (res: { ok: boolean }) => void) => void;
}
/** Socket handshake: `io(url, { auth: { token } })`. Rejected with connect_error message `unauthorized`. */
export const SocketAuthSchema = z.object({ token: z.string().min(1) });
export const SOCKET_UNAUTHORIZED = 'unauthorized';
