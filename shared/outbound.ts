import { z } from 'zod';
import { storable } from './storable-text.js';

/*
 * Replies, notes and drafts (issue 12): what the composer sends, what the outbox says about a message.
 * A reply is a timeline item plus an outbox row written in one transaction; a note never has an outbox row.
 */

export const REPLY_CHANNELS = ['email', 'sms'] as const;
export const ReplyChannelSchema = z.enum(REPLY_CHANNELS);
export type ReplyChannel = z.infer<typeof ReplyChannelSchema>;
/** What an outbox row can carry: the composer's reply channels plus answers into a web chat (server/widget). */
export const OutboxChannelSchema = z.enum([...REPLY_CHANNELS, 'chat']);

/** One compose = one key: a double click or a client retry with the same key returns the first result, never a second send. */
export const IdempotencyKeySchema = storable(z.string().trim().min(8, 'idempotencyKey must be at least 8 characters').max(128, 'idempotencyKey is too long'));

/** Largest attachment (decoded bytes) and all of one reply's attachments together. */
export const MAX_REPLY_ATTACHMENT_BYTES = 2 * 1024 * 1024;
export const MAX_REPLY_ATTACHMENTS_BYTES = 3 * 1024 * 1024;
export const MAX_REPLY_TEXT = 20_000;

export const ReplyAttachmentSchema = z
  .object({
    filename: storable(z.string().trim().min(1, 'filename is required').max(255)),
    contentType: z.string().trim().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type like application/pdf').max(128),
    /** The bytes, base64. */
    contentBase64: z.string().max(Math.ceil((MAX_REPLY_ATTACHMENT_BYTES * 4) / 3) + 8, `attachment is larger than ${MAX_REPLY_ATTACHMENT_BYTES} bytes`).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  })
  .strict();
export type ReplyAttachment = z.infer<typeof ReplyAttachmentSchema>;

const nonEmptyText = (max: number) => storable(z.string().max(max, `must be at most ${max} characters`)).refine((s) => s.trim() !== '', 'must not be empty');

export const CreateReplySchema = z
  .object({
    idempotencyKey: IdempotencyKeySchema,
    /** Default: the conversation's own channel (the one the customer last wrote on). */
    channel: ReplyChannelSchema.optional(),
    /** One of the customer's own email addresses / phone numbers; default: the one they wrote from. */
    to: storable(z.string().trim().min(1).max(320)).optional(),
    text: nonEmptyText(MAX_REPLY_TEXT),
    /** Email only: the HTML alternative (the text stays the plain alternative). */
    html: storable(z.string().max(200_000)).optional(),
    attachments: z.array(ReplyAttachmentSchema).max(10, 'at most 10 attachments').optional(),
  })
  .strict();
export type CreateReply = z.infer<typeof CreateReplySchema>;

/**
 * queued (waiting for the worker) -> sending (leased by one hub) -> sent (the provider accepted it) ->
 * delivered / undelivered (SMS status callbacks); failed = gave up (retries spent, or refused for good).
 */
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'] as const;
export const OutboxStatusSchema = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

export const OutboundMessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  customerId: z.string(),
  /** The timeline item of this reply. */
  eventId: z.string(),
  channel: OutboxChannelSchema,
  status: OutboxStatusSchema,
  /** The provider's own word (Twilio: queued, sent, delivered, …). */
  providerStatus: z.string().nullable(),
  to: z.string(),
  from: z.string(),
  subject: z.string().nullable(),
  /** Email Message-ID / Twilio MessageSid. */
  messageId: z.string().nullable(),
  providerId: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorText: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;

export const ReplyResultSchema = z.object({
  message: OutboundMessageSchema,
  /** True when this key was seen before: the first result, nothing new written or sent. */
  duplicate: z.boolean(),
});
export type ReplyResult = z.infer<typeof ReplyResultSchema>;

export const OutboundMessageListSchema = z.object({ messages: z.array(OutboundMessageSchema) });

export const CreateNoteSchema = z
  .object({
    idempotencyKey: IdempotencyKeySchema,
    text: nonEmptyText(MAX_REPLY_TEXT),
    /** User ids mentioned (@Ana): each hears `mention:created`. */
    mentions: z.array(z.string().min(1).max(64)).max(20).optional(),
  })
  .strict();
export type CreateNote = z.infer<typeof CreateNoteSchema>;

export const ConversationNoteSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  text: z.string(),
  mentions: z.array(z.string()),
  createdAt: z.string(),
});
export type ConversationNote = z.infer<typeof ConversationNoteSchema>;
export const NoteResultSchema = z.object({ note: ConversationNoteSchema, duplicate: z.boolean() });
export const NoteListSchema = z.object({ notes: z.array(ConversationNoteSchema) });

/** Socket `mention:created` to the mentioned user's room. */
export const MentionCreatedEventSchema = z.object({
  conversationId: z.string(),
  noteId: z.string(),
  authorName: z.string().nullable(),
  excerpt: z.string(),
});
export type MentionCreatedEvent = z.infer<typeof MentionCreatedEventSchema>;

export const DRAFT_MODES = ['reply', 'note'] as const;
export const DraftModeSchema = z.enum(DRAFT_MODES);
export type DraftMode = z.infer<typeof DraftModeSchema>;

export const PutDraftSchema = z
  .object({
    text: storable(z.string().max(MAX_REPLY_TEXT, `must be at most ${MAX_REPLY_TEXT} characters`)),
    html: storable(z.string().max(200_000)).optional(),
    /** Where the reply goes: email, sms or the visitor's web chat (restored with the draft). */
    channel: OutboxChannelSchema.optional(),
    to: storable(z.string().trim().max(320)).optional(),
  })
  .strict();
export type PutDraft = z.infer<typeof PutDraftSchema>;

export const DraftSchema = PutDraftSchema.extend({ conversationId: z.string(), mode: DraftModeSchema, updatedAt: z.string() });
export type Draft = z.infer<typeof DraftSchema>;
