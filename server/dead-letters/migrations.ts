import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Dead letters and connector delivery counters. Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function deadLetterMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    // Connector deliveries that could not be ingested, kept whole for replay (server/dead-letters).
    '0004_dead_letters': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('dead_letters')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('connector', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('http_status', 'integer', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('headers', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('content_type', 'text')
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('body_bytes', 'integer', (c) => c.notNull())
          .addColumn('received_at_us', 'bigint', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_attempt_at_us', 'bigint')
          .addColumn('resolved_at_us', 'bigint')
          .execute();
        await db.schema.createIndex('dead_letters_status_time').on('dead_letters').columns(['status', 'received_at_us desc']).execute();
        await db.schema
          .createTable('connector_stats')
          .addColumn('connector', 'text', (c) => c.primaryKey())
          .addColumn('last_delivery_us', 'bigint')
          .addColumn('last_ok_us', 'bigint')
          .addColumn('last_error_us', 'bigint')
          .addColumn('last_error', 'text')
          .addColumn('ok_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('connector_stats').ifExists().execute();
        await db.schema.dropTable('dead_letters').ifExists().execute();
      },
    },
    // Newest dead letters per connector (and overall) by index: a list must not read every stored body.
    '0008_dead_letters_by_connector': {
      async up(db: AnyDb) {
        await db.schema.createIndex('dead_letters_connector_time').on('dead_letters').columns(['connector', 'received_at_us desc', 'id desc']).execute();
        await db.schema.createIndex('dead_letters_time').on('dead_letters').columns(['received_at_us desc', 'id desc']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropIndex('dead_letters_time').ifExists().execute();
        await db.schema.dropIndex('dead_letters_connector_time').ifExists().execute();
      },
    },
  };
}
