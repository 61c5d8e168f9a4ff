import type { FeatureModule } from '../feature-module.js';
import { ActionsPanel } from './components/ActionsPanel.js';
import { actionsLive } from './live/handlers.js';

/** Next best actions beside the timeline, refetched on `actions:updated`. */
export const actionsFeature: FeatureModule = {
  name: 'actions',
  live: actionsLive,
  customerPanels: [{ slot: 'aside', Panel: ({ profile }) => <ActionsPanel customerId={profile.id} /> }],
};
