import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { UsersDb } from '../users/user-tables.js';

/*
 * The per-request session lookup (issue 10 allows the session lookup and permission check 5% of a
 * timeline page). Measured on the bench machine, a lookup right after a page's work cost 60–90 µs
 * even as one prepared statement (10 µs in a loop of its own): the token's sha256 and the SQLite call
 * touch cold code and memory. So a hub that is the only one able to end its sessions answers a known
 * token from memory:
 *   - SQLite only. On PostgreSQL another hub may revoke a session at any moment and its token must
 *     answer 401 at once here too, so every request asks the database.
 *   - Every session end in this process (logout, revoke, idle, deactivation, role or password change)
 *     forgets the cached token before its caller answers (SqlAuthService.onRevoked / forgetUser).
 *   - Any write by another connection to the file (`npm run users -- deactivate` beside a running hub)
 *     changes SQLite's `PRAGMA data_version`, read on every request (one call, no table read): the
 *     whole cache is dropped and the next lookups read the database.
 * Lifetime and idle timeout are checked against the cached row's times on every request, as before.
 */

/** One row of the lookup: the user, the session and its clocks. */
export interface SessionRow {
  id: string;
  email: string;
  name: string;
  role: string;
  password_change_required: number;
  session_id: string;
  last_seen_us: number | string | bigint;
  expires_at_us: number | string | bigint;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The database half: compiled once (building the query cost ~10x the lookup), prepared once on SQLite. */
export class SessionQuery {
  private compiled: ReturnType<SessionQuery['compile']> | null = null;
  private prepared: BetterSqlite3.Statement | null = null;

  constructor(
    private readonly udb: UsersDb,
    private readonly sqlite: BetterSqlite3.Database | null,
  ) {}

  async find(token: string, nowUs: number): Promise<SessionRow | undefined> {
    const lookup = (this.compiled ??= this.compile());
    const parameters = [tokenHash(token), nowUs, 1];
    if (this.sqlite) return (this.prepared ??= this.sqlite.prepare(lookup.sql)).get(...parameters) as SessionRow | undefined;
    const { rows } = await this.udb.executeQuery({ ...lookup, parameters } as typeof lookup);
    return rows[0] as SessionRow | undefined;
  }

  private compile() {
    return (
      this.udb
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.password_change_required', 's.id as session_id', 's.last_seen_us', 's.expires_at_us'])
        // Placeholders, in this order: token hash, now, 1.
        .where('s.token_hash', '=', '')
        .where('s.expires_at_us', '>', 0)
        // Deactivation deletes the sessions too; this keeps a straggler from answering in between.
        .where('u.active', '=', 1)
        .compile()
    );
  }
}

/** A token's session as last read from the database, with the clocks checked on each use. */
export interface CachedSession<S> {
  session: S;
  userId: string;
  sessionId: string;
  lastSeenUs: number;
  expiresAtUs: number;
}

/** Beyond this many live tokens the cache starts over (a bound, not a policy: a hub has far fewer). */
const MAX_CACHED = 10_000;

/** Tokens answered from memory while no other connection wrote to the SQLite file (see above). */
export class SessionCache<S> {
  private readonly byToken = new Map<string, CachedSession<S>>();
  private readonly dataVersion: BetterSqlite3.Statement;
  private seenVersion: unknown;

  constructor(sqlite: BetterSqlite3.Database) {
    this.dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
    this.seenVersion = this.dataVersion.get();
  }

  get(token: string): CachedSession<S> | undefined {
    const version = this.dataVersion.get();
    if (version !== this.seenVersion) {
      // Another connection committed (another process on this file): anything cached may be stale.
      this.seenVersion = version;
      this.byToken.clear();
      return undefined;
    }
    return this.byToken.get(token);
  }

  set(token: string, entry: CachedSession<S>): void {
    if (this.byToken.size >= MAX_CACHED) this.byToken.clear();
    this.byToken.set(token, entry);
  }

  forgetSession(sessionId: string): void {
    for (const [token, e] of this.byToken) if (e.sessionId === sessionId) this.byToken.delete(token);
  }

  forgetUser(userId: string): void {
    for (const [token, e] of this.byToken) if (e.userId === userId) this.byToken.delete(token);
  }

  get size(): number {
    return this.byToken.size;
  }
}
