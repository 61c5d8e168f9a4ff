import type { FeatureModule } from '../feature-module.js';
import { ConnectorStatusPage } from './components/ConnectorStatusPage.js';
import './components/connectors.css';

/** Admin: connector delivery status and dead letters with replay, at `/admin/connectors`. */
export const connectorsFeature: FeatureModule = {
  name: 'connectors',
  screens: [
    {
      path: '/admin/connectors',
      label: 'Connectors',
      testId: 'open-connectors',
      buttonClass: 'connectors-button',
      roles: ['admin'],
      presentation: 'dialog',
      overlayClass: 'connectors-overlay',
      Screen: ConnectorStatusPage,
    },
  ],
};
