import type { FeatureModule } from '../feature-module.js';
import { ConsentPanel } from './components/ConsentPanel.js';

/** Privacy: each channel's marketing consent on the customer screen. */
export const privacyFeature: FeatureModule = {
  name: 'privacy',
  customerPanels: [{ slot: 'profile', Panel: ConsentPanel }],
};
