import { LoginResponseSchema, SessionListResponseSchema, type LoginRequest, type LoginResponse, type SessionInfo } from '../../../../shared/index.js';
import type { ChangePasswordRequest } from '../../../../shared/users.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

/** Sign-in and sign-out. Login is the one unauthenticated call: a 401 there means a wrong password, not an expired session. */
export function createAuthApi(hub: HubFetch) {
  return {
    login: (req: LoginRequest): Promise<LoginResponse> => hub.json(LoginResponseSchema, '/api/v1/auth/login', { method: 'POST', auth: false, ...jsonBody(req) }),
    /** Revokes this session on the hub (the token stops working everywhere, its sockets close). */
    logout: async (): Promise<void> => {
      await hub.text('/api/v1/auth/logout', 'application/json', { method: 'POST' });
    },
    /** Changes the caller's own password (the hub checks the current one; a 400 names the field). */
    changePassword: async (req: ChangePasswordRequest): Promise<void> => {
      await hub.text('/api/v1/auth/password', 'application/json', { method: 'POST', ...jsonBody(req) });
    },
    /** The caller's own live sessions (this one flagged `current`). */
    listSessions: async (signal?: AbortSignal): Promise<SessionInfo[]> => (await hub.json(SessionListResponseSchema, '/api/v1/auth/sessions', { signal })).sessions,
    /** Ends one of the caller's sessions (its token answers 401, its sockets close). */
    revokeSession: async (id: string): Promise<void> => {
      await hub.text(`/api/v1/auth/sessions/${seg(id)}`, 'application/json', { method: 'DELETE' });
    },
  };
}

/**
 * Log out: the hub revokes the session first, then local state is cleared. Local state is cleared even
 * when the hub cannot be reached (the session then ends by its idle timeout): the shared terminal must not stay signed in.
 */
export async function logOut(api: Pick<ReturnType<typeof createAuthApi>, 'logout'>, signOut: () => void): Promise<void> {
  try {
    await api.logout();
  } catch {
    // Nothing to show: the user asked to leave, and an unreachable hub must not keep them signed in.
  } finally {
    signOut();
  }
}
