import { lazy } from 'react';
import { ROLES } from '../../../../shared/index.js';
import type { FeatureModule } from '../feature-module.js';
import { useCounterLock } from './idle-lock.js';

const CounterScreen = lazy(async () => ({ default: (await import('./components/CounterScreen.js')).CounterScreen }));

/** Counter mode for store associates (issue 17): `/counter`, open to every role (associates land there, see mode.ts). */
export const counterFeature: FeatureModule = {
  name: 'counter',
  // The next person to sign in on this terminal does not find it locked.
  resetOnSignOut: () => useCounterLock.getState().unlock(),
  screens: [{ path: '/counter', label: 'Counter', testId: 'open-counter', buttonClass: 'connectors-button', roles: ROLES, presentation: 'page', Screen: CounterScreen }],
};
