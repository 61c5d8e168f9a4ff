import { z } from 'zod';
import { ChannelSchema, type Channel } from './channels.js';
import { ConversationSchema } from './conversations.js';
import { PRIORITIES } from './sla.js';
import { storable } from './storable-text.js';

/*
 * Routing (issue 11): queues route open, unassigned conversations to their online members, within
 * capacity units per channel, priority first then waiting time. Push: one offer at a time per agent
 * (`routing:offer`), accepted, declined or timed out (a declined or expired offer is never made again to
 * that agent for that conversation). Pull: `POST /api/v1/routing/next`. Routes: server/routing/routes.ts.
 */

/** Capacity of one agent, in units. */
export const AGENT_CAPACITY_UNITS = 100;
/** Units one conversation takes by its current channel (a queue may override). */
export const DEFAULT_CHANNEL_UNITS: Readonly<Record<Channel, number>> = {
  phone: 100,
  chat: 33,
  social: 33,
  web: 33,
  sms: 20,
  email: 10,
  store: 10,
  purchase: 10,
  note: 10,
};

const Id = storable(z.string().min(1, 'id is required').max(64, 'id is too long'));
export const RoutingOfferIdSchema = Id;

/** Socket `routing:offer` (to the agent's user room) and one row of `GET /api/v1/routing/offers`. */
export const RoutingOfferSchema = z.object({
  offerId: z.string(),
  conversationId: z.string(),
  customerName: z.string().nullable(),
  channel: ChannelSchema,
  subject: z.string(),
  priority: z.enum(PRIORITIES),
  /** ISO: after this the offer goes to someone else. */
  expiresAt: z.string(),
});
export type RoutingOffer = z.infer<typeof RoutingOfferSchema>;
export const RoutingOfferListSchema = z.object({ offers: z.array(RoutingOfferSchema) });

export const OFFER_OUTCOMES = ['accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];
/** Socket `routing:offer-ended` (same user room): close the offer in every window. */
export const RoutingOfferEndedSchema = z.object({ offerId: z.string(), conversationId: z.string(), outcome: z.enum(OFFER_OUTCOMES) });
export type RoutingOfferEnded = z.infer<typeof RoutingOfferEndedSchema>;

/** Client events `routing:accept` / `routing:decline`. */
export const RoutingOfferRequestSchema = z.object({ offerId: RoutingOfferIdSchema }).strict();
export type RoutingOfferRequest = z.infer<typeof RoutingOfferRequestSchema>;
const AckError = z.object({ code: z.string(), message: z.string() });
export const RoutingAcceptAckSchema = z.union([z.object({ ok: z.literal(true), conversation: ConversationSchema }), z.object({ ok: z.literal(false), error: AckError })]);
export type RoutingAcceptAck = z.infer<typeof RoutingAcceptAckSchema>;
export const RoutingDeclineAckSchema = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: AckError })]);
export type RoutingDeclineAck = z.infer<typeof RoutingDeclineAckSchema>;

/** `POST /api/v1/routing/next`: the conversation now assigned to the caller, or null when nothing fits. */
export const RoutingNextSchema = z.object({ conversation: ConversationSchema.nullable() });
export type RoutingNext = z.infer<typeof RoutingNextSchema>;
export const RoutingDeclineResultSchema = z.object({ ok: z.literal(true) });

/** A queue's routing settings (`GET/PUT /api/v1/routing/queues/:id`): units per channel. */
export const ChannelUnitsSchema = z.partialRecord(ChannelSchema, z.number().int('units are whole numbers').min(1, 'units are at least 1').max(AGENT_CAPACITY_UNITS, `units are at most ${AGENT_CAPACITY_UNITS}`));
export const QueueRoutingSettingsSchema = z.object({ queueId: z.string(), units: z.record(ChannelSchema, z.number().int()) });
export type QueueRoutingSettings = z.infer<typeof QueueRoutingSettingsSchema>;
export const PutQueueRoutingSchema = z.object({ units: ChannelUnitsSchema }).strict();
export type PutQueueRouting = z.infer<typeof PutQueueRoutingSchema>;

/** Why routing took a conversation back from an agent (conversation history: routing_log). */
export const ROUTING_LOG_KINDS = ['offered', 'accepted', 'declined', 'expired', 'withdrawn', 'pulled', 'released'] as const;
export type RoutingLogKind = (typeof ROUTING_LOG_KINDS)[number];
export const RoutingLogEntrySchema = z.object({ kind: z.enum(ROUTING_LOG_KINDS), userId: z.string(), reason: z.string().nullable(), at: z.string() });
export const RoutingHistorySchema = z.object({ entries: z.array(RoutingLogEntrySchema) });
export type RoutingHistory = z.infer<typeof RoutingHistorySchema>;
