import {
  LoginResponseSchema,
  LoginStepResponseSchema,
  TotpSetupSchema,
  TotpStatusSchema,
  type LoginRequest,
  type LoginResponse,
  type LoginStepResponse,
  type TotpSetup,
  type TotpStatus,
} from '../../../../shared/index.js';
import { HubError } from '../../api/hub-error.js';
import { jsonBody, type HubFetch } from '../../api/hub-fetch.js';

/** Two-step sign-in (shared/totp.ts): the login that may answer a challenge, its second step, and the user's own set-up. */
export function createTotpApi(hub: HubFetch) {
  return {
    /** The password step: a session, or a challenge when a code (or enrolment) must follow. */
    login: (req: LoginRequest): Promise<LoginStepResponse> => hub.json(LoginStepResponseSchema, '/api/v1/auth/login', { method: 'POST', auth: false, ...jsonBody(req) }),
    completeLogin: (challenge: string, code: string): Promise<LoginResponse> =>
      hub.json(LoginResponseSchema, '/api/v1/auth/login/totp', { method: 'POST', auth: false, ...jsonBody({ challenge, code }) }),
    /** Enrolment during sign-in (the hub requires it for this role). */
    loginSetup: (challenge: string): Promise<TotpSetup> => hub.json(TotpSetupSchema, '/api/v1/auth/login/totp/setup', { method: 'POST', auth: false, ...jsonBody({ challenge }) }),
    status: (signal?: AbortSignal): Promise<TotpStatus> => hub.json(TotpStatusSchema, '/api/v1/auth/totp', { signal }),
    setup: (): Promise<TotpSetup> => hub.json(TotpSetupSchema, '/api/v1/auth/totp/setup', { method: 'POST', ...jsonBody({}) }),
    enable: (code: string): Promise<TotpStatus> => hub.json(TotpStatusSchema, '/api/v1/auth/totp/enable', { method: 'POST', ...jsonBody({ code }) }),
    disable: (code: string): Promise<TotpStatus> => hub.json(TotpStatusSchema, '/api/v1/auth/totp/disable', { method: 'POST', ...jsonBody({ code }) }),
  };
}

/** The hub's sentence for a refused code (it says what to do: wait for the next code, try again in N s, sign in again). */
export function codeProblem(err: unknown): string {
  if (err instanceof HubError && err.code !== 'network' && err.code !== 'invalid_response') return err.message.charAt(0).toUpperCase() + err.message.slice(1) + '.';
  return 'The hub could not be reached. Check the connection and try again.';
}

/** The sign-in has to start over (the challenge expired or was used). */
export const challengeExpired = (err: unknown): boolean => err instanceof HubError && err.issues.some((i) => i.path === 'challenge');
