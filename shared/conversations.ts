import { z } from 'zod';
import { ChannelSchema } from './channels.js';
import { PRIORITIES, SlaClockSchema } from './sla.js';
import { storable } from './storable-text.js';

/*
 * Conversations (tickets): one exchange with one customer, a view over that customer's timeline (items
 * link to a conversation; nothing is copied). Routes: server/conversations/routes.ts.
 */

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'solved', 'closed'] as const;
export const ConversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;
/** Statuses a person can set (closed follows solved after N days; the hub sets it). */
export const SETTABLE_STATUSES = ['open', 'pending', 'snoozed', 'solved'] as const;

export const PrioritySchema = z.enum(PRIORITIES);
export const CONVERSATION_VIEWS = ['mine', 'unassigned', 'queue', 'all'] as const;
export type ConversationView = (typeof CONVERSATION_VIEWS)[number];

/** Ids and text land in queries and text columns: NUL / lone surrogates are a 400 naming the field, never a PostgreSQL error. */
export const ConversationIdSchema = storable(z.string().min(1, 'id is required').max(64, 'id is too long'));
const Id = ConversationIdSchema;
export const ConversationTagSchema = storable(z.string().trim().min(1, 'a tag is not empty').max(40, 'a tag is at most 40 characters'));

export const ConversationSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  /** The customer's display name (for inbox rows). */
  customerName: z.string().nullable(),
  status: ConversationStatusSchema,
  snoozedUntil: z.string().nullable(),
  priority: PrioritySchema,
  /** Team id of the queue, null = no queue. */
  queueId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  tags: z.array(z.string()),
  subject: z.string(),
  channels: z.array(ChannelSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstResponseAt: z.string().nullable(),
  lastCustomerMessageAt: z.string().nullable(),
  /** Oldest customer message nobody has answered yet; null = nobody is waiting on us. */
  waitingSince: z.string().nullable(),
  solvedAt: z.string().nullable(),
  slaPolicyId: z.string(),
  firstResponseDueAt: z.string().nullable(),
  nextResponseDueAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  /** The nearest of the running deadlines (the inbox sorts on it). */
  nextDueAt: z.string().nullable(),
  itemCount: z.number().int().nonnegative(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

export const ConversationDetailSchema = z.object({
  conversation: ConversationSchema,
  /** The SLA clocks with their explanations, read at answer time. */
  clocks: z.array(SlaClockSchema),
  /** Timeline item ids of this conversation, oldest first (at most 1000). */
  itemIds: z.array(z.string()),
});
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;

const commaList = <T extends string>(values: readonly T[], field: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const parts = [...new Set(v.split(',').map((p) => p.trim()).filter(Boolean))];
      for (const p of parts) {
        if (!(values as readonly string[]).includes(p)) {
          ctx.addIssue({ code: 'custom', message: `unknown ${field} "${p}"; expected one of ${values.join(', ')}` });
          return z.NEVER;
        }
      }
      return parts as T[];
    });

/** `GET /api/v1/conversations`: default order nearest SLA deadline, then priority, then age. */
export const ConversationListQuerySchema = z
  .object({
    view: z.enum(CONVERSATION_VIEWS).default('all'),
    queue: Id.optional(),
    /** Comma list; default open,pending (the work). */
    status: commaList(CONVERSATION_STATUSES, 'status'),
    assignee: Id.optional(),
    customerId: Id.optional(),
    /** Opaque cursor from `nextCursor`. */
    before: z.string().min(1).max(300).optional(),
    limit: z.coerce.number().int().min(1, 'limit must be between 1 and 200').max(200, 'limit must be between 1 and 200').default(50),
  })
  .refine((q) => q.view !== 'queue' || q.queue !== undefined, { message: 'view=queue needs queue (a team id)', path: ['queue'] });
export type ConversationListQuery = z.infer<typeof ConversationListQuerySchema>;

export const ConversationPageSchema = z.object({ conversations: z.array(ConversationSchema), nextCursor: z.string().nullable() });
export type ConversationPage = z.infer<typeof ConversationPageSchema>;

/** `PATCH /api/v1/conversations/:id` (and each bulk update): only the fields given change. */
export const ConversationPatchSchema = z
  .object({
    status: z.enum(SETTABLE_STATUSES).optional(),
    /** ISO time; required with status snoozed, cleared by any other status. */
    snoozedUntil: z.iso.datetime({ offset: true, message: 'snoozedUntil is an ISO date-time' }).optional(),
    priority: PrioritySchema.optional(),
    queueId: Id.nullable().optional(),
    assigneeId: Id.nullable().optional(),
    tags: z.array(ConversationTagSchema).max(20, 'at most 20 tags').optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change', path: ['(body)'] })
  .refine((p) => p.status !== 'snoozed' || p.snoozedUntil !== undefined, { message: 'snoozing needs snoozedUntil', path: ['snoozedUntil'] })
  .refine((p) => p.snoozedUntil === undefined || p.status === 'snoozed', { message: 'snoozedUntil goes with status snoozed', path: ['status'] });
export type ConversationPatch = z.infer<typeof ConversationPatchSchema>;

/** `POST /api/v1/conversations`: opened by hand (a store follow-up, a call back). */
export const CreateConversationSchema = z
  .object({
    customerId: Id,
    subject: storable(z.string().trim().min(1, 'subject is required').max(200, 'subject is at most 200 characters')),
    channel: ChannelSchema.default('note'),
    priority: PrioritySchema.default('normal'),
    queueId: Id.nullable().optional(),
    assigneeId: Id.nullable().optional(),
    tags: z.array(ConversationTagSchema).max(20, 'at most 20 tags').default([]),
  })
  .strict();
export type CreateConversation = z.infer<typeof CreateConversationSchema>;

export const BulkConversationUpdateSchema = z
  .object({
    ids: z.array(Id).min(1, 'ids needs at least one id').max(200, 'at most 200 ids at once'),
    patch: ConversationPatchSchema,
  })
  .strict();
export type BulkConversationUpdate = z.infer<typeof BulkConversationUpdateSchema>;
export const BulkConversationResultSchema = z.object({ conversations: z.array(ConversationSchema) });

/** Work waiting per view (statuses open + pending): the inbox's live counts. */
export const InboxCountsSchema = z.object({
  all: z.number().int(),
  unassigned: z.number().int(),
  /** The caller's own (0 for a socket push to a queue room). */
  mine: z.number().int(),
  /** Per queue (team id). */
  queues: z.record(z.string(), z.number().int()),
});
export type InboxCounts = z.infer<typeof InboxCountsSchema>;

/** Socket `conversation:updated`: to the customer's room, the queue's room and the assignee's (old and new) user rooms. */
export const ConversationUpdatedEventSchema = z.object({ conversation: ConversationSchema });
export type ConversationUpdatedEvent = z.infer<typeof ConversationUpdatedEventSchema>;
/** Socket `conversations:updated`: several rows of one change that share their rooms (a bulk update), in one event; each as `conversation:updated`. */
export const ConversationsUpdatedEventSchema = z.object({ conversations: z.array(ConversationSchema) });
export type ConversationsUpdatedEvent = z.infer<typeof ConversationsUpdatedEventSchema>;
/** Socket `inbox:counts`: to the user rooms of the assignees involved (with their `mine`) and the queue rooms involved. */
export const InboxCountsEventSchema = z.object({ counts: InboxCountsSchema });
export type InboxCountsEvent = z.infer<typeof InboxCountsEventSchema>;

/** What a timeline item shows of its conversation. */
export const TimelineConversationRefSchema = z.object({ id: z.string(), subject: z.string(), status: ConversationStatusSchema });
export type TimelineConversationRef = z.infer<typeof TimelineConversationRefSchema>;
