import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Sessions that can be listed, idle out and be revoked; login throttling shared by every hub of one database. Names never change. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function authMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0015_sessions_and_login_throttle': {
      async up(db: AnyDb) {
        // A session gets a public id (the token's hash stays secret), when it was last used, and where from.
        await db.schema.alterTable('sessions').addColumn('id', 'text').execute();
        await db.schema.alterTable('sessions').addColumn('last_seen_us', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
        await db.schema.alterTable('sessions').addColumn('client_address', 'text').execute();
        // Sessions issued before this migration: an id derived from the hash, and "last seen" = created.
        await db
          .updateTable('sessions')
          .set({ id: sql`'ses_' || substr(token_hash, 1, 24)`, last_seen_us: sql`created_at_us` })
          .execute();
        await db.schema.createIndex('sessions_id').unique().on('sessions').column('id').execute();
        // One row per throttled key (`account:<email>`, `address:<ip>`): kept in the database so two hubs share it.
        await db.schema
          .createTable('login_throttle')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('locked_until_us', 'bigint', (c) => c.notNull())
          .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('login_throttle').ifExists().execute();
        await db.schema.dropIndex('sessions_id').ifExists().execute();
        for (const c of ['client_address', 'user_agent', 'last_seen_us', 'id']) await db.schema.alterTable('sessions').dropColumn(c).execute();
      },
    },
  };
}
