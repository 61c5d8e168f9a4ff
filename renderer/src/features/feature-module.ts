import type { ComponentType } from 'react';
import type { CustomerProfile, Role } from '../../../shared/index.js';
import type { FeatureLiveHandlers } from '../live/live-registry.js';

/*
 * What a feature plugs into the console. The app (app/features.ts) holds the one list of modules and
 * builds the routes, the header entries, the customer screen's panels, the live wiring and the sign-out
 * reset from it: adding a feature touches its own folder plus one line in that list.
 */

/** A screen with its own URL (hash route) and a header entry for the roles that may open it. */
export interface FeatureScreen {
  /** e.g. '/value', '/admin/connectors'; later '/inbox', '/floor', '/counter', '/users'. */
  path: `/${string}`;
  label: string;
  /** data-testid of the header entry. */
  testId: string;
  buttonClass: string;
  /** Who sees the entry and may open the URL (the hub refuses others anyway). */
  roles: readonly Role[];
  /** `dialog`: over the console, closing goes back; `page`: in place of the workspace. */
  presentation: 'dialog' | 'page';
  /** Class of the dialog backdrop (presentation `dialog`). */
  overlayClass?: string;
  Screen: ComponentType<{ onClose: () => void }>;
}

/** A panel on the customer screen, given the loaded profile. */
export interface CustomerPanel {
  /** `header`: inside the profile header; `profile`: under it; `aside`: beside the timeline. */
  slot: 'header' | 'profile' | 'aside';
  Panel: ComponentType<{ profile: CustomerProfile }>;
}

export interface FeatureModule {
  name: string;
  /** What each socket event does to this feature's caches. */
  live?: FeatureLiveHandlers;
  /** Forgets what the previous agent saw outside react-query (which is cleared for everyone). */
  resetOnSignOut?: () => void;
  screens?: readonly FeatureScreen[];
  customerPanels?: readonly CustomerPanel[];
  /** Parts of the console shell on every screen: `topbar` (e.g. the presence selector), `overlay` (e.g. an offer toast). */
  shellParts?: readonly { slot: 'topbar' | 'overlay'; Part: ComponentType }[];
}
