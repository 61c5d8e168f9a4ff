import { randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Transaction } from 'kysely';
import { RoleSchema, roleCan, userActor, type Role, type User } from '../../shared/index.js';
import type { SessionInfo } from '../../shared/index.js';
import { appendAudit } from '../audit/audit-log.js';
import type { AuthService, LoginClient, RevokedSession } from '../domain.js';
import { InputError } from '../domain.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { chunk, isUniqueViolation, MAX_IN_LIST, nowMicros } from '../storage/batch.js';
import { newId } from '../storage/ids.js';
import type { Db, Schema } from '../storage/schema.js';
import { usersDb, type UsersDb } from '../users/user-tables.js';
import { IngestKey } from './ingest-key.js';
import { DEFAULT_SESSION_POLICY, idleTimeoutUs, LAST_SEEN_EVERY_US, type SessionPolicy } from './session-policy.js';
import { DEFAULT_THROTTLE, LoginThrottle, LoginThrottledError, type ThrottlePolicy } from './login-throttle.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.js';
import { SessionCache, SessionQuery, tokenHash, type CachedSession, type SessionRow } from './session-lookup.js';
import type { SecondFactorGate } from './second-factor.js';

export { SESSION_TTL_US, LAST_SEEN_EVERY_US, DEFAULT_SESSION_POLICY, type SessionPolicy } from './session-policy.js';

export type RevokedSessionListener = (revoked: RevokedSession) => void;

export interface AuthServiceOptions {
  sessions?: Partial<SessionPolicy>;
  throttle?: Partial<ThrottlePolicy>;
  /** Microseconds since the epoch (tests inject a clock). */
  now?: () => number;
  /**
   * The SQLite handle under `db`, when SQLite: the per-request session lookup then runs as one
   * prepared statement, and a known token is answered from memory (server/auth/session-lookup.ts).
   */
  sqlite?: BetterSqlite3.Database;
}
export { INGEST_KEY_SETTING } from './ingest-key.js';
const MIN_PASSWORD = 8;

export const normalizeUserEmail = (email: string) => email.trim().toLowerCase();

/** Every route but logout and `POST /auth/password` answers this while a one-time password is in use (a 403 naming `password`). */
export class PasswordChangeRequiredError extends ForbiddenError {
  constructor() {
    super('password', 'set a new password first: you signed in with a one-time password');
  }
}

/** A live session: its user, its public id, and whether it may do nothing but set a new password. */
export interface LiveSession {
  user: User;
  sessionId: string;
  passwordChangeRequired: boolean;
}

/** Ends every session of a user inside the caller's transaction (deactivation, role change, password reset); announce the result after commit. */
export async function deleteSessionsOf(tx: Transaction<Schema>, userId: string, exceptSessionId?: string): Promise<RevokedSession[]> {
  let q = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  const rows = await q.returning(['id', 'user_id']).execute();
  return rows.map((r) => ({ sessionId: r.id, userId: r.user_id }));
}

/**
 * Users, sessions and the ingest key. Session tokens are 32 random bytes handed out once;
 * only their sha256 is stored. The ingest key is cached in memory (checkIngestKey is synchronous).
 */
export class SqlAuthService implements AuthService {
  private readonly ingestKey: IngestKey;
  private readonly now: () => number;
  private readonly sessionPolicy: SessionPolicy;
  /** Read by the second login step (server/auth/totp-service.ts): wrong codes count like wrong passwords. */
  readonly throttlePolicy: ThrottlePolicy;
  private readonly throttle: LoginThrottle;
  private readonly revokedListeners = new Set<RevokedSessionListener>();
  /** Asked after a right password (server/auth/totp-service.ts); may answer a challenge instead of a session. */
  private secondFactor: SecondFactorGate | null = null;
  /** The same database with migration 0016's columns (active, password_change_required). */
  private readonly udb: UsersDb;
  private readonly sessionQuery: SessionQuery;
  /** SQLite only: this hub alone ends its sessions (server/auth/session-lookup.ts says why and how it stays right). */
  private readonly sessionCache: SessionCache<LiveSession> | null;

  constructor(
    private readonly db: Db,
    opts: AuthServiceOptions = {},
  ) {
    this.udb = usersDb(db);
    this.now = opts.now ?? nowMicros;
    this.sessionPolicy = { ...DEFAULT_SESSION_POLICY, ...opts.sessions };
    this.throttlePolicy = { ...DEFAULT_THROTTLE, ...opts.throttle };
    this.throttle = new LoginThrottle(db, this.throttlePolicy);
    this.sessionQuery = new SessionQuery(this.udb, opts.sqlite ?? null);
    this.sessionCache = opts.sqlite ? new SessionCache(opts.sqlite) : null;
    this.ingestKey = new IngestKey(db);
  }

