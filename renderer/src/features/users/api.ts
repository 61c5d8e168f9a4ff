import {
  TeamListResponseSchema,
  TeamResponseSchema,
  UserListResponseSchema,
  UserResponseSchema,
  UserWithPasswordResponseSchema,
  type CreateTeamRequest,
  type CreateUserRequest,
  type Team,
  type UpdateTeamRequest,
  type UpdateUserRequest,
  type UserAccount,
  type UserWithPasswordResponse,
} from '../../../../shared/users.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

/** Staff accounts (admins) and teams (admins and leads): issue 10's `/api/v1/users` and `/api/v1/teams`. */
export function createUsersApi(hub: HubFetch) {
  return {
    listUsers: async (signal?: AbortSignal): Promise<UserAccount[]> => (await hub.json(UserListResponseSchema, '/api/v1/users', { signal })).users,
    /** 201 with the one-time password, shown to the admin this once. */
    createUser: (req: CreateUserRequest): Promise<UserWithPasswordResponse> => hub.json(UserWithPasswordResponseSchema, '/api/v1/users', { method: 'POST', ...jsonBody(req) }),
    updateUser: async (id: string, req: UpdateUserRequest): Promise<UserAccount> => (await hub.json(UserResponseSchema, `/api/v1/users/${seg(id)}`, { method: 'PATCH', ...jsonBody(req) })).user,
    /** A new one-time password; the user's sessions end and they choose a new one at next sign-in. */
    resetPassword: (id: string): Promise<UserWithPasswordResponse> => hub.json(UserWithPasswordResponseSchema, `/api/v1/users/${seg(id)}/password-reset`, { method: 'POST' }),
    /** Ends every session of the user now (their consoles go back to sign-in); the account stays active. */
    signOutEverywhere: async (id: string): Promise<UserAccount> => (await hub.json(UserResponseSchema, `/api/v1/users/${seg(id)}/sign-out`, { method: 'POST' })).user,
    listTeams: async (signal?: AbortSignal): Promise<Team[]> => (await hub.json(TeamListResponseSchema, '/api/v1/teams', { signal })).teams,
    createTeam: async (req: CreateTeamRequest): Promise<Team> => (await hub.json(TeamResponseSchema, '/api/v1/teams', { method: 'POST', ...jsonBody(req) })).team,
    updateTeam: async (id: string, req: UpdateTeamRequest): Promise<Team> => (await hub.json(TeamResponseSchema, `/api/v1/teams/${seg(id)}`, { method: 'PATCH', ...jsonBody(req) })).team,
    addMember: async (teamId: string, userId: string): Promise<Team> =>
      (await hub.json(TeamResponseSchema, `/api/v1/teams/${seg(teamId)}/members`, { method: 'POST', ...jsonBody({ userId }) })).team,
    removeMember: async (teamId: string, userId: string): Promise<Team> => (await hub.json(TeamResponseSchema, `/api/v1/teams/${seg(teamId)}/members/${seg(userId)}`, { method: 'DELETE' })).team,
  };
}
export type UsersApi = ReturnType<typeof createUsersApi>;
