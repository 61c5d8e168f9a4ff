import { rolesWith } from '../auth/permissions.js';
import type { FeatureModule } from '../feature-module.js';
import { TeamsScreen } from './components/TeamsScreen.js';
import { UsersScreen } from './components/UsersScreen.js';

/** People: staff accounts at `/admin/users` (users.manage) and teams at `/admin/teams` (teams.manage). */
export const usersFeature: FeatureModule = {
  name: 'users',
  screens: [
    { path: '/admin/users', label: 'Users', testId: 'open-users', buttonClass: 'connectors-button', roles: rolesWith('users.manage'), presentation: 'page', Screen: UsersScreen },
    { path: '/admin/teams', label: 'Teams', testId: 'open-teams', buttonClass: 'connectors-button', roles: rolesWith('teams.manage'), presentation: 'page', Screen: TeamsScreen },
  ],
};
