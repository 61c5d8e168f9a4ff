import { z } from 'zod';

/*
 * Agent presence (issue 11, routing): online | away | offline, chosen by the agent (PUT /api/v1/presence,
 * socket `presence:set`) and corrected by the hub (a dropped connection turns away, then offline; coming
 * back restores what the agent chose). Stored in the database so every hub agrees. Routes:
 * server/presence/routes.ts. Visible to everyone signed in.
 */

export const PRESENCE_STATES = ['online', 'away', 'offline'] as const;
export const PresenceStateSchema = z.enum(PRESENCE_STATES, { message: `state must be one of ${PRESENCE_STATES.join(', ')}` });
export type PresenceState = z.infer<typeof PresenceStateSchema>;

/** Why the state is what it is: the agent chose it, or the hub changed it. */
export const PRESENCE_REASONS = ['chosen', 'connection-lost', 'reconnected'] as const;
export const PresenceReasonSchema = z.enum(PRESENCE_REASONS);
export type PresenceReason = z.infer<typeof PresenceReasonSchema>;

export const PresenceSchema = z.object({
  userId: z.string(),
  /** The user's display name (for the floor and the selector). */
  name: z.string(),
  state: PresenceStateSchema,
  /** When this state began (ISO). */
  since: z.string(),
  reason: PresenceReasonSchema,
});
export type Presence = z.infer<typeof PresenceSchema>;

/** `GET /api/v1/presence`: everyone who ever had a presence; users not listed are offline. */
export const PresenceListSchema = z.object({ presence: z.array(PresenceSchema) });
export type PresenceList = z.infer<typeof PresenceListSchema>;

/** `PUT /api/v1/presence` body and socket `presence:set` payload: the caller's own state. */
export const SetPresenceSchema = z.object({ state: PresenceStateSchema }).strict();
export type SetPresence = z.infer<typeof SetPresenceSchema>;

const AckError = z.object({ code: z.string(), message: z.string() });
export const SetPresenceAckSchema = z.union([z.object({ ok: z.literal(true), presence: PresenceSchema }), z.object({ ok: z.literal(false), error: AckError })]);
export type SetPresenceAck = z.infer<typeof SetPresenceAckSchema>;

/** Socket `presence:heartbeat` (client -> hub, every ~10 s): proves the connection is alive. */
export const PresenceHeartbeatSchema = z.object({}).strict();
export const PresenceHeartbeatAckSchema = z.object({ ok: z.boolean() });

/** Socket `presence:updated` (hub -> every signed-in socket). */
export const PresenceUpdatedEventSchema = z.object({ presence: PresenceSchema });
export type PresenceUpdatedEvent = z.infer<typeof PresenceUpdatedEventSchema>;

/** How often the console should send `presence:heartbeat`. */
export const PRESENCE_HEARTBEAT_MS = 10_000;
