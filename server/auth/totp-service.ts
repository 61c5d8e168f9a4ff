import { createHash, randomBytes } from 'node:crypto';
import { RoleSchema, userActor, type LoginResponse, type Role, type TotpChallenge, type TotpSetup, type TotpStatus, type User } from '../../shared/index.js';
import { appendAudit } from '../audit/audit-log.js';
import type { LoginClient } from '../domain.js';
import { ConflictError, ForbiddenError, InputError, UnauthenticatedError } from '../errors.js';
import { nowMicros } from '../storage/batch.js';
import type { Db } from '../storage/schema.js';
import type { SqlAuthService } from './auth-service.js';
import { LoginThrottle, LoginThrottledError } from './login-throttle.js';
import { SecondFactorRequiredError, type SecondFactorGate } from './second-factor.js';
import { matchingStep, newSecret, setupFor, TotpKey } from './totp.js';
import type { TotpOptions } from './totp-options.js';
import { totpDb, type TotpDb } from './totp-tables.js';

/*
 * Optional two-step sign-in (TOTP). Enrolment: the signed-in user asks for a secret (pending), and the
 * first right code enables it; turning it off needs a right code too. Login of an enrolled user: the
 * password answers a short-lived challenge (server/auth/second-factor.ts), the code answers the session.
 * With OMNI_REQUIRE_2FA=admin an admin without TOTP gets no session at all until enrolled: the
 * challenge lets them set it up at sign-in. Every code is good once (last accepted step per user), and
 * wrong codes count toward the login throttle like wrong passwords.
 */

export type { TotpOptions } from './totp-options.js';

/** How long a right password waits for its code. */
export const CHALLENGE_TTL_US = 5 * 60_000_000;

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const WRONG_CODE = 'the code is not correct (or was already used): enter the next code your app shows';

export class TotpService implements SecondFactorGate {
  private readonly db: TotpDb;
  private readonly key: TotpKey | null;
  private readonly throttle: LoginThrottle;
  private readonly now: () => number;

  constructor(
    private readonly plainDb: Db,
    private readonly auth: SqlAuthService,
    private readonly opts: TotpOptions & { now?: () => number } = {},
  ) {
    this.db = totpDb(plainDb);
    this.key = opts.key ? new TotpKey(opts.key) : null;
    this.throttle = new LoginThrottle(plainDb, auth.throttlePolicy);
    this.now = opts.now ?? nowMicros;
  }

  /** This hub requires TOTP for the role. */
  requiredFor(role: Role): boolean {
    return this.opts.requireFor === 'admin' && role === 'admin';
  }

  /** Called by `auth.login` after a right password. */
  async afterPassword(user: User, _client: LoginClient, nowUs: number): Promise<void> {
    if (await this.isEnabled(user.id)) throw new SecondFactorRequiredError(await this.newChallenge(user.id, 'totp', nowUs));
    if (this.requiredFor(user.role)) throw new SecondFactorRequiredError(await this.newChallenge(user.id, 'totp-enroll', nowUs));
  }

  /** The second login step: a right code for the challenge's user answers their session. */
  async completeLogin(challenge: string, code: string, client: LoginClient = {}): Promise<LoginResponse> {
    const now = this.now();
    const address = client.address ? [{ key: `address:${client.address}`, max: this.auth.throttlePolicy.maxFailuresPerAddress }] : [];
    const found = await this.findChallenge(challenge, now);
    if (!found) {
      await this.countAttempt(address, now);
      throw new UnauthenticatedError('challenge', 'this sign-in has expired: enter your password again');
    }
    const accountKey = `account:${found.email}`;
    await this.countAttempt([{ key: accountKey, max: this.auth.throttlePolicy.maxFailures }, ...address], now);
    const enrolling = found.kind === 'totp-enroll';
    const secret = await this.secretOf(found.user_id, enrolling ? 'pending' : 'enabled');
    if (!secret) throw new UnauthenticatedError('code', enrolling ? 'set up your authenticator app first' : 'two-step sign-in is no longer on: enter your password again');
    if (!(await this.acceptCode(found.user_id, secret, code, now))) throw new UnauthenticatedError('code', WRONG_CODE);
    // Single use: a second tab racing with the same challenge gets nothing.
    const used = await this.db.deleteFrom('totp_challenges').where('token_hash', '=', sha256hex(challenge)).executeTakeFirst();
    if (Number(used.numDeletedRows) !== 1) throw new UnauthenticatedError('challenge', 'this sign-in has expired: enter your password again');
    if (enrolling) await this.markEnabled({ id: found.user_id, email: found.email, name: found.name, role: RoleSchema.parse(found.role) }, now);
    await this.throttle.reset(accountKey);
    // The password attempt and this one were both counted on the shared address: a success takes both back.
    for (const a of address) for (let i = 0; i < 2; i++) await this.throttle.release(a.key, a.max, now);
    const session = await this.auth.startSessionFor(found.user_id, client);
    if (!session) throw new UnauthenticatedError('email', 'this account is deactivated: ask an admin to reactivate it');
    return session;
  }

