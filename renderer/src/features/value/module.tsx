import { lazy } from 'react';
import type { FeatureModule } from '../feature-module.js';
import { ProfileValue } from './components/ProfileValue.js';
import './components/value.css';

// The charts library is large: load the screen only when a lead opens it.
const ValueScreen = lazy(() => import('./components/ValueScreen.js').then((m) => ({ default: m.ValueScreen })));

/** Customer value: figures in the profile header, and the cohort screen for leads at `/value`. */
export const valueFeature: FeatureModule = {
  name: 'value',
  customerPanels: [{ slot: 'header', Panel: ProfileValue }],
  screens: [
    {
      path: '/value',
      label: 'Customer value',
      testId: 'open-value',
      buttonClass: 'connectors-button value-button',
      roles: ['lead', 'admin'],
      presentation: 'dialog',
      overlayClass: 'value-overlay',
      Screen: ValueScreen,
    },
  ],
};
