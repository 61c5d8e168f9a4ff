import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RoleSchema, type Role, type User } from '../../shared/index.js';
import type { AuthService } from '../domain.js';
import { InputError } from '../domain.js';
import { isUniqueViolation, nowMicros } from '../storage/batch.js';
import { newId } from '../storage/ids.js';
import type { Db } from '../storage/schema.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.js';

export const SESSION_TTL_US = 12 * 60 * 60 * 1_000_000;
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

  constructor(private readonly db: Db) {}

  async login(email: string, password: string): Promise<{ token: string; user: User } | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', normalizeUserEmail(email)).executeTakeFirst();
    // Unknown email still pays for one scrypt: same answer, same time.
    const ok = await verifyPassword(password, row?.password_hash ?? (await DUMMY_HASH_PROMISE));
    if (!row || !ok) return null;
    const token = randomBytes(32).toString('base64url');
    const now = nowMicros();
    await this.db.deleteFrom('sessions').where('expires_at_us', '<=', now).execute();
    await this.db
      .insertInto('sessions')
      .values({ token_hash: sha256(token).toString('hex'), user_id: row.id, created_at_us: now, expires_at_us: now + SESSION_TTL_US })
      .execute();
    return { token, user: toUser(row) };
  }

  async userForToken(token: string): Promise<User | null> {
    if (!token || token.length > 512) return null;
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.role'])
      .where('s.token_hash', '=', sha256(token).toString('hex'))
      .where('s.expires_at_us', '>', nowMicros())
      .executeTakeFirst();
    return row ? toUser(row) : null;
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
