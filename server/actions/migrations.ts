import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Recommended next actions: feedback and learned acceptance. Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function actionMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    // Recommended next actions (server/actions): agents' feedback and the learned acceptance per kind × segment.
    '0003_actions': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('action_feedback')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('action_id', 'text', (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('segment', 'text', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('catalog_version', 'integer', (c) => c.notNull())
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .addColumn('until_us', 'bigint')
          .execute();
        await db.schema.createIndex('action_feedback_customer').on('action_feedback').columns(['customer_id', 'at_us']).execute();
        await db.schema
          .createTable('action_stats')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('segment', 'text', (c) => c.notNull())
          .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('dismissed', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('action_stats_pk', ['kind', 'segment'])
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('action_stats').ifExists().execute();
        await db.schema.dropTable('action_feedback').ifExists().execute();
      },
    },
    // Who looked at which customer's actions lately, for every hub of one PostgreSQL database: the hub that
    // ingests an event recomputes and pushes actions:updated also when the console asked another hub.
    '0014_action_interest': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('action_interest')
          .addColumn('customer_id', 'text', (c) => c.primaryKey())
          .addColumn('until_us', 'bigint', (c) => c.notNull())
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('action_interest').ifExists().execute();
      },
    },
  };
}
