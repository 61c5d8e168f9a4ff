import type { Db } from '../storage/schema.js';

/*
 * Login throttling kept in the database (every hub of one PostgreSQL shares it). An attempt is counted
 * BEFORE its password is checked, by a compare-and-swap on the key's row: parallel attempts cannot all
 * read "0 failures" and slip past. From the `maxFailures`-th failure on, each further failure doubles
 * the wait (base, 2×base, 4×base … capped). A success resets the account's key (not the address's).
 */

export interface ThrottlePolicy {
  /** Failures allowed before the first wait (per account). */
  maxFailures: number;
  /** Per client address: higher, since a store terminal or an office NAT is shared by many people. */
  maxFailuresPerAddress: number;
  /** The first wait, then doubled per further failure. */
  baseDelayUs: number;
  maxDelayUs: number;
  /** Failures older than this (and no wait running) are forgotten. */
  forgetAfterUs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  maxFailures: 5,
  maxFailuresPerAddress: 20,
  baseDelayUs: 30_000_000,
  maxDelayUs: 60 * 60_000_000,
  forgetAfterUs: 15 * 60_000_000,
};

/** Refused: try again after this many microseconds. */
export interface Refusal {
  retryAfterUs: number;
}

const CAS_TRIES = 20;

/** Login refused without checking the password (the HTTP edge answers 429 with Retry-After). */
export class LoginThrottledError extends Error {
  override readonly name = 'LoginThrottledError';
  constructor(
    readonly retryAfterUs: number,
    /** The field the refusal names (`code` for the second sign-in step). */
    readonly field = 'email',
  ) {
    super('too many failed logins: try again later');
  }
  /** Whole seconds, at least 1 (the Retry-After header). */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterUs / 1_000_000));
  }
}

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly policy: ThrottlePolicy,
  ) {}

  /** Counts one attempt on every key, or on none: a refusal (that key's wait) when a key is waiting. Refused attempts count nowhere. */
  async attempt(keys: readonly { key: string; max: number }[], now: number): Promise<Refusal | null> {
    const counted: { key: string; max: number }[] = [];
    for (const k of keys) {
      const wait = await this.reserve(k.key, k.max, now);
      if (wait > 0) {
        // The password is not checked: take back what was counted on the keys before this one.
        for (const c of counted) await this.release(c.key, c.max, now);
        return { retryAfterUs: wait };
      }
      counted.push(k);
    }
    return null;
  }

  /** A successful login: the account starts over. */
  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }

  /**
   * Takes back one counted attempt: a successful login on a shared key (the client address), so a store
   * terminal where many people sign in all day is not locked by successes (earlier failures stay); or an
   * attempt refused on another key.
   */
  async release(key: string, max: number, now: number): Promise<void> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const row = await this.db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row || Number(row.failures) === 0) return;
      const failures = Number(row.failures) - 1;
      // The wait exists while failures >= max: one fewer may end it.
      const locked = failures >= max ? Number(row.locked_until_us) : 0;
      const res = await this.db
        .updateTable('login_throttle')
        .set({ failures, locked_until_us: locked, updated_at_us: now })
        .where('key', '=', key)
        .where('failures', '=', row.failures)
        .where('updated_at_us', '=', row.updated_at_us)
        .where('locked_until_us', '=', row.locked_until_us)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return;
    }
  }

  /** 0 when the attempt may go on (and was counted), else how long the key still waits. */
  private async reserve(key: string, max: number, now: number): Promise<number> {
    await this.db
      .insertInto('login_throttle')
      .values({ key, failures: 0, locked_until_us: 0, updated_at_us: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    for (let i = 0; i < CAS_TRIES; i++) {
      const row = await this.db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row) return 0;
      const lockedUntil = Number(row.locked_until_us);
      if (lockedUntil > now) return lockedUntil - now;
      const stale = now - Number(row.updated_at_us) > this.policy.forgetAfterUs;
      const failures = (stale ? 0 : Number(row.failures)) + 1;
      // Counted as a failure up front; the lock it may set already covers this attempt's own failure.
      const locked = failures >= max ? now + this.delay(failures - max) : 0;
      const res = await this.db
        .updateTable('login_throttle')
        .set({ failures, locked_until_us: locked, updated_at_us: now })
        .where('key', '=', key)
        .where('failures', '=', row.failures)
        .where('updated_at_us', '=', row.updated_at_us)
        .where('locked_until_us', '=', row.locked_until_us)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return 0;
    }
    // Heavy contention on one key is itself an attack: refuse rather than loop.
    return this.policy.baseDelayUs;
  }

  private delay(extra: number): number {
    return Math.min(this.policy.maxDelayUs, this.policy.baseDelayUs * 2 ** Math.min(extra, 30));
  }
}
