import { z } from 'zod';
import {
  BulkConversationResultSchema,
  BulkConversationUpdateSchema,
  ConversationDetailSchema,
  ConversationIdSchema,
  ConversationListQuerySchema,
  ConversationPageSchema,
  ConversationPatchSchema,
  ConversationSchema,
  CreateConversationSchema,
  InboxCountsSchema,
} from '../../shared/index.js';
import { Created, route } from '../route-spec.js';
import type { ConversationService } from './conversation-service.js';

const ConversationIdParams = z.object({ id: ConversationIdSchema });

/** Inbox reads (conversation.read), changes (conversation.work; assigning others and queues: conversation.assign, checked per record). */
export const conversationRoutes = (conversations: ConversationService) => [
  route({
    method: 'GET',
    path: '/api/v1/conversations',
    tags: ['conversations'],
    summary: 'Inbox: conversations by view (mine, unassigned, queue, all), nearest SLA deadline first, then priority, then age',
    access: { permission: 'conversation.read' },
    query: ConversationListQuerySchema,
    response: ConversationPageSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden'],
    handler: ({ actor, query }) => conversations.list(actor, query),
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/counts',
    tags: ['conversations'],
    summary: 'Inbox counts per view (open and pending)',
    access: { permission: 'conversation.read' },
    response: InboxCountsSchema,
    errors: ['unauthorized', 'forbidden'],
    handler: ({ actor }) => conversations.counts(actor),
  }),
  route({
    method: 'POST',
    path: '/api/v1/conversations',
    tags: ['conversations'],
    summary: 'Open a conversation by hand (a store follow-up, a call back)',
    access: { permission: 'conversation.work' },
    body: CreateConversationSchema,
    response: ConversationSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: async ({ actor, body }) => new Created(await conversations.create(actor, body)),
  }),
  route({
    method: 'POST',
    path: '/api/v1/conversations/bulk',
    tags: ['conversations'],
    summary: 'Change several conversations at once (all or nothing)',
    access: { permission: 'conversation.work' },
    body: BulkConversationUpdateSchema,
    response: BulkConversationResultSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ actor, body }) => ({ conversations: await conversations.bulk(actor, body) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/:id',
    tags: ['conversations'],
    summary: 'One conversation with its SLA clocks (explained) and its timeline item ids',
    access: { permission: 'conversation.read' },
    params: ConversationIdParams,
    response: ConversationDetailSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ actor, params }) => conversations.get(actor, params.id),
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/conversations/:id',
    tags: ['conversations'],
    summary: 'Change status (snooze until), priority, queue, assignee or tags',
    access: { permission: 'conversation.work' },
    params: ConversationIdParams,
    body: ConversationPatchSchema,
    response: ConversationSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: ({ actor, params, body }) => conversations.update(actor, params.id, body),
  }),
];