  /** The TOTP module plugs in here: enrolled users (and admins who must enrol) get a challenge instead of a session. */
  useSecondFactor(gate: SecondFactorGate): void {
    this.secondFactor = gate;
  }

  /** Realtime listens here to disconnect a revoked session's sockets. Returns the unsubscribe function. */
  onSessionRevoked(listener: RevokedSessionListener): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  private onRevoked(revoked: RevokedSession): void {
    this.sessionCache?.forgetSession(revoked.sessionId);
    for (const l of this.revokedListeners) l(revoked);
  }

  /** After a commit that deleted sessions (deleteSessionsOf): their sockets are disconnected, on every hub. */
  announceRevoked(revoked: readonly RevokedSession[]): void {
    for (const r of revoked) this.onRevoked(r);
  }

  /** After a commit that changed a user (name, email, role, password): their sessions are read afresh. */
  forgetUser(userId: string): void {
    this.sessionCache?.forgetUser(userId);
  }

  async login(email: string, password: string, client: LoginClient = {}): Promise<{ token: string; user: User; passwordChangeRequired: boolean } | null> {
    const normalized = normalizeUserEmail(email);
    const now = this.now();
    const accountKey = `account:${normalized}`;
    // Counted before the password is checked (parallel attempts cannot slip past), keyed by the typed email: same for unknown accounts.
    const keys = [{ key: accountKey, max: this.throttlePolicy.maxFailures }];
    if (client.address) keys.push({ key: `address:${client.address}`, max: this.throttlePolicy.maxFailuresPerAddress });
    const refused = await this.throttle.attempt(keys, now);
    if (refused) throw new LoginThrottledError(refused.retryAfterUs);
    const row = await this.udb.selectFrom('users').selectAll().where('email', '=', normalized).executeTakeFirst();
    // Unknown email still pays for one scrypt: same answer, same time.
    const ok = await verifyPassword(password, row?.password_hash ?? (await DUMMY_HASH_PROMISE));
    if (!row || !ok) return null;
    // Said only to someone who knows the password; the failure still counts against the account.
    if (Number(row.active) !== 1) throw new UnauthenticatedError('email', 'this account is deactivated: ask an admin to reactivate it');
    // Throws SecondFactorRequiredError (a challenge) before the account's failures are forgiven: only a right code forgives them.
    await this.secondFactor?.afterPassword(toUser(row), client, now);
    await this.throttle.reset(accountKey);
    if (client.address) await this.throttle.release(`address:${client.address}`, this.throttlePolicy.maxFailuresPerAddress, now);
    return this.openSession(row, client, now);
  }

  /** The second login step passed (server/auth/totp-service.ts): the session of an active user, else null. */
  async startSessionFor(userId: string, client: LoginClient = {}): Promise<{ token: string; user: User; passwordChangeRequired: boolean } | null> {
    const row = await this.udb.selectFrom('users').selectAll().where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
    return row ? this.openSession(row, client, this.now()) : null;
  }

  private async openSession(
    row: { id: string; email: string; name: string; role: string; password_change_required: number },
    client: LoginClient,
    now: number,
  ): Promise<{ token: string; user: User; passwordChangeRequired: boolean }> {
    const token = randomBytes(32).toString('base64url');
    await this.db.deleteFrom('sessions').where('expires_at_us', '<=', now).execute();
    await this.db
      .insertInto('sessions')
      .values({
        id: newId('ses'),
        token_hash: tokenHash(token),
        user_id: row.id,
        created_at_us: now,
        expires_at_us: now + this.sessionPolicy.lifetimeUs,
        last_seen_us: now,
        user_agent: client.userAgent?.slice(0, 512) ?? null,
        client_address: client.address?.slice(0, 128) ?? null,
      })
      .execute();
    await this.udb.updateTable('users').set({ last_seen_us: now }).where('id', '=', row.id).execute();
    return { token, user: toUser(row), passwordChangeRequired: Number(row.password_change_required) === 1 };
  }

  /** The user of a live token, for every route but the few a one-time password allows (throws PasswordChangeRequiredError then). */
  async userForToken(token: string): Promise<User | null> {
    const session = await this.sessionForToken(token);
    if (session?.passwordChangeRequired) throw new PasswordChangeRequiredError();
    return session?.user ?? null;
  }

