import type { FeatureModule } from '../feature-module.js';
import { clearLiveBuffer } from './live/live-buffer.js';
import { customersLive } from './live/handlers.js';
import { usePalette } from './palette-store.js';
import { useReveals } from './reveal-store.js';

/** Customers and their timelines (search, profile, live timeline). The customer screen itself is routed in app/. */
export const customersFeature: FeatureModule = {
  name: 'customers',
  live: customersLive,
  resetOnSignOut: () => {
    clearLiveBuffer();
    usePalette.getState().reset();
    useReveals.getState().reset();
  },
};
