import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TotpChallenge, User } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { ConflictError, ForbiddenError, InputError, UnauthenticatedError } from '../errors.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { SqlAuthService } from './auth-service.js';
import { LoginThrottledError } from './login-throttle.js';
import { SecondFactorRequiredError } from './second-factor.js';
import { codeAt, PERIOD_S, TotpKey } from './totp.js';
import { CHALLENGE_TTL_US, TotpService, type TotpOptions } from './totp-service.js';
import { totpDb } from './totp-tables.js';

/* Two-step sign-in on a real database (SQLite and PostgreSQL) with a fixed clock (microseconds). */

const KEY = 'test-totp-key-0123456789';
const STEP_US = PERIOD_S * 1_000_000;
const CLIENT = { address: '10.0.0.9', userAgent: 'totp-test' };

describe.each(testDialects())('TOTP on %s', (dialect) => {
  let domain: SqlDomain;
  let now: number;
  let auth: SqlAuthService;
  let agent: User;
  let admin: User;

  /** An auth service and a TOTP service on the test database, both on the fixed clock. */
  function wire(opts: TotpOptions = { key: KEY }) {
    auth = new SqlAuthService(domain.database.db, { now: () => now });
    const totp = new TotpService(domain.database.db, auth, { ...opts, now: () => now });
    auth.useSecondFactor(totp);
    return totp;
  }

  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
    // Mid-step, so ±1 step is unambiguous.
    now = Date.UTC(2026, 11, 2, 9, 0, 10) * 1000;
    wire();
    agent = await auth.createUser({ email: 'agent@x.com', name: 'Agent', role: 'agent', password: 'agent-pass' });
    admin = await auth.createUser({ email: 'root@x.com', name: 'Root', role: 'admin', password: 'admin-pass' });
  });
  afterEach(async () => {
    await domain.close();
  });

  const secretOf = (setup: { secretGroups: string[] }) => setup.secretGroups.join('');
  async function challengeFor(email: string, password: string): Promise<TotpChallenge> {
    const err = await auth.login(email, password, CLIENT).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SecondFactorRequiredError);
    return (err as SecondFactorRequiredError).challenge;
  }
  async function enrol(totp: TotpService, user: User): Promise<string> {
    const secret = secretOf(await totp.setup({ userId: user.id, email: user.email }));
    await totp.enable(user, codeAt(secret, now));
    return secret;
  }
  const sessionCount = async (userId: string) => (await domain.database.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;

  it('enrolment: a secret for the app (URI, QR code, groups), enabled only by a right code, sealed in the database', async () => {
    const totp = wire();
    const setup = await totp.setup({ userId: agent.id, email: agent.email });
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Omni%20Console:agent%40x\.com\?/);
    expect(setup.otpauthUri).toContain(`secret=${secretOf(setup)}`);
    expect(setup.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(setup.secretGroups).toHaveLength(8);
    for (const g of setup.secretGroups) expect(g).toMatch(/^[A-Z2-7]{4}$/);
    expect(await totp.status({ userId: agent.id, role: 'agent' })).toEqual({ enabled: false, required: false });

    await expect(totp.enable(agent, '000000')).rejects.toThrow(InputError);
    await totp.enable(agent, codeAt(secretOf(setup), now));
    expect(await totp.status({ userId: agent.id, role: 'agent' })).toEqual({ enabled: true, required: false });
    await expect(totp.setup({ userId: agent.id, email: agent.email })).rejects.toThrow(ConflictError);

    // The database holds neither the secret nor anything another key (or another user) can open.
    const row = await totpDb(domain.database.db).selectFrom('user_totp').selectAll().where('user_id', '=', agent.id).executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secretOf(setup));
    expect(new TotpKey(KEY).open(agent.id, row.secret_sealed)).toBe(secretOf(setup));
    expect(new TotpKey('another-key-0123456789').open(agent.id, row.secret_sealed)).toBeNull();
    expect(new TotpKey(KEY).open(admin.id, row.secret_sealed)).toBeNull();
    const audit = await domain.database.db.selectFrom('audit_log').select(['action', 'subject_id']).where('action', '=', 'auth.totp.enable').execute();
    expect(audit).toEqual([{ action: 'auth.totp.enable', subject_id: agent.id }]);
  });

  it('login of an enrolled user: the password gives a challenge and no session, the code gives the session', async () => {
    const totp = wire();
    const secret = await enrol(totp, agent);
    now += STEP_US;
    const challenge = await challengeFor('agent@x.com', 'agent-pass');
    expect(challenge.secondFactor).toBe('totp');
    expect(Date.parse(challenge.expiresAt)).toBe(Math.floor((now + CHALLENGE_TTL_US) / 1000));
    expect(await sessionCount(agent.id)).toBe(0);
    // A wrong password is still just a wrong password.
    expect(await auth.login('agent@x.com', 'nope-nope', CLIENT)).toBeNull();

    await expect(totp.completeLogin(challenge.challenge, '123456', CLIENT)).rejects.toMatchObject({ path: 'code' });
    const session = await totp.completeLogin(challenge.challenge, codeAt(secret, now), CLIENT);
    expect(session.user).toEqual(agent);
    expect(await auth.userForToken(session.token)).toEqual(agent);
    // A challenge is good once.
    await expect(totp.completeLogin(challenge.challenge, codeAt(secret, now + STEP_US), CLIENT)).rejects.toMatchObject({ path: 'challenge' });
  });

  it('a code is good once: replayed within its window it is refused, the next code works', async () => {
    const totp = wire();
    const secret = await enrol(totp, agent);
    now += STEP_US;
    const code = codeAt(secret, now);
    await totp.completeLogin((await challengeFor('agent@x.com', 'agent-pass')).challenge, code, CLIENT);
    // Same code, 10 s later, through a fresh password: refused (an eavesdropper cannot reuse it).
    now += 10_000_000;
    const again = await challengeFor('agent@x.com', 'agent-pass');
    await expect(totp.completeLogin(again.challenge, code, CLIENT)).rejects.toThrow(UnauthenticatedError);
    // An older step's code (still inside the ±1 window) is refused too once a newer one was used.
    await expect(totp.completeLogin(again.challenge, codeAt(secret, now - STEP_US), CLIENT)).rejects.toThrow(UnauthenticatedError);
    now += STEP_US;
    const session = await totp.completeLogin(again.challenge, codeAt(secret, now), CLIENT);
    expect(session.user.id).toBe(agent.id);
  });

  it('accepts the previous and next step (phone clocks drift), not two steps off; a challenge expires after 5 minutes', async () => {
    const totp = wire();
    const secret = await enrol(totp, agent);
    now += 3 * STEP_US;
    const c1 = await challengeFor('agent@x.com', 'agent-pass');
    await expect(totp.completeLogin(c1.challenge, codeAt(secret, now - 2 * STEP_US), CLIENT)).rejects.toMatchObject({ path: 'code' });
    await expect(totp.completeLogin(c1.challenge, codeAt(secret, now + 2 * STEP_US), CLIENT)).rejects.toMatchObject({ path: 'code' });
    expect((await totp.completeLogin(c1.challenge, codeAt(secret, now - STEP_US), CLIENT)).user.id).toBe(agent.id);
    now += 3 * STEP_US;
    const c2 = await challengeFor('agent@x.com', 'agent-pass');
    now += CHALLENGE_TTL_US;
    await expect(totp.completeLogin(c2.challenge, codeAt(secret, now), CLIENT)).rejects.toMatchObject({ path: 'challenge' });
  });

  it('wrong codes count toward the login throttle, and a right password does not forgive them', async () => {
    const totp = wire();
    const secret = await enrol(totp, agent);
    now += STEP_US;
    // Password (1) + wrong codes (2, 3, 4, 5: the 5th failure starts the wait).
    const c = await challengeFor('agent@x.com', 'agent-pass');
    for (let i = 0; i < 4; i++) await expect(totp.completeLogin(c.challenge, '000000', CLIENT)).rejects.toThrow(UnauthenticatedError);
    // Now even the right code, and the right password, wait.
    await expect(totp.completeLogin(c.challenge, codeAt(secret, now), CLIENT)).rejects.toThrow(LoginThrottledError);
    await expect(auth.login('agent@x.com', 'agent-pass', CLIENT)).rejects.toThrow(LoginThrottledError);
    const refusal = await totp.completeLogin(c.challenge, codeAt(secret, now), CLIENT).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ field: 'code' });
    expect((refusal as LoginThrottledError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('turning it off needs a right code; afterwards the password alone signs in', async () => {
    const totp = wire();
    const secret = await enrol(totp, agent);
    now += STEP_US;
    await expect(totp.disable(agent, '000000')).rejects.toMatchObject({ path: 'code', code: 'invalid_request' });
    expect(await totp.disable(agent, codeAt(secret, now))).toEqual({ enabled: false, required: false });
    const session = await auth.login('agent@x.com', 'agent-pass', CLIENT);
    expect(session?.user).toEqual(agent);
    await expect(totp.disable(agent, codeAt(secret, now))).rejects.toThrow(ConflictError);
  });

  it('OMNI_REQUIRE_2FA=admin: an admin without TOTP gets no session, only enrolment; then cannot turn it off', async () => {
    const before = await auth.login('root@x.com', 'admin-pass', CLIENT);
    expect(before?.token).toBeTruthy();
    const totp = wire({ key: KEY, requireFor: 'admin' });
    // Sessions opened before it was required end at start (server/auth/totp-module.ts).
    expect(await totp.endSessionsOfUnenrolledAdmins()).toBe(1);
    expect(await auth.userForToken(before!.token)).toBeNull();

    // Other roles are not asked.
    expect((await auth.login('agent@x.com', 'agent-pass', CLIENT))?.user).toEqual(agent);

    const challenge = await challengeFor('root@x.com', 'admin-pass');
    expect(challenge.secondFactor).toBe('totp-enroll');
    expect(await sessionCount(admin.id)).toBe(0);
    // Before set-up there is no secret to match.
    await expect(totp.completeLogin(challenge.challenge, '123456', CLIENT)).rejects.toMatchObject({ path: 'code' });
    const setup = await totp.loginSetup(challenge.challenge);
    const session = await totp.completeLogin(challenge.challenge, codeAt(secretOf(setup), now), CLIENT);
    expect(session.user).toEqual(admin);
    expect(await totp.status({ userId: admin.id, role: 'admin' })).toEqual({ enabled: true, required: true });
    await expect(totp.disable(admin, codeAt(secretOf(setup), now + STEP_US))).rejects.toThrow(ForbiddenError);

    // A 'totp' challenge cannot be used to replace the enrolled secret.
    now += STEP_US;
    const next = await challengeFor('root@x.com', 'admin-pass');
    expect(next.secondFactor).toBe('totp');
    await expect(totp.loginSetup(next.challenge)).rejects.toMatchObject({ path: 'challenge' });
    expect(await totp.endSessionsOfUnenrolledAdmins()).toBe(0);
  });

  it('without a key nobody can enrol, and a secret sealed under another key is refused, not skipped', async () => {
    const keyless = wire({});
    await expect(keyless.setup({ userId: agent.id, email: agent.email })).rejects.toThrow(/OMNI_TOTP_KEY/);
    await enrol(wire({ key: KEY }), agent);
    const other = wire({ key: 'a-different-key-0123456789' });
    now += STEP_US;
    const c = await challengeFor('agent@x.com', 'agent-pass');
    await expect(other.completeLogin(c.challenge, '123456', CLIENT)).rejects.toThrow(/OMNI_TOTP_KEY differs/);
  });
});
