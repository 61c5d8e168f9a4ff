import { z } from 'zod';
import { CallLogListSchema, CallLogResultSchema, ConversationIdSchema, CreateCallLogSchema } from '../../shared/index.js';
import { Created, route } from '../route-spec.js';
import type { CallLogPort } from './port.js';

const Conv = z.object({ id: ConversationIdSchema });

/** Logging a call works a conversation (conversation.work, like replies); reading the logs is conversation.read. */
export const callLogRoutes = (s: CallLogPort) => [
  route({
    method: 'POST',
    path: '/api/v1/conversations/:id/call-logs',
    tags: ['replies'],
    summary: 'Log a call on the conversation (outcome, direction, duration, notes, callback time): one timeline item; a reached customer counts as the first or next response; same idempotencyKey = same log',
    access: { permission: 'conversation.work' },
    params: Conv,
    body: CreateCallLogSchema,
    response: CallLogResultSchema,
    mayCreate: true,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: async ({ actor, params, body }) => {
      const r = await s.log(actor, params.id, body);
      return r.duplicate ? r : new Created(r);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/conversations/:id/call-logs',
    tags: ['replies'],
    summary: 'The calls logged on the conversation, oldest first',
    access: { permission: 'conversation.read' },
    params: Conv,
    response: CallLogListSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: async ({ params }) => ({ callLogs: await s.list(params.id) }),
  }),
];
