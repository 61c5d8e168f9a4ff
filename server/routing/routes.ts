import { z } from 'zod';
import {
  ConversationIdSchema,
  ConversationSchema,
  PutQueueRoutingSchema,
  QueueRoutingSettingsSchema,
  RoutingDeclineResultSchema,
  RoutingHistorySchema,
  RoutingNextSchema,
  RoutingOfferIdSchema,
  RoutingOfferListSchema,
} from '../../shared/index.js';
import { route } from '../route-spec.js';
import type { RoutingService } from './routing-service.js';

const OfferParams = z.object({ id: RoutingOfferIdSchema });
const ConversationParams = z.object({ id: ConversationIdSchema });
const QueueParams = z.object({ id: ConversationIdSchema });

/** Taking work (conversation.work), its history (conversation.read), queue capacity settings (teams.manage). */
export const routingRoutes = (routing: RoutingService) => [
  route({
    method: 'GET',
    path: '/api/v1/routing/offers',
    tags: ['routing'],
    summary: 'Your live offers (conversations offered to you until they expire)',
    access: { permission: 'conversation.work' },
    response: RoutingOfferListSchema,
    errors: ['unauthorized', 'forbidden'],
    handler: ({ actor }) => routing.offers(actor),
  }),
  route({
    method: 'POST',
    path: '/api/v1/routing/offers/:id/accept',
    tags: ['routing'],
    summary: 'Accept an offer: the conversation is assigned to you (409 when it expired or someone else has it)',
    access: { permission: 'conversation.work' },
    params: OfferParams,
    response: ConversationSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: ({ actor, params }) => routing.accept(actor, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/v1/routing/offers/:id/decline',
    tags: ['routing'],
    summary: 'Decline an offer: it goes to someone else and is never offered to you again',
    access: { permission: 'conversation.work' },
    params: OfferParams,
    response: RoutingDeclineResultSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict'],
    handler: ({ actor, params }) => routing.decline(actor, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/v1/routing/next',
    tags: ['routing'],
    summary: 'Next conversation: the best one you may take now (priority, then waiting time), assigned to you; null when nothing fits',
    access: { permission: 'conversation.work' },
    response: RoutingNextSchema,
    errors: ['unauthorized', 'forbidden', 'conflict'],
    handler: ({ actor }) => routing.next(actor),
  }),
  route({
    method: 'GET',
    path: '/api/v1/routing/conversations/:id/history',
    tags: ['routing'],
    summary: "A conversation's routing history: offers, answers, pulls, and work taken back with the reason",
    access: { permission: 'conversation.read' },
    params: ConversationParams,
    response: RoutingHistorySchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden'],
    handler: ({ params }) => routing.history(params.id),
  }),
  route({
    method: 'GET',
    path: '/api/v1/routing/queues/:id',
    tags: ['routing'],
    summary: "A queue's capacity units per channel (of 100 per agent)",
    access: { permission: 'conversation.read' },
    params: QueueParams,
    response: QueueRoutingSettingsSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ params }) => routing.queueSettings(params.id),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/routing/queues/:id',
    tags: ['routing'],
    summary: "Set a queue's capacity units per channel (channels not given keep the defaults)",
    access: { permission: 'teams.manage' },
    params: QueueParams,
    body: PutQueueRoutingSchema,
    response: QueueRoutingSettingsSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
    handler: ({ params, body }) => routing.setQueueUnits(params.id, body.units),
  }),
];
