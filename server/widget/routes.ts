import { z } from 'zod';
import { ChatReplyResultSchema, ChatTypingSchema, ConversationIdSchema, CreateChatReplySchema, WidgetMessageSchema } from '../../shared/index.js';
import { ConflictError } from '../errors.js';
import { Created, route } from '../route-spec.js';
import type { WidgetGateway } from './gateway.js';
import type { WidgetService } from './widget-service.js';

const Conv = z.object({ id: ConversationIdSchema });

/** The console's side of a widget chat: answer it (through the outbox), say you are typing, read its messages. */
export const widgetRoutes = (s: { widget: WidgetService; gateway: WidgetGateway }) => [
  route({
    method: 'POST',
    path: '/api/v1/conversations/:id/chat-replies',
    tags: ['replies'],
    summary: 'Answer the visitor of a web chat conversation: the chat item grows, the message and its outbox row commit together and the hub pushes it to the widget right after that commit (the outbox worker when it cannot); same idempotencyKey = same result, sent once',
    access: { permission: 'conversation.work' },
    params: Conv,
    body: CreateChatReplySchema,
    response: ChatReplyResultSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ actor, params, body }) => {
      const r = await s.widget.agentReply(actor, params.id, body);
      return r.duplicate ? r : new Created(r);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/conversations/:id/chat-typing',
    tags: ['replies'],
    summary: 'Show (or stop showing) "typing…" in the visitor’s chat widget',
    access: { permission: 'conversation.work' },
    params: Conv,
    body: ChatTypingSchema,
    response: z.object({ ok: z.literal(true) }),
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ actor, params, body }) => {
      const chat = await s.widget.chatOfConversation(params.id);
      if (!chat) throw new ConflictError('id', 'this conversation has no web chat');
      s.gateway.toWidget(chat.chatId, 'widget:typing', { typing: body.typing, author: actor.kind === 'user' ? (actor.name ?? 'Support') : 'Support' });
      return { ok: true as const };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/:id/chat-messages',
    tags: ['replies'],
    summary: 'The web chat’s messages in order (as the visitor sees them)',
    access: { permission: 'conversation.read' },
    params: Conv,
    response: z.object({ messages: z.array(WidgetMessageSchema) }),
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ params }) => {
      const chat = await s.widget.chatOfConversation(params.id);
      if (!chat) throw new ConflictError('id', 'this conversation has no web chat');
      return { messages: await s.widget.history(chat.chatId, 0) };
    },
  }),
];
