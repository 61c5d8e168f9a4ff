import { z } from 'zod';
import {
  ConversationIdSchema,
  CreateNoteSchema,
  CreateReplySchema,
  DraftModeSchema,
  DraftSchema,
  NoteListSchema,
  NoteResultSchema,
  OutboundMessageListSchema,
  OutboundMessageSchema,
  PutDraftSchema,
  ReplyResultSchema,
} from '../../shared/index.js';
import { Created, route } from '../route-spec.js';
import type { NotesService } from './notes-service.js';
import type { OutboxService } from './outbox-service.js';
import type { ReplyService } from './reply-service.js';

const Conv = z.object({ id: ConversationIdSchema });
const ConvMode = z.object({ id: ConversationIdSchema, mode: DraftModeSchema });
const OutboxId = z.object({ id: z.string().min(1).max(64) });

/** Replies and notes (conversation.work), their outbox (read: conversation.read), drafts (the caller's own, conversation.work). */
export const outboundRoutes = (s: { replies: ReplyService; outbox: OutboxService; notes: NotesService }) => [
  route({
    method: 'POST',
    path: '/api/v1/conversations/:id/replies',
    tags: ['replies'],
    summary: 'Reply to the customer on the conversation’s channel (or another of their addresses): timeline item + outbox row in one transaction; same idempotencyKey = same result, sent once',
    access: { permission: 'conversation.work' },
    params: Conv,
    body: CreateReplySchema,
    response: ReplyResultSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ actor, params, body }) => {
      const r = await s.replies.reply(actor, params.id, body);
      return r.duplicate ? r : new Created(r);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/:id/replies',
    tags: ['replies'],
    summary: 'The conversation’s outbound messages with their delivery state (provider error code and text when it failed)',
    access: { permission: 'conversation.read' },
    params: Conv,
    response: OutboundMessageListSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: async ({ params }) => ({ messages: await s.outbox.list(params.id) }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/outbox/:id/retry',
    tags: ['replies'],
    summary: 'Send a failed or undelivered message again (fresh attempts)',
    access: { permission: 'conversation.work' },
    params: OutboxId,
    response: OutboundMessageSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: ({ actor, params }) => s.outbox.retry(actor, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/v1/conversations/:id/notes',
    tags: ['replies'],
    summary: 'Internal note (never sent to the customer); @mentioned users hear mention:created',
    access: { permission: 'conversation.work' },
    params: Conv,
    body: CreateNoteSchema,
    response: NoteResultSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: async ({ actor, params, body }) => {
      const r = await s.notes.add(actor, params.id, body);
      return r.duplicate ? r : new Created(r);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/:id/notes',
    tags: ['replies'],
    summary: 'The conversation’s internal notes, oldest first',
    access: { permission: 'conversation.read' },
    params: Conv,
    response: NoteListSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: async ({ params }) => ({ notes: await s.notes.list(params.id) }),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/conversations/:id/drafts/:mode',
    tags: ['replies'],
    summary: 'Save your draft (reply or note) of this conversation: found again after a reload or on another device',
    access: { permission: 'conversation.work' },
    params: ConvMode,
    body: PutDraftSchema,
    response: DraftSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ actor, params, body }) => s.notes.putDraft(actor, params.id, params.mode, body),
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/:id/drafts/:mode',
    tags: ['replies'],
    summary: 'Your saved draft (404 when none)',
    access: { permission: 'conversation.work' },
    params: ConvMode,
    response: DraftSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ actor, params }) => s.notes.getDraft(actor, params.id, params.mode),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/conversations/:id/drafts/:mode',
    tags: ['replies'],
    summary: 'Drop your draft (after sending, or discarded)',
    access: { permission: 'conversation.work' },
    params: ConvMode,
    response: z.object({ deleted: z.boolean() }),
    errors: ['invalid_request', 'unauthorized', 'forbidden'],
    handler: ({ actor, params }) => s.notes.deleteDraft(actor, params.id, params.mode),
  }),
];