  /** Enrolment during sign-in (a `totp-enroll` challenge): a new pending secret for the app. */
  async loginSetup(challenge: string): Promise<TotpSetup> {
    const found = await this.findChallenge(challenge, this.now());
    if (!found || found.kind !== 'totp-enroll') throw new UnauthenticatedError('challenge', 'this sign-in has expired: enter your password again');
    return this.newPendingSecret(found.user_id, found.email);
  }

  async status(actor: { userId: string; role: Role }): Promise<TotpStatus> {
    return { enabled: await this.isEnabled(actor.userId), required: this.requiredFor(actor.role) };
  }

  /** A new secret for the signed-in user, pending until `enable` gets a right code (replaces any pending one). */
  async setup(actor: { userId: string; email: string }): Promise<TotpSetup> {
    if (await this.isEnabled(actor.userId)) throw new ConflictError('code', 'two-step sign-in is already on: turn it off first to use another app');
    return this.newPendingSecret(actor.userId, actor.email);
  }

  async enable(user: User, code: string): Promise<TotpStatus> {
    const now = this.now();
    const accountKey = `account:${user.email}`;
    // Nothing to guess yet: refused before the attempt is counted.
    if (await this.isEnabled(user.id)) throw new ConflictError('code', 'two-step sign-in is already on');
    const secret = await this.secretOf(user.id, 'pending');
    if (!secret) throw new ConflictError('code', 'set up your authenticator app first');
    await this.countAttempt([{ key: accountKey, max: this.auth.throttlePolicy.maxFailures }], now);
    if (!(await this.acceptCode(user.id, secret, code, now))) throw new InputError('code', WRONG_CODE);
    await this.markEnabled(user, now);
    await this.throttle.reset(accountKey);
    return { enabled: true, required: this.requiredFor(user.role) };
  }

  /** Turning it off needs a right code; refused when this hub requires it for the user's role. */
  async disable(user: User, code: string): Promise<TotpStatus> {
    if (this.requiredFor(user.role)) throw new ForbiddenError('authorization', 'this hub requires two-step sign-in for admins (OMNI_REQUIRE_2FA): it cannot be turned off');
    const now = this.now();
    const accountKey = `account:${user.email}`;
    const secret = await this.secretOf(user.id, 'enabled');
    if (!secret) throw new ConflictError('code', 'two-step sign-in is not on');
    await this.countAttempt([{ key: accountKey, max: this.auth.throttlePolicy.maxFailures }], now);
    if (!(await this.acceptCode(user.id, secret, code, now))) throw new InputError('code', WRONG_CODE);
    await this.plainDb.transaction().execute(async (tx) => {
      await totpDb(tx).deleteFrom('user_totp').where('user_id', '=', user.id).execute();
      await appendAudit(tx, { atUs: now, actor: userActor(user), action: 'auth.totp.disable', subject: { type: 'user', id: user.id }, payload: {} });
    });
    await this.throttle.reset(accountKey);
    return { enabled: false, required: false };
  }

  /**
   * OMNI_REQUIRE_2FA=admin at start: sessions of admins without TOTP (opened before it was required)
   * end now, so they sign in again through enrolment. Returns how many ended.
   */
  async endSessionsOfUnenrolledAdmins(): Promise<number> {
    if (this.opts.requireFor !== 'admin') return 0;
    const ended = await this.db
      .deleteFrom('sessions')
      .where('user_id', 'in', (eb) =>
        eb
          .selectFrom('users')
          .select('users.id')
          .where('users.role', '=', 'admin')
          .where('users.id', 'not in', (e2) => e2.selectFrom('user_totp').select('user_totp.user_id').where('user_totp.enabled_at_us', 'is not', null)),
      )
      .returning(['id', 'user_id'])
      .execute();
    this.auth.announceRevoked(ended.map((r) => ({ sessionId: r.id, userId: r.user_id })));
    return ended.length;
  }

