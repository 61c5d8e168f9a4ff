import { z } from 'zod';
import { IdempotencyKeySchema } from './outbound.js';
import { storable } from './storable-text.js';
import { IsoDateTimeSchema } from './time.js';

/*
 * Logged calls (issue 12): an agent records a call's outcome and notes on a conversation (no telephony).
 * A call log is one timeline item of type `call.logged` (shared/event-types.ts) in the conversation it was
 * logged on. Its `data.outcome` is the shared call vocabulary (answered / voicemail / missed / busy / failed),
 * so every reader that knows calls (conversation grouping, the next-action engine) reads it without knowing
 * call logs; `data.callOutcome` keeps the agent's own, finer word.
 *
 * SLA: a logged call counts as a (first or next) response exactly when the customer was reached (reached,
 * resolved, callback requested): like a reply, our words got to them. A voicemail we left, no answer, a busy
 * line or a wrong number stop no clock.
 */

export const CALL_OUTCOMES = ['reached', 'resolved', 'callback_requested', 'left_voicemail', 'no_answer', 'busy', 'wrong_number'] as const;
export const CallOutcomeSchema = z.enum(CALL_OUTCOMES);
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;

export const CALL_DIRECTIONS = ['outbound', 'inbound'] as const;
export const CallDirectionSchema = z.enum(CALL_DIRECTIONS);
export type CallDirection = z.infer<typeof CallDirectionSchema>;

/** Words for the screen (the composer's choices, the timeline). */
export const CALL_OUTCOME_WORDS: Readonly<Record<CallOutcome, string>> = {
  reached: 'Reached the customer',
  resolved: 'Resolved on the call',
  callback_requested: 'Callback requested',
  left_voicemail: 'Left a voicemail',
  no_answer: 'No answer',
  busy: 'Line busy',
  wrong_number: 'Wrong number',
};

/** The agent's outcome in the shared call vocabulary (data.outcome; see UNANSWERED_CALL_OUTCOMES). */
export const CALL_OUTCOME_VOCABULARY: Readonly<Record<CallOutcome, 'answered' | 'voicemail' | 'missed' | 'busy' | 'failed'>> = {
  reached: 'answered',
  resolved: 'answered',
  callback_requested: 'answered',
  left_voicemail: 'voicemail',
  no_answer: 'missed',
  busy: 'busy',
  wrong_number: 'failed',
};

/** Outcomes where the customer was on the line: the only ones an inbound call can have, and the ones that count as a response. */
export const REACHED_CALL_OUTCOMES: ReadonlySet<CallOutcome> = new Set(['reached', 'resolved', 'callback_requested']);

export const MAX_CALL_NOTES = 5000;
/** A logged call lasts at most a day (seconds). */
export const MAX_CALL_DURATION_SEC = 86_400;

export const CreateCallLogSchema = z
  .object({
    /** One log = one key: a double click or a retry with the same key answers the first log. */
    idempotencyKey: IdempotencyKeySchema,
    /** Default: outbound (the agent called the customer). */
    direction: CallDirectionSchema.default('outbound'),
    outcome: CallOutcomeSchema,
    durationSec: z.number().int('must be whole seconds').min(0, 'must not be negative').max(MAX_CALL_DURATION_SEC, `must be at most ${MAX_CALL_DURATION_SEC} seconds`).optional(),
    notes: storable(z.string().max(MAX_CALL_NOTES, `must be at most ${MAX_CALL_NOTES} characters`)).optional(),
    /** When the customer asked to be called back: required with outcome callback_requested, refused otherwise. */
    callbackAt: IsoDateTimeSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.outcome === 'callback_requested' && v.callbackAt === undefined) ctx.addIssue({ code: 'custom', path: ['callbackAt'], message: 'a callback time is required when the customer asked to be called back' });
    if (v.outcome !== 'callback_requested' && v.callbackAt !== undefined) ctx.addIssue({ code: 'custom', path: ['callbackAt'], message: 'only a requested callback has a callback time' });
    if (v.direction === 'inbound' && !REACHED_CALL_OUTCOMES.has(v.outcome))
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'a call the customer made to you was answered: reached, resolved or callback_requested' });
  });
export type CreateCallLog = z.input<typeof CreateCallLogSchema>;
export type CreateCallLogParsed = z.output<typeof CreateCallLogSchema>;

/** `data` of a `call.logged` timeline item. */
export const CallLogDataSchema = z.object({
  direction: CallDirectionSchema,
  outcome: z.string(),
  callOutcome: CallOutcomeSchema,
  durationSec: z.number().nonnegative().optional(),
  notes: z.string().optional(),
  callbackAt: z.string().optional(),
  agentId: z.string().optional(),
  agentName: z.string().optional(),
  omniConversationId: z.string().optional(),
});
export type CallLogData = z.infer<typeof CallLogDataSchema>;

export const CallLogSchema = z.object({
  /** The timeline item. */
  id: z.string(),
  conversationId: z.string(),
  customerId: z.string(),
  direction: CallDirectionSchema,
  outcome: CallOutcomeSchema,
  durationSec: z.number().nullable(),
  notes: z.string().nullable(),
  callbackAt: z.string().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  /** The conversation's first or next response (the customer was reached). */
  countsAsResponse: z.boolean(),
  occurredAt: z.string(),
});
export type CallLog = z.infer<typeof CallLogSchema>;

export const CallLogResultSchema = z.object({
  callLog: CallLogSchema,
  /** True when this key was logged before: the first log, nothing new written. */
  duplicate: z.boolean(),
});
export type CallLogResult = z.infer<typeof CallLogResultSchema>;
export const CallLogListSchema = z.object({ callLogs: z.array(CallLogSchema) });
export type CallLogList = z.infer<typeof CallLogListSchema>;
