import { rolesWith } from '../auth/permissions.js';
import type { FeatureModule } from '../feature-module.js';
import { ConsentPanel } from './components/ConsentPanel.js';
import { PrivacyActions } from './components/PrivacyActions.js';
import { PrivacyRequestsScreen } from './components/PrivacyRequestsScreen.js';

/** Privacy: each channel's marketing consent and, for admins, export and erasure on the customer screen; the requests shops sent at `/admin/privacy`. */
export const privacyFeature: FeatureModule = {
  name: 'privacy',
  customerPanels: [
    { slot: 'profile', Panel: ConsentPanel },
    { slot: 'profile', Panel: PrivacyActions },
  ],
  screens: [{ path: '/admin/privacy', label: 'Privacy requests', testId: 'open-privacy', buttonClass: 'connectors-button', roles: rolesWith('privacy.export'), presentation: 'page', Screen: PrivacyRequestsScreen }],
};
