import { z } from 'zod';
import { ActionsUpdatedEventSchema } from './actions.js';
import { CustomerActivityEventSchema } from './collision.js';
import { ConversationsUpdatedEventSchema, ConversationUpdatedEventSchema, InboxCountsEventSchema } from './conversations.js';
import { CustomerSummarySchema } from './customer.js';
import { CustomerSplitEventSchema } from './identity.js';
import { PresenceHeartbeatAckSchema, PresenceHeartbeatSchema, PresenceUpdatedEventSchema, SetPresenceAckSchema, SetPresenceSchema } from './presence.js';
import { RoutingAcceptAckSchema, RoutingDeclineAckSchema, RoutingOfferEndedSchema, RoutingOfferRequestSchema, RoutingOfferSchema } from './routing.js';
import { MentionCreatedEventSchema } from './outbound.js';
import { MetricsUpdatedEventSchema } from './metrics.js';
import { SlaAlertSchema } from './sla.js';
import { TimelineItemSchema } from './timeline.js';
import { WidgetMessagePreviewEventSchema, WidgetMessageRetractEventSchema, WidgetTypingEventSchema } from './widget.js';

/*
 * The one map of socket.io events (like ipc.ts for Electron): event name -> zod payload schema.
 * The hub zod-parses every client -> hub payload from CLIENT_EVENTS (sockets are a trust boundary);
 * the typed socket.io maps below are derived from these, so an event is declared exactly once.
 */

/** Client -> hub payloads. */
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
export const UnwatchAckSchema = z.object({ ok: z.boolean() });
export type UnwatchAck = z.infer<typeof UnwatchAckSchema>;

/** Hub -> client payloads. */
export const TimelineItemEventSchema = z.object({ customerId: z.string(), item: TimelineItemSchema, seq: z.number().int() });
export type TimelineItemEvent = z.infer<typeof TimelineItemEventSchema>;
export const CustomerUpdatedEventSchema = z.object({ customerId: z.string(), customer: CustomerSummarySchema });
export type CustomerUpdatedEvent = z.infer<typeof CustomerUpdatedEventSchema>;
export const CustomerMergedEventSchema = z.object({ fromId: z.string(), intoId: z.string(), mergeId: z.string().optional() });
export type CustomerMergedEvent = z.infer<typeof CustomerMergedEventSchema>;

/** Hub -> client: event name -> payload schema. */
export const SERVER_EVENTS = {
  /** A new or changed (same id, newer seq) item of a watched customer. */
  'timeline:item': TimelineItemEventSchema,
  'customer:updated': CustomerUpdatedEventSchema,
  'customer:merged': CustomerMergedEventSchema,
  /** An undo restored a merged-away customer out of the survivor you watch. */
  'customer:split': CustomerSplitEventSchema,
  /** The recommended next actions changed because new events arrived (refetch for your role). */
  'actions:updated': ActionsUpdatedEventSchema,
  /** A conversation was created or changed (customer room, its queue's room, its assignees' user rooms). */
  'conversation:updated': ConversationUpdatedEventSchema,
  /** Several conversations of one change (a bulk update) that go to the same rooms: read each as a `conversation:updated`. */
  'conversations:updated': ConversationsUpdatedEventSchema,
  /** Live inbox counts per view (user rooms with their own `mine`; queue rooms). */
  'inbox:counts': InboxCountsEventSchema,
  /** An agent's presence changed (every signed-in socket; server/presence). */
  'presence:updated': PresenceUpdatedEventSchema,
  /** A conversation offered to this agent until expiresAt (the agent's user room; server/routing). */
  'routing:offer': RoutingOfferSchema,
  /** That offer ended: accepted, declined, expired or withdrawn (the agent's user room). */
  'routing:offer-ended': RoutingOfferEndedSchema,
  /** Who is viewing or replying to this customer, a live call, a store visit (customer room; server/collision). */
  'customer:activity': CustomerActivityEventSchema,
  /** An SLA clock is 15 min from its deadline (queue room, assignee's user room; server/sla). */
  'sla:warning': SlaAlertSchema,
  /** An SLA clock passed its deadline (queue room, assignee's user room; server/sla). */
  'sla:breached': SlaAlertSchema,
  /** A note mentioned you (your user room; server/outbound): link to the conversation. */
  'mention:created': MentionCreatedEventSchema,
  /** The visitor is typing in the web chat widget (customer room; server/widget). */
  'widget:typing': WidgetTypingEventSchema,
  /** A visitor's widget message before it is durable (customer room; server/widget): the chat item's copy replaces it. */
  'widget:message-preview': WidgetMessagePreviewEventSchema,
  /** That preview's write failed (customer room; server/widget): the console drops it. */
  'widget:message-retract': WidgetMessageRetractEventSchema,
  /** Floor figures changed (user rooms of users with dashboard.view; server/metrics): 15-minute rows of the changed queues. */
  'metrics:updated': MetricsUpdatedEventSchema,
} as const;
export type ServerEventName = keyof typeof SERVER_EVENTS;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof SERVER_EVENTS)[E]>;

/** Client -> hub: event name -> request schema and ack schema (`ackOptional`: the client may omit the callback). */
export const CLIENT_EVENTS = {
  'customer:watch': { request: WatchRequestSchema, ack: WatchAckSchema, ackOptional: false },
  'customer:unwatch': { request: UnwatchRequestSchema, ack: UnwatchAckSchema, ackOptional: true },
  'presence:set': { request: SetPresenceSchema, ack: SetPresenceAckSchema, ackOptional: true },
  'presence:heartbeat': { request: PresenceHeartbeatSchema, ack: PresenceHeartbeatAckSchema, ackOptional: true },
  'routing:accept': { request: RoutingOfferRequestSchema, ack: RoutingAcceptAckSchema, ackOptional: false },
  'routing:decline': { request: RoutingOfferRequestSchema, ack: RoutingDeclineAckSchema, ackOptional: true },
} as const;
export type ClientEventName = keyof typeof CLIENT_EVENTS;
export type ClientEventRequest<E extends ClientEventName> = z.infer<(typeof CLIENT_EVENTS)[E]['request']>;
export type ClientEventAck<E extends ClientEventName> = z.infer<(typeof CLIENT_EVENTS)[E]['ack']>;

/** Typed socket.io maps: `Server<ClientToServerEvents, ServerToClientEvents>` / `Socket<ServerToClientEvents, ClientToServerEvents>`. */
export type ServerToClientEvents = { [E in ServerEventName]: (e: ServerEventPayload<E>) => void };
export type ClientToServerEvents = {
  [E in ClientEventName]: (typeof CLIENT_EVENTS)[E]['ackOptional'] extends true
    ? (req: ClientEventRequest<E>, ack?: (res: ClientEventAck<E>) => void) => void
    : (req: ClientEventRequest<E>, ack: (res: ClientEventAck<E>) => void) => void;
};

/** Socket handshake: `io(url, { auth: { token } })`. Rejected with connect_error message `unauthorized`. */
export const SocketAuthSchema = z.object({ token: z.string().min(1) });
export const SOCKET_UNAUTHORIZED = 'unauthorized';
