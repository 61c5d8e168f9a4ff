/*
 * The one-time password typed at the login screen, held in memory (never stored) only until the user
 * chooses their own: the set-password screen then asks just for the new one. After a reload it is gone
 * and the screen asks for it again.
 */
let oneTimePassword: string | null = null;

export function rememberOneTimePassword(password: string): void {
  oneTimePassword = password;
}

export function oneTimePasswordHeld(): string | null {
  return oneTimePassword;
}

export function forgetOneTimePassword(): void {
  oneTimePassword = null;
}
