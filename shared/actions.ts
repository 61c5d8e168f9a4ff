import { z } from 'zod';

/** The catalog's kinds, named exactly as the spec names them. */
export const ACTION_KINDS = [
  'escalate_to_lead',
  'goodwill_credit',
  'proactive_delivery_update',
  'cart_reminder',
  'suppress_promotion',
  'cross_sell',
  'retention_offer',
  'schedule_callback',
  'store_pickup_alternative',
  'hold_notifications',
  'reply_now',
] as const;
export const ActionKindSchema = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKindSchema>;

/** Why an action is suggested; `eventIds` are timeline event ids the renderer highlights. */
export const ActionReasonSchema = z.object({ text: z.string(), eventIds: z.array(z.string()) });
export type ActionReason = z.infer<typeof ActionReasonSchema>;

export const ACTION_CREATES = ['note', 'task', 'credit', 'suppression'] as const;
/** What `POST /api/v1/actions/:id/execute` will do. */
export const ActionExecuteSchema = z.object({
  label: z.string(),
  creates: z.enum(ACTION_CREATES),
});
export type ActionExecute = z.infer<typeof ActionExecuteSchema>;

export const RecommendedActionSchema = z.object({
  /** Opaque; stable while the evidence behind it is unchanged. */
  id: z.string(),
  kind: ActionKindSchema,
  title: z.string(),
  score: z.number(),
  reasons: z.array(ActionReasonSchema),
  execute: ActionExecuteSchema,
});
export type RecommendedAction = z.infer<typeof RecommendedActionSchema>;

/** `GET /api/v1/customers/:id/actions` */
export const ActionListResponseSchema = z.object({ actions: z.array(RecommendedActionSchema) });
export type ActionListResponse = z.infer<typeof ActionListResponseSchema>;

export const FEEDBACK_OUTCOMES = ['accepted', 'dismissed', 'snoozed'] as const;
/** `POST /api/v1/actions/:id/feedback` */
export const ActionFeedbackRequestSchema = z
  .object({
    outcome: z.enum(FEEDBACK_OUTCOMES, { message: 'outcome must be one of accepted, dismissed, snoozed' }),
    reason: z.string().trim().max(500, 'reason must be at most 500 characters').optional(),
  })
  .strict();
export type ActionFeedbackRequest = z.infer<typeof ActionFeedbackRequestSchema>;
export const ActionFeedbackResponseSchema = z.object({ ok: z.literal(true), actionId: z.string(), outcome: z.enum(FEEDBACK_OUTCOMES) });
export type ActionFeedbackResponse = z.infer<typeof ActionFeedbackResponseSchema>;

/** `POST /api/v1/actions/:id/execute`: the timeline event it created (a `note` channel event). */
export const ActionExecuteResponseSchema = z.object({
  actionId: z.string(),
  kind: ActionKindSchema,
  customerId: z.string(),
  eventId: z.string(),
  status: z.enum(['created', 'duplicate']),
});
export type ActionExecuteResponse = z.infer<typeof ActionExecuteResponseSchema>;

/** Socket `actions:updated`: the list changed because new events arrived. */
export const ActionsUpdatedEventSchema = z.object({ customerId: z.string(), actions: z.array(RecommendedActionSchema) });
export type ActionsUpdatedEvent = z.infer<typeof ActionsUpdatedEventSchema>;