  private async countAttempt(keys: { key: string; max: number }[], now: number): Promise<void> {
    const refused = await this.throttle.attempt(keys, now);
    if (refused) throw new LoginThrottledError(refused.retryAfterUs, 'code');
  }

  private async isEnabled(userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('user_totp').select('enabled_at_us').where('user_id', '=', userId).executeTakeFirst();
    return row?.enabled_at_us != null;
  }

  private requireKey(): TotpKey {
    if (!this.key) throw new ConflictError('code', 'this hub has no TOTP key (OMNI_TOTP_KEY): two-step sign-in is unavailable');
    return this.key;
  }

  /** The user's secret in the given state, or null. A secret sealed under another key is refused loudly, never skipped. */
  private async secretOf(userId: string, state: 'pending' | 'enabled'): Promise<string | null> {
    const row = await this.db.selectFrom('user_totp').select(['secret_sealed', 'enabled_at_us']).where('user_id', '=', userId).executeTakeFirst();
    if (!row || (row.enabled_at_us != null) !== (state === 'enabled')) return null;
    const secret = this.requireKey().open(userId, row.secret_sealed);
    if (secret === null) throw new ConflictError('code', 'this hub cannot read the two-step secret (its OMNI_TOTP_KEY differs from the one used at set-up): ask an admin');
    return secret;
  }

  /** A right code whose step is newer than the last accepted one; the step is recorded by compare-and-swap (two hubs, two tabs). */
  private async acceptCode(userId: string, secret: string, code: string, now: number): Promise<boolean> {
    const step = matchingStep(secret, code, now);
    if (step === null) return false;
    const res = await this.db.updateTable('user_totp').set({ last_step: step }).where('user_id', '=', userId).where('last_step', '<', step).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  private async newPendingSecret(userId: string, email: string): Promise<TotpSetup> {
    const secret = newSecret();
    const sealed = this.requireKey().seal(userId, secret);
    const now = this.now();
    await this.db
      .insertInto('user_totp')
      .values({ user_id: userId, secret_sealed: sealed, enabled_at_us: null, last_step: 0, created_at_us: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_sealed: sealed, last_step: 0, created_at_us: now }).where('user_totp.enabled_at_us', 'is', null))
      .execute();
    return setupFor(secret, email);
  }

  private async markEnabled(user: User, now: number): Promise<void> {
    await this.plainDb.transaction().execute(async (tx) => {
      await totpDb(tx).updateTable('user_totp').set({ enabled_at_us: now }).where('user_id', '=', user.id).where('enabled_at_us', 'is', null).execute();
      await appendAudit(tx, { atUs: now, actor: userActor(user), action: 'auth.totp.enable', subject: { type: 'user', id: user.id }, payload: {} });
    });
  }

  private async newChallenge(userId: string, kind: TotpChallenge['secondFactor'], now: number): Promise<TotpChallenge> {
    const token = randomBytes(32).toString('base64url');
    await this.db.deleteFrom('totp_challenges').where('expires_at_us', '<=', now).execute();
    await this.db.insertInto('totp_challenges').values({ token_hash: sha256hex(token), user_id: userId, kind, expires_at_us: now + CHALLENGE_TTL_US }).execute();
    return { secondFactor: kind, challenge: token, expiresAt: new Date(Math.floor((now + CHALLENGE_TTL_US) / 1000)).toISOString() };
  }

  /** The account a live challenge belongs to (the audit trail of a refused second step). */
  async emailOfChallenge(challenge: string): Promise<string | null> {
    return (await this.findChallenge(challenge, this.now()))?.email ?? null;
  }

  private async findChallenge(challenge: string, now: number) {
    if (!challenge || challenge.length > 200) return undefined;
    return this.db
      .selectFrom('totp_challenges as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['c.user_id', 'c.kind', 'u.email', 'u.name', 'u.role'])
      .where('c.token_hash', '=', sha256hex(challenge))
      .where('c.expires_at_us', '>', now)
      .executeTakeFirst();
  }
}
