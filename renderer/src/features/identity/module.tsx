import { useCan } from '../auth/permissions.js';
import type { FeatureModule } from '../feature-module.js';
import { DuplicatesPanel } from './components/DuplicatesPanel.js';
import { MergeHistory } from './components/MergeHistory.js';
import { identityLive } from './live/handlers.js';

/** Identity: merge history and probable duplicates under the profile, refreshed on `customer:split`. */
export const identityFeature: FeatureModule = {
  name: 'identity',
  live: identityLive,
  customerPanels: [
    { slot: 'profile', Panel: MergeHistory },
    // Only for those who may merge (the hub answers 403 to the others).
    { slot: 'profile', Panel: ({ profile }) => (useCan('customer.merge') ? <DuplicatesPanel customerId={profile.id} displayName={profile.displayName} /> : null) },
  ],
};
