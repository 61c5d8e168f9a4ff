/** Two-step sign-in settings (OMNI_TOTP_KEY or the data dir's key file; OMNI_REQUIRE_2FA), read by server/auth/totp-service.ts. */
export interface TotpOptions {
  /** Key material sealing the secrets; without it nobody can enrol. */
  key?: string;
  /** 'admin' makes two-step sign-in compulsory for admins. */
  requireFor?: 'admin';
}