  /**
   * The live session of a token, or null (unknown, revoked, past its lifetime, or idle too long; an
   * idle one is deleted). "Last seen" is written at most once a minute per session, never per request.
   */
  async sessionForToken(token: string): Promise<LiveSession | null> {
    if (!token || token.length > 512) return null;
    const now = this.now();
    let found = this.sessionCache?.get(token);
    if (!found) {
      const row = await this.sessionQuery.find(token, now);
      if (!row) return null;
      found = cachedSession(row);
      this.sessionCache?.set(token, found);
    }
    const { session } = found;
    if (now >= found.expiresAtUs) {
      this.sessionCache?.forgetSession(found.sessionId);
      return null;
    }
    if (now - found.lastSeenUs > idleTimeoutUs(this.sessionPolicy, session.user.role)) {
      await this.db.deleteFrom('sessions').where('id', '=', found.sessionId).execute();
      this.onRevoked({ sessionId: found.sessionId, userId: found.userId });
      return null;
    }
    if (now - found.lastSeenUs >= LAST_SEEN_EVERY_US) {
      found.lastSeenUs = now;
      await this.db.updateTable('sessions').set({ last_seen_us: now }).where('id', '=', found.sessionId).execute();
      // The admin list's "last seen" outlives the session (same once-a-minute pace).
      await this.udb.updateTable('users').set({ last_seen_us: now }).where('id', '=', found.userId).execute();
    }
    return session;
  }

  /**
   * `POST /auth/password`: the caller's own password, proven by the current one (wrong: a 400 naming
   * `currentPassword`, counted like a failed login so a left-open session cannot be used to guess it).
   * Ends the user's other sessions; this one lives on, now free of the one-time-password restriction.
   */
  async changePassword(session: { user: User; sessionId: string }, currentPassword: string, newPassword: string): Promise<void> {
    const now = this.now();
    const accountKey = `account:${normalizeUserEmail(session.user.email)}`;
    const refused = await this.throttle.attempt([{ key: accountKey, max: this.throttlePolicy.maxFailures }], now);
    if (refused) throw new LoginThrottledError(refused.retryAfterUs);
    const row = await this.udb.selectFrom('users').select(['password_hash']).where('id', '=', session.user.id).where('active', '=', 1).executeTakeFirst();
    if (!row || !(await verifyPassword(currentPassword, row.password_hash))) throw new InputError('currentPassword', 'the current password is not correct');
    if (newPassword.length < MIN_PASSWORD) throw new InputError('newPassword', `the new password must be at least ${MIN_PASSWORD} characters`);
    await this.throttle.reset(accountKey);
    const hash = await hashPassword(newPassword);
    const revoked = await this.db.transaction().execute(async (tx) => {
      await usersDb(tx).updateTable('users').set({ password_hash: hash, password_change_required: 0 }).where('id', '=', session.user.id).execute();
      const ended = await deleteSessionsOf(tx, session.user.id, session.sessionId);
      await appendAudit(tx, { atUs: now, actor: userActor(session.user), action: 'user.password.change', subject: { type: 'user', id: session.user.id }, payload: { endedSessions: ended.length } });
      return ended;
    });
    this.announceRevoked(revoked);
    // This session lives on without the one-time-password restriction.
    this.forgetUser(session.user.id);
  }

  /** Which of these sessions still live (not ended, not expired, user active): realtime drops sockets of the others. */
  async liveSessionIds(sessionIds: readonly string[]): Promise<Set<string>> {
    const live = new Set<string>();
    const now = this.now();
    for (const ids of chunk(sessionIds, MAX_IN_LIST)) {
      const rows = await this.udb
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select('s.id')
        .where('s.id', 'in', ids)
        .where('s.expires_at_us', '>', now)
        .where('u.active', '=', 1)
        .execute();
      for (const r of rows) live.add(r.id);
    }
    return live;
  }

