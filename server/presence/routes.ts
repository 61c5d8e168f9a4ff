import { PresenceListSchema, PresenceSchema, SetPresenceSchema } from '../../shared/index.js';
import { route } from '../route-spec.js';
import type { PresenceService } from './presence-service.js';

/** Presence is visible to everyone signed in; each user sets their own. */
export const presenceRoutes = (presence: PresenceService) => [
  route({
    method: 'GET',
    path: '/api/v1/presence',
    tags: ['presence'],
    summary: 'Who is online, away or offline (users not listed never connected: offline)',
    access: 'self',
    response: PresenceListSchema,
    errors: ['unauthorized'],
    handler: async () => ({ presence: await presence.list() }),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/presence',
    tags: ['presence'],
    summary: 'Set your own presence: online (takes work), away or offline',
    access: 'self',
    body: SetPresenceSchema,
    response: PresenceSchema,
    errors: ['invalid_request', 'unauthorized', 'forbidden'],
    handler: ({ actor, body }) => presence.set(actor, body.state),
  }),
];
