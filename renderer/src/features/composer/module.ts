import { lazy } from 'react';
import { rolesWith } from '../auth/permissions.js';
import type { FeatureModule } from '../feature-module.js';
import { useVisitorTyping } from './chat.js';
import { MentionToasts } from './components/MentionToasts.js';
import { notifyMention, useMentions } from './mention-store.js';
import './composer.css';

const MacrosScreen = lazy(() => import('./components/MacrosScreen.js').then((m) => ({ default: m.MacrosScreen })));

/**
 * Replying from the console (issue 12): the composer itself is mounted by the conversation screen
 * (features/inbox); this module adds @mention notices (toast + desktop notification) and the leads'
 * canned responses and macros at `/admin/macros`, and hears web chat visitors typing (`widget:typing`).
 */
export const composerFeature: FeatureModule = {
  name: 'composer',
  live: {
    'mention:created': (m) => {
      useMentions.getState().push(m);
      notifyMention(m);
    },
    'widget:typing': (e) => useVisitorTyping.getState().heard(e),
  },
  resetOnSignOut: () => {
    useMentions.getState().reset();
    useVisitorTyping.getState().reset();
  },
  screens: [{ path: '/admin/macros', label: 'Macros', testId: 'open-macros', buttonClass: 'connectors-button', roles: rolesWith('teams.manage'), presentation: 'page', Screen: MacrosScreen }],
  shellParts: [{ slot: 'overlay', Part: MentionToasts }],
};
