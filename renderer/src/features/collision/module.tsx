import type { FeatureModule } from '../feature-module.js';
import { ActivityPanel } from './components/ActivityPanel.js';
import { collisionLive } from './live/handlers.js';

/** Collision on the customer: who is viewing or replying, a live call, a store visit; live over `customer:activity`. */
export const collisionFeature: FeatureModule = {
  name: 'collision',
  live: collisionLive,
  customerPanels: [{ slot: 'header', Panel: ({ profile }) => <ActivityPanel customerId={profile.id} /> }],
};
