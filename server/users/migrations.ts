import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Staff accounts that can be deactivated and must choose their own password; teams (queues) and their members. Names never change. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function userMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0016_users_active_and_teams': {
      async up(db: AnyDb) {
        // 0/1 integers on both backends (no boolean type on SQLite). Existing users stay active and keep their password.
        await db.schema.alterTable('users').addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)).execute();
        await db.schema.alterTable('users').addColumn('password_change_required', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable('users').addColumn('deactivated_at_us', 'bigint').execute();
        // Kept on the user: sessions are deleted when they end, "last seen" must outlive them.
        await db.schema.alterTable('users').addColumn('last_seen_us', 'bigint').execute();
        await db.schema
          .createTable('teams')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          // lower(name): "Returns" and "returns" are one team (checked by a unique index, not only by the service).
          .addColumn('name_folded', 'text', (c) => c.notNull().unique())
          .addColumn('description', 'text')
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('team_members')
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('added_at_us', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
          .execute();
        await db.schema.createIndex('team_members_by_user').on('team_members').column('user_id').execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('team_members').ifExists().execute();
        await db.schema.dropTable('teams').ifExists().execute();
        for (const c of ['last_seen_us', 'deactivated_at_us', 'password_change_required', 'active']) await db.schema.alterTable('users').dropColumn(c).execute();
      },
    },
  };
}
