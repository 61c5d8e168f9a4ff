import { LoginResponseSchema, type LoginRequest, type LoginResponse } from '../../../../shared/index.js';
import { jsonBody, type HubFetch } from '../../api/hub-fetch.js';

/** Sign-in. The one unauthenticated call: a 401 here means a wrong password, not an expired session. */
export function createAuthApi(hub: HubFetch) {
  return {
    login: (req: LoginRequest): Promise<LoginResponse> => hub.json(LoginResponseSchema, '/api/v1/auth/login', { method: 'POST', auth: false, ...jsonBody(req) }),
  };
}
