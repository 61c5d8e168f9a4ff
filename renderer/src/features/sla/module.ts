import { rolesWith } from '../auth/permissions.js';
import type { FeatureModule } from '../feature-module.js';
import { SlaSettingsScreen } from './components/SlaSettingsScreen.js';
import { useSlaAlerts } from './sla-alerts.js';
import { SlaNotifier } from './use-sla-notifications.js';

/**
 * SLA (issue 11): per-queue targets, business hours and holidays at `/admin/sla` (teams.manage: leads and
 * admins), and desktop notifications for the hub's `sla:warning` / `sla:breached` notices.
 */
export const slaFeature: FeatureModule = {
  name: 'sla',
  live: {
    'sla:warning': (alert) => useSlaAlerts.getState().push(alert),
    'sla:breached': (alert) => useSlaAlerts.getState().push(alert),
  },
  resetOnSignOut: () => useSlaAlerts.getState().reset(),
  screens: [{ path: '/admin/sla', label: 'SLA', testId: 'open-sla', buttonClass: 'connectors-button', roles: rolesWith('teams.manage'), presentation: 'page', Screen: SlaSettingsScreen }],
  shellParts: [{ slot: 'overlay', Part: SlaNotifier }],
};