  /** One user's live sessions, newest first; `current` marks the caller's own. */
  async listSessions(userId: string, currentSessionId?: string): Promise<SessionInfo[]> {
    const now = this.now();
    const rows = await this.db
      .selectFrom('sessions')
      .select(['id', 'user_id', 'created_at_us', 'last_seen_us', 'expires_at_us', 'user_agent', 'client_address'])
      .where('user_id', '=', userId)
      .where('expires_at_us', '>', now)
      .orderBy('created_at_us', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      createdAt: new Date(Number(r.created_at_us) / 1000).toISOString(),
      lastSeenAt: new Date(Number(r.last_seen_us) / 1000).toISOString(),
      expiresAt: new Date(Number(r.expires_at_us) / 1000).toISOString(),
      userAgent: r.user_agent,
      clientAddress: r.client_address,
      current: r.id === currentSessionId,
    }));
  }

  /**
   * Ends every session past its lifetime or idle too long (run each minute, server/auth/module.ts): a
   * console left open on a socket makes no requests, so its idle session is ended here and its sockets told.
   */
  async sweepEndedSessions(): Promise<RevokedSession[]> {
    const now = this.now();
    const { idleAssociateUs, idleDefaultUs } = this.sessionPolicy;
    const ended = await this.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at_us', '<=', now),
          eb('last_seen_us', '<', now - Math.max(idleAssociateUs, idleDefaultUs)),
          eb.and([
            eb('last_seen_us', '<', now - Math.min(idleAssociateUs, idleDefaultUs)),
            eb('user_id', 'in', eb.selectFrom('users').select('id').where('role', idleAssociateUs < idleDefaultUs ? '=' : '!=', 'associate')),
          ]),
        ]),
      )
      .returning(['id', 'user_id'])
      .execute();
    const revoked = ended.map((r) => ({ sessionId: r.id, userId: r.user_id }));
    for (const r of revoked) this.onRevoked(r);
    return revoked;
  }

  /** `POST /auth/logout`: the token's session ends now (its sockets are told through onSessionRevoked). */
  async logout(token: string): Promise<boolean> {
    if (!token || token.length > 512) return false;
    const row = await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).returning(['id', 'user_id']).executeTakeFirst();
    if (!row) return false;
    this.onRevoked({ sessionId: row.id, userId: row.user_id });
    return true;
  }

  /**
   * Revokes one session: the caller's own, or anyone's for an admin. false when there is no such session
   * the caller may see (a 404 either way: another user's session id is not confirmed to exist).
   */
  async revokeSession(caller: User, sessionId: string): Promise<boolean> {
    const row = await this.db.transaction().execute(async (tx) => {
      let q = tx.deleteFrom('sessions').where('id', '=', sessionId);
      if (!roleCan(caller.role, 'users.manage')) q = q.where('user_id', '=', caller.id);
      const ended = await q.returning(['id', 'user_id']).executeTakeFirst();
      // Audited with the session's owner as subject (an admin ending someone's session is a people change).
      if (ended) await appendAudit(tx, { atUs: this.now(), actor: userActor(caller), action: 'auth.session.revoke', subject: { type: 'user', id: ended.user_id }, payload: { own: ended.user_id === caller.id } });
      return ended;
    });
    if (!row) return false;
    this.onRevoked({ sessionId: row.id, userId: row.user_id });
    return true;
  }

  /** Bootstrap and tests (a password they chose: no change forced unless asked); the admin API is server/users. */
  async createUser(input: { email: string; name: string; role: Role; password: string; passwordChangeRequired?: boolean }): Promise<User> {
    const email = normalizeUserEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new InputError('email', 'must be an email address');
    if (!input.name.trim()) throw new InputError('name', 'name is required');
    if (!RoleSchema.safeParse(input.role).success) throw new InputError('role', `unknown role "${input.role}"`);
    if (input.password.length < MIN_PASSWORD) throw new InputError('password', `password must be at least ${MIN_PASSWORD} characters`);
    const row = {
      id: newId('usr'),
      email,
      name: input.name.trim(),
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at_us: nowMicros(),
    };
    try {
      await this.udb
        .insertInto('users')
        .values({ ...row, password_change_required: input.passwordChangeRequired ? 1 : 0 })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new InputError('email', `a user with email ${email} already exists`, 'conflict');
      throw err;
    }
    return toUser(row);
  }

  async userExists(email: string): Promise<boolean> {
    return (await this.db.selectFrom('users').select('id').where('email', '=', normalizeUserEmail(email)).executeTakeFirst()) !== undefined;
  }

  checkIngestKey(key: string): boolean {
    return this.ingestKey.check(key);
  }

  /** Stored ingest key, or null. */
  storedIngestKey(): Promise<string | null> {
    return this.ingestKey.stored();
  }

  /** Stores the key (replacing any other) and starts accepting it. */
  setIngestKey(key: string): Promise<void> {
    return this.ingestKey.set(key);
  }

  useIngestKey(key: string | null): void {
    this.ingestKey.use(key);
  }
}

function toUser(r: { id: string; email: string; name: string; role: string }): User {
  return { id: r.id, email: r.email, name: r.name, role: RoleSchema.parse(r.role) };
}

function cachedSession(row: SessionRow): CachedSession<LiveSession> {
  const user = toUser(row);
  return {
    session: { user, sessionId: row.session_id, passwordChangeRequired: Number(row.password_change_required) === 1 },
    userId: user.id,
    sessionId: row.session_id,
    lastSeenUs: Number(row.last_seen_us),
    expiresAtUs: Number(row.expires_at_us),
  };
}
