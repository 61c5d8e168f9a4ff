import { lazy } from 'react';
import { rolesWith } from '../auth/permissions.js';
import type { FeatureModule } from '../feature-module.js';
import { floorLive, resetFloorLive } from './live/handlers.js';

// The charts library is large: the screen loads when a lead opens it.
const FloorScreen = lazy(() => import('./components/FloorScreen.js').then((m) => ({ default: m.FloorScreen })));

/** Team-lead live floor (issue 13) at `/floor`: dashboard.view (leads and admins); figures pushed by `metrics:updated`. */
export const floorFeature: FeatureModule = {
  name: 'floor',
  live: floorLive,
  resetOnSignOut: resetFloorLive,
  screens: [{ path: '/floor', label: 'Floor', testId: 'open-floor', buttonClass: 'connectors-button', roles: rolesWith('dashboard.view'), presentation: 'page', Screen: FloorScreen }],
};
