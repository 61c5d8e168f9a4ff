import { LoginResponseSchema, type LoginRequest, type LoginResponse } from '../../../../shared/index.js';
import { jsonBody, type HubFetch } from '../../api/hub-fetch.js';

/** Sign-in and sign-out. Login is the one unauthenticated call: a 401 there means a wrong password, not an expired session. */
export function createAuthApi(hub: HubFetch) {
  return {
    login: (req: LoginRequest): Promise<LoginResponse> => hub.json(LoginResponseSchema, '/api/v1/auth/login', { method: 'POST', auth: false, ...jsonBody(req) }),
    /** Revokes this session on the hub (the token stops working everywhere, its sockets close). */
    logout: async (): Promise<void> => {
      await hub.text('/api/v1/auth/logout', 'application/json', { method: 'POST' });
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
