import { lazy } from 'react';
import { rolesWith } from '../auth/permissions.js';
import type { FeatureModule } from '../feature-module.js';
import { useInboxStore } from './inbox-store.js';
import { inboxLive } from './live/handlers.js';
import { routingLive } from './live/routing-handlers.js';
import { OfferToast } from './routing/OfferToast.js';
import { useOffer } from './routing/offer-store.js';
import { PresenceSelector } from './routing/PresenceSelector.js';

const InboxScreen = lazy(() => import('./components/InboxScreen.js').then((m) => ({ default: m.InboxScreen })));

/**
 * Work the queue (issue 11): the inbox at `/inbox` for everyone who reads conversations, the conversation
 * screen (routed in app/router.tsx, composing the customer screen), presence in the top bar and routing offers.
 */
export const inboxFeature: FeatureModule = {
  name: 'inbox',
  live: { ...inboxLive, ...routingLive },
  resetOnSignOut: () => {
    useInboxStore.getState().reset();
    useOffer.getState().reset();
  },
  screens: [{ path: '/inbox', label: 'Inbox', testId: 'open-inbox', buttonClass: 'connectors-button', roles: rolesWith('conversation.read'), presentation: 'page', Screen: InboxScreen }],
  shellParts: [
    { slot: 'topbar', Part: PresenceSelector },
    { slot: 'overlay', Part: OfferToast },
  ],
};
