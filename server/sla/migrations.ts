import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* SLA settings per queue and the sweep's record of what it announced (issue 11). Names never change. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const CLOCK_COLUMNS = ['first_response_due_us', 'next_response_due_us', 'resolution_due_us'] as const;

export function slaMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0024_sla_queue_settings': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('sla_queue_settings')
          .addColumn('queue_id', 'text', (c) => c.primaryKey())
          .addColumn('settings', 'text', (c) => c.notNull())
          .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('sla_queue_settings').ifExists().execute();
      },
    },
    '0025_sla_notifications': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('sla_notifications')
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('due_us', 'bigint', (c) => c.notNull())
          .addColumn('notified_at_us', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('sla_notifications_pk', ['conversation_id', 'kind', 'level', 'due_us'])
          .execute();
        // Forgetting old notices (the sweep prunes by age).
        await db.schema.createIndex('sla_notifications_by_time').on('sla_notifications').columns(['notified_at_us']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('sla_notifications').ifExists().execute();
      },
    },
    // The sweep reads the open conversations whose clocks fall in its window, one range per clock (sla-sweep.ts).
    '0045_conversations_clock_indexes': {
      async up(db: AnyDb) {
        for (const col of CLOCK_COLUMNS) await db.schema.createIndex(`conversations_${col}`).on('conversations').columns(['status', col]).execute();
      },
      async down(db: AnyDb) {
        for (const col of CLOCK_COLUMNS) await db.schema.dropIndex(`conversations_${col}`).ifExists().execute();
      },
    },
  };
}
