import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RoleSchema, type Role, type User } from '../../shared/index.js';
import type { SessionInfo } from '../../shared/index.js';
import type { AuthService, LoginClient, RevokedSession } from '../domain.js';
import { InputError } from '../domain.js';
import { isUniqueViolation, nowMicros } from '../storage/batch.js';
import { newId } from '../storage/ids.js';
import type { Db } from '../storage/schema.js';
import { DEFAULT_SESSION_POLICY, idleTimeoutUs, LAST_SEEN_EVERY_US, type SessionPolicy } from './session-policy.js';
import { DEFAULT_THROTTLE, LoginThrottle, LoginThrottledError, type ThrottlePolicy } from './login-throttle.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.js';

export { SESSION_TTL_US, LAST_SEEN_EVERY_US, DEFAULT_SESSION_POLICY, type SessionPolicy } from './session-policy.js';

export type RevokedSessionListener = (revoked: RevokedSession) => void;

export interface AuthServiceOptions {
  sessions?: Partial<SessionPolicy>;
  throttle?: Partial<ThrottlePolicy>;
  /** Microseconds since the epoch (tests inject a clock). */
  now?: () => number;
}
export const INGEST_KEY_SETTING = 'ingest_key';
const MIN_PASSWORD = 8;

const sha256 = (s: string) => createHash('sha256').update(s).digest();
export const normalizeUserEmail = (email: string) => email.trim().toLowerCase();

/**
 * Users, sessions and the ingest key. Session tokens are 32 random bytes handed out once;
 * only their sha256 is stored. The ingest key is cached in memory (checkIngestKey is synchronous).
 */
export class SqlAuthService implements AuthService {
  private ingestKeyDigest: Buffer | null = null;
  private readonly now: () => number;
  private readonly sessionPolicy: SessionPolicy;
  private readonly throttlePolicy: ThrottlePolicy;
  private readonly throttle: LoginThrottle;
  private readonly revokedListeners = new Set<RevokedSessionListener>();

  constructor(
    private readonly db: Db,
    opts: AuthServiceOptions = {},
  ) {
    this.now = opts.now ?? nowMicros;
    this.sessionPolicy = { ...DEFAULT_SESSION_POLICY, ...opts.sessions };
    this.throttlePolicy = { ...DEFAULT_THROTTLE, ...opts.throttle };
    this.throttle = new LoginThrottle(db, this.throttlePolicy);
  }

  /** Realtime listens here to disconnect a revoked session's sockets. Returns the unsubscribe function. */
  onSessionRevoked(listener: RevokedSessionListener): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  private onRevoked(revoked: RevokedSession): void {
    for (const l of this.revokedListeners) l(revoked);
  }

  async login(email: string, password: string, client: LoginClient = {}): Promise<{ token: string; user: User } | null> {
    const normalized = normalizeUserEmail(email);
    const now = this.now();
    const accountKey = `account:${normalized}`;
    // Counted before the password is checked (parallel attempts cannot slip past), keyed by the typed email: same for unknown accounts.
    const keys = [{ key: accountKey, max: this.throttlePolicy.maxFailures }];
    if (client.address) keys.push({ key: `address:${client.address}`, max: this.throttlePolicy.maxFailuresPerAddress });
    const refused = await this.throttle.attempt(keys, now);
    if (refused) throw new LoginThrottledError(refused.retryAfterUs);
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', normalized).executeTakeFirst();
    // Unknown email still pays for one scrypt: same answer, same time.
    const ok = await verifyPassword(password, row?.password_hash ?? (await DUMMY_HASH_PROMISE));
    if (!row || !ok) return null;
    await this.throttle.reset(accountKey);
    if (client.address) await this.throttle.release(`address:${client.address}`, this.throttlePolicy.maxFailuresPerAddress, now);
    const token = randomBytes(32).toString('base64url');
    await this.db.deleteFrom('sessions').where('expires_at_us', '<=', now).execute();
    await this.db
      .insertInto('sessions')
      .values({
        id: newId('ses'),
        token_hash: sha256(token).toString('hex'),
        user_id: row.id,
        created_at_us: now,
        expires_at_us: now + this.sessionPolicy.lifetimeUs,
        last_seen_us: now,
        user_agent: client.userAgent?.slice(0, 512) ?? null,
        client_address: client.address?.slice(0, 128) ?? null,
      })
      .execute();
    return { token, user: toUser(row) };
  }

  async userForToken(token: string): Promise<User | null> {
    return (await this.sessionForToken(token))?.user ?? null;
  }

  /**
   * The live session of a token, or null (unknown, revoked, past its lifetime, or idle too long; an
   * idle one is deleted). "Last seen" is written at most once a minute per session, never per request.
   */
  async sessionForToken(token: string): Promise<{ user: User; sessionId: string } | null> {
    if (!token || token.length > 512) return null;
    const now = this.now();
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.role', 's.id as session_id', 's.last_seen_us'])
      .where('s.token_hash', '=', sha256(token).toString('hex'))
      .where('s.expires_at_us', '>', now)
      .executeTakeFirst();
    if (!row) return null;
    const user = toUser(row);
    const lastSeen = Number(row.last_seen_us);
    if (now - lastSeen > idleTimeoutUs(this.sessionPolicy, user.role)) {
      await this.db.deleteFrom('sessions').where('id', '=', row.session_id).execute();
      this.onRevoked({ sessionId: row.session_id, userId: user.id });
      return null;
    }
    if (now - lastSeen >= LAST_SEEN_EVERY_US) {
      await this.db.updateTable('sessions').set({ last_seen_us: now }).where('id', '=', row.session_id).execute();
    }
    return { user, sessionId: row.session_id };
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
    const row = await this.db.deleteFrom('sessions').where('token_hash', '=', sha256(token).toString('hex')).returning(['id', 'user_id']).executeTakeFirst();
    if (!row) return false;
    this.onRevoked({ sessionId: row.id, userId: row.user_id });
    return true;
  }

  /**
   * Revokes one session: the caller's own, or anyone's for an admin. false when there is no such session
   * the caller may see (a 404 either way: another user's session id is not confirmed to exist).
   */
  async revokeSession(caller: User, sessionId: string): Promise<boolean> {
    let q = this.db.deleteFrom('sessions').where('id', '=', sessionId);
    if (caller.role !== 'admin') q = q.where('user_id', '=', caller.id);
    const row = await q.returning(['id', 'user_id']).executeTakeFirst();
    if (!row) return false;
    this.onRevoked({ sessionId: row.id, userId: row.user_id });
    return true;
  }

  async createUser(input: { email: string; name: string; role: Role; password: string }): Promise<User> {
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
      await this.db.insertInto('users').values(row).execute();
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
    if (!this.ingestKeyDigest || typeof key !== 'string' || key === '') return false;
    // Compare fixed-length digests: constant time regardless of the key's length.
    return timingSafeEqual(sha256(key), this.ingestKeyDigest);
  }

  /** Stored ingest key, or null. */
  async storedIngestKey(): Promise<string | null> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', INGEST_KEY_SETTING).executeTakeFirst();
    return row?.value ?? null;
  }

  /** Stores the key (replacing any other) and starts accepting it. */
  async setIngestKey(key: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key: INGEST_KEY_SETTING, value: key })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: key }))
      .execute();
    this.useIngestKey(key);
  }

  useIngestKey(key: string | null): void {
    this.ingestKeyDigest = key ? sha256(key) : null;
  }
}

function toUser(r: { id: string; email: string; name: string; role: string }): User {
  return { id: r.id, email: r.email, name: r.name, role: RoleSchema.parse(r.role) };
}
