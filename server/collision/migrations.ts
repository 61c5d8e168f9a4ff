import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Collision (issue 11). Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function collisionMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0032_customer_activity': {
      async up(db: AnyDb) {
        // Shared by every hub on the same database: who is on a customer, whichever hub they are connected to.
        await db.schema
          .createTable('customer_activity')
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('conversation_id', 'text')
          .addColumn('started_at_us', 'bigint', (c) => c.notNull())
          .addColumn('expires_at_us', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('customer_activity_pk', ['customer_id', 'user_id', 'kind', 'channel'])
          .execute();
        await db.schema.createIndex('customer_activity_expiry').on('customer_activity').column('expires_at_us').execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('customer_activity').execute();
      },
    },
  };
}
