import type { TotpChallenge, User } from '../../shared/index.js';
import type { LoginClient } from '../domain.js';

/*
 * The seam between the password check (auth-service.ts) and a second factor (totp-service.ts): after a
 * right password the gate either lets the session start or throws SecondFactorRequiredError, which the
 * login route answers with the challenge. The account's throttle is not reset until the second step
 * succeeds, so wrong codes count toward the same limit as wrong passwords.
 */

export interface SecondFactorGate {
  /** Throws SecondFactorRequiredError when this user must pass (or enrol) a second factor first. */
  afterPassword(user: User, client: LoginClient, nowUs: number): Promise<void>;
}

/** Right password, no session yet: the console asks for the code (or to enrol) with this challenge. */
export class SecondFactorRequiredError extends Error {
  override readonly name = 'SecondFactorRequiredError';
  constructor(readonly challenge: TotpChallenge) {
    super('a second sign-in step is required');
  }
}
