import type { Kysely, Migration } from 'kysely';
import type { Db, Schema } from '../storage/schema.js';
import type { Dialect } from '../storage/schema.js';

/* The TOTP tables (migration 0020), typed beside the hub's own (storage/schema.ts stays untouched). Names never change. */

export type TotpTables = {
  /** One row per user with a secret: pending until a right code enables it. */
  user_totp: {
    user_id: string;
    /** AES-GCM sealed base32 secret (server/auth/totp.ts TotpKey), never the secret itself. */
    secret_sealed: string;
    enabled_at_us: number | null;
    /** The last 30-second step a code was accepted for: a code is good once (no replay within its window). */
    last_step: number;
    created_at_us: number;
  };
  /** A right password waiting for its code: only the sha256 of the challenge token is kept. */
  totp_challenges: {
    token_hash: string;
    user_id: string;
    /** 'totp' (enter a code) or 'totp-enroll' (set up first, then a code). */
    kind: string;
    expires_at_us: number;
  };
  users: { active: number };
};
export type TotpDb = Kysely<Schema & TotpTables>;
export const totpDb = (db: Db): TotpDb => db.withTables<TotpTables>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function totpMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0020_totp': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('user_totp')
          .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
          .addColumn('secret_sealed', 'text', (c) => c.notNull())
          .addColumn('enabled_at_us', 'bigint')
          .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('totp_challenges')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('expires_at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('totp_challenges_expiry').on('totp_challenges').column('expires_at_us').execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('totp_challenges').ifExists().execute();
        await db.schema.dropTable('user_totp').ifExists().execute();
      },
    },
  };
}
