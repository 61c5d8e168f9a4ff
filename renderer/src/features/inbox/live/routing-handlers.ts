import type { FeatureLiveHandlers } from '../../../live/live-registry.js';
import { useOffer } from '../routing/offer-store.js';

/** Helper A's routing and presence events (parsed by the live layer with shared/routing.ts and shared/presence.ts). */
export const routingLive: FeatureLiveHandlers = {
  'routing:offer': (offer) => useOffer.getState().receive(offer),
  'routing:offer-ended': (ended) => useOffer.getState().ended(ended),
  'presence:updated': ({ presence }) => useOffer.getState().setPresence([presence]),
};
