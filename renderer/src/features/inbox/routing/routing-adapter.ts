import { ConversationSchema, type Conversation } from '../../../../../shared/index.js';
import { RoutingDeclineResultSchema, RoutingNextSchema, RoutingOfferListSchema, type RoutingOffer } from '../../../../../shared/routing.js';
import { PresenceListSchema, PresenceSchema, type Presence as PresenceRecord, type PresenceState } from '../../../../../shared/presence.js';
import { jsonBody, seg, type HubFetch } from '../../../api/hub-fetch.js';

/*
 * Adapter to helper A's routing and presence (contract in /tmp/h/contracts.md): presence over
 * `PUT /api/v1/presence`, offers over `/api/v1/routing/offers/:id/accept|decline`, pull over
 * `POST /api/v1/routing/next`; offers arrive as socket `routing:offer` / `routing:offer-ended`.
 */

export const PRESENCES = ['online', 'away', 'offline'] as const satisfies readonly PresenceState[];
export type Presence = PresenceState;
export const PRESENCE_LABEL: Record<Presence, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

export { RoutingOfferEndedSchema, RoutingOfferSchema, type RoutingOffer } from '../../../../../shared/routing.js';

export function createRoutingApi(hub: HubFetch) {
  return {
    presence: async (signal?: AbortSignal): Promise<PresenceRecord[]> => (await hub.json(PresenceListSchema, '/api/v1/presence', { signal })).presence,
    setPresence: (state: Presence): Promise<PresenceRecord> => hub.json(PresenceSchema, '/api/v1/presence', { method: 'PUT', ...jsonBody({ state }) }),
    /** My pending offers (after a reload the toast comes back). */
    offers: async (signal?: AbortSignal): Promise<RoutingOffer[]> => (await hub.json(RoutingOfferListSchema, '/api/v1/routing/offers', { signal })).offers,
    accept: (offerId: string): Promise<Conversation> => hub.json(ConversationSchema, `/api/v1/routing/offers/${seg(offerId)}/accept`, { method: 'POST' }),
    decline: async (offerId: string): Promise<void> => void (await hub.json(RoutingDeclineResultSchema, `/api/v1/routing/offers/${seg(offerId)}/decline`, { method: 'POST' })),
    /** Pull: the best eligible conversation, assigned to me; null when nothing waits. */
    next: async (): Promise<Conversation | null> => (await hub.json(RoutingNextSchema, '/api/v1/routing/next', { method: 'POST' })).conversation,
  };
}
export type RoutingApi = ReturnType<typeof createRoutingApi>;
