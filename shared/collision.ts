import { z } from 'zod';
import { ChannelSchema } from './channels.js';

/*
 * Collision on the customer (issue 11): who is viewing or replying to a customer right now, and what is
 * happening with them across channels (a live call, a store visit). Viewing and composing are signals
 * the console refreshes; calls and visits are read from the customer's timeline.
 */

/** A viewer vanishes this long after its last heartbeat (closed laptop, dropped network). */
export const VIEWING_TTL_MS = 20_000;
/** How often an open customer screen says "still viewing" (well inside VIEWING_TTL_MS). */
export const VIEWING_HEARTBEAT_MS = 8_000;
/** "Is replying" ends this long after the last keystroke signal. */
export const COMPOSING_TTL_MS = 10_000;
/** The composer re-sends its signal at most this often while typing. */
export const COMPOSING_REFRESH_MS = 3_000;
/** The hub drops expired signals at least this often (so a stale one disappears within TTL + this). */
export const ACTIVITY_SWEEP_MS = 5_000;
/** A call with no end status after this long lost its end callback: no longer "on a call". */
export const CALL_MAX_HOURS = 4;

const ConversationRefSchema = z.string().trim().min(1, 'conversationId must not be empty').max(64, 'conversationId is at most 64 characters');

/** `POST /api/v1/customers/:id/activity`: the caller is viewing / replying (active, default) or stopped. */
export const ActivitySignalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('viewing'), active: z.boolean('active must be true or false').default(true) }),
  z.object({
    kind: z.literal('composing'),
    channel: ChannelSchema,
    conversationId: ConversationRefSchema.optional(),
    active: z.boolean('active must be true or false').default(true),
  }),
]);
export type ActivitySignal = z.infer<typeof ActivitySignalSchema>;
export type ActivitySignalInput = z.input<typeof ActivitySignalSchema>;

export const ActivityViewerSchema = z.object({ userId: z.string(), name: z.string(), since: z.string() });
export type ActivityViewer = z.infer<typeof ActivityViewerSchema>;

export const ActivityComposerSchema = z.object({ userId: z.string(), name: z.string(), channel: ChannelSchema, conversationId: z.string().nullable(), since: z.string() });
export type ActivityComposer = z.infer<typeof ActivityComposerSchema>;

/** A call still going on: ringing, or connected (with the agent's name when the call record names one). */
export const LiveCallSchema = z.object({
  state: z.enum(['ringing', 'connected']),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  /** The staff member on the call, as a name (never an id or a number); null when unknown. */
  agentName: z.string().nullable(),
  since: z.string(),
});
export type LiveCall = z.infer<typeof LiveCallSchema>;

/** The customer is in a store now (checked in, not checked out). */
export const StoreVisitNowSchema = z.object({ storeName: z.string().nullable(), since: z.string() });
export type StoreVisitNow = z.infer<typeof StoreVisitNowSchema>;

/** Everything happening with one customer right now. */
export const CustomerActivitySchema = z.object({
  customerId: z.string(),
  viewers: z.array(ActivityViewerSchema),
  composers: z.array(ActivityComposerSchema),
  call: LiveCallSchema.nullable(),
  storeVisit: StoreVisitNowSchema.nullable(),
});
export type CustomerActivity = z.infer<typeof CustomerActivitySchema>;

export const emptyActivity = (customerId: string): CustomerActivity => ({ customerId, viewers: [], composers: [], call: null, storeVisit: null });

/** Most customers one `GET /api/v1/activity` may ask about (an inbox page). */
export const MAX_ACTIVITY_BATCH = 100;

/** `GET /api/v1/activity?customerIds=a,b,c`: the inbox's "who is on it" for a page of rows. */
export const ActivityBatchQuerySchema = z.object({
  customerIds: z
    .string('customerIds is required')
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(
      z
        .array(z.string().max(64, 'each customer id is at most 64 characters'))
        .min(1, 'customerIds needs at least one id')
        .max(MAX_ACTIVITY_BATCH, `customerIds takes at most ${MAX_ACTIVITY_BATCH} ids`),
    ),
});
export const ActivityBatchSchema = z.object({ activities: z.array(CustomerActivitySchema) });
export type ActivityBatch = z.infer<typeof ActivityBatchSchema>;

/** Socket `customer:activity` (customer room): the customer's activity changed. */
export const CustomerActivityEventSchema = z.object({ customerId: z.string(), activity: CustomerActivitySchema });
export type CustomerActivityEvent = z.infer<typeof CustomerActivityEventSchema>;

/** Twilio call statuses (data.status) of a call not yet over: ringing, or connected. */
export const RINGING_CALL_STATUSES: ReadonlySet<string> = new Set(['queued', 'initiated', 'ringing']);
export const CONNECTED_CALL_STATUSES: ReadonlySet<string> = new Set(['in-progress', 'answered']);
/** Generic `call.<state>` types (events API) meaning a call is going on now. */
export const LIVE_CALL_TYPE_SUFFIXES: ReadonlySet<string> = new Set(['ringing', 'started', 'answered', 'in_progress']);
