import { lazy } from 'react';
import { rolesWith } from '../auth/permissions.js';
import type { FeatureModule } from '../feature-module.js';
import { WhoViewedPanel } from './components/WhoViewedPanel.js';

const AuditScreen = lazy(() => import('./components/AuditScreen.js').then((m) => ({ default: m.AuditScreen })));

/** The audit trail at `/admin/audit` and "who viewed this customer" on the profile (audit.read: leads, admins). */
export const auditFeature: FeatureModule = {
  name: 'audit',
  customerPanels: [{ slot: 'profile', Panel: WhoViewedPanel }],
  screens: [{ path: '/admin/audit', label: 'Audit', testId: 'open-audit', buttonClass: 'connectors-button', roles: rolesWith('audit.read'), presentation: 'page', Screen: AuditScreen }],
};
