import { defineModule } from '../feature-module.js';
import { userMigrations } from './migrations.js';
import { userRoutes } from './routes.js';
import { SqlTeamsService } from './teams-service.js';
import { SqlUsersService } from './users-service.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    users: SqlUsersService;
    /** Teams (queues): other features read `membersOf` / `teamsOf` (the TeamsService port). */
    teams: SqlTeamsService;
  }
}

/** Staff accounts (create, edit, deactivate, one-time passwords) and teams; sessions a change ends are announced through auth. */
export const usersModule = defineModule({
  name: 'users',
  migrations: userMigrations,
  needs: ['auth'],
  services: ({ db, dialect, services: { auth } }) => ({ users: new SqlUsersService({ db, dialect, auth }), teams: new SqlTeamsService(db) }),
  routes: ({ services }) => userRoutes(services.users!, services.teams!),
});
