import { z } from 'zod';
import { LoginResponseSchema } from './auth.js';

/*
 * Two-step sign-in with an authenticator app (TOTP, RFC 6238: 6 digits, 30 s). Login for an enrolled
 * user is two calls: `POST /api/v1/auth/login` answers a challenge instead of a session, then
 * `POST /api/v1/auth/login/totp { challenge, code }` answers the session. A user who must enrol first
 * (OMNI_REQUIRE_2FA=admin) gets a challenge of kind `totp-enroll`: `POST /api/v1/auth/login/totp/setup`
 * shows the secret, and the first right code both enables it and signs in.
 */

/** Six digits; spaces and dashes people type from the app ("123 456") are ignored. */
export const TotpCodeSchema = z
  .string({ message: 'code is required' })
  .transform((s) => s.replace(/[\s-]+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'code must be the 6 digits shown by your authenticator app'));

const ChallengeTokenSchema = z.string({ message: 'challenge is required' }).min(1, 'challenge is required').max(200, 'challenge is too long');

/** `POST /api/v1/auth/login` when a second step follows. `expiresAt`: the password must be typed again after it. */
export const TotpChallengeSchema = z.object({
  secondFactor: z.enum(['totp', 'totp-enroll']),
  challenge: z.string(),
  expiresAt: z.iso.datetime(),
});
export type TotpChallenge = z.infer<typeof TotpChallengeSchema>;

/** What `POST /api/v1/auth/login` answers: a session, or a challenge for the second step. */
export const LoginStepResponseSchema = z.union([LoginResponseSchema, TotpChallengeSchema]);
export type LoginStepResponse = z.infer<typeof LoginStepResponseSchema>;

export function isTotpChallenge(res: LoginStepResponse): res is TotpChallenge {
  return 'challenge' in res;
}

/** `POST /api/v1/auth/login/totp`: the second step (answers LoginResponse). */
export const TotpLoginRequestSchema = z.object({ challenge: ChallengeTokenSchema, code: TotpCodeSchema });
export type TotpLoginRequest = z.input<typeof TotpLoginRequestSchema>;

/** `POST /api/v1/auth/login/totp/setup`: enrolment during sign-in (a `totp-enroll` challenge; answers TotpSetup). */
export const TotpLoginSetupRequestSchema = z.object({ challenge: ChallengeTokenSchema });

/** A new secret to add to an authenticator app: scan the QR code, or type the secret (in groups of 4). */
export const TotpSetupSchema = z.object({
  /** otpauth://totp/… (what the QR code holds). */
  otpauthUri: z.string(),
  /** The QR code as an SVG document. */
  qrSvg: z.string(),
  /** The base32 secret in groups of 4 characters, for typing by hand. */
  secretGroups: z.array(z.string()),
  issuer: z.string(),
  account: z.string(),
});
export type TotpSetup = z.infer<typeof TotpSetupSchema>;

/** `GET /api/v1/auth/totp`, and the answer of enable/disable. */
export const TotpStatusSchema = z.object({
  enabled: z.boolean(),
  /** This hub requires it for the caller's role (OMNI_REQUIRE_2FA): it cannot be turned off. */
  required: z.boolean(),
});
export type TotpStatus = z.infer<typeof TotpStatusSchema>;

/** `POST /api/v1/auth/totp/enable` and `/disable`: a current code proves the app holds the secret. */
export const TotpCodeRequestSchema = z.object({ code: TotpCodeSchema });
export type TotpCodeRequest = z.input<typeof TotpCodeRequestSchema>;
