import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Conversations (issue 11). Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function conversationMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0021_conversations': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('conversations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('snoozed_until_us', 'bigint')
          .addColumn('priority', 'text', (c) => c.notNull())
          .addColumn('priority_rank', 'integer', (c) => c.notNull())
          .addColumn('queue_id', 'text')
          .addColumn('assignee_id', 'text')
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('channels', 'text', (c) => c.notNull())
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
          .addColumn('last_activity_us', 'bigint', (c) => c.notNull())
          .addColumn('first_response_at_us', 'bigint')
          .addColumn('last_customer_message_at_us', 'bigint')
          .addColumn('waiting_since_us', 'bigint')
          .addColumn('solved_at_us', 'bigint')
          .addColumn('closed_at_us', 'bigint')
          .addColumn('sla_policy_id', 'text', (c) => c.notNull())
          .addColumn('first_response_due_us', 'bigint')
          .addColumn('next_response_due_us', 'bigint')
          .addColumn('resolution_due_us', 'bigint')
          .addColumn('sla_due_us', 'bigint', (c) => c.notNull())
          .addColumn('pauses', 'text', (c) => c.notNull())
          .addColumn('item_count', 'integer', (c) => c.notNull())
          .execute();
        // Inbox pages: keyset on (sla_due_us, priority_rank, created_at_us, id) within a status, per view.
        await db.schema.createIndex('conversations_inbox').on('conversations').columns(['status', 'sla_due_us', 'priority_rank', 'created_at_us', 'id']).execute();
        await db.schema.createIndex('conversations_assignee').on('conversations').columns(['assignee_id', 'status', 'sla_due_us', 'priority_rank', 'created_at_us', 'id']).execute();
        await db.schema.createIndex('conversations_queue').on('conversations').columns(['queue_id', 'status', 'sla_due_us', 'priority_rank', 'created_at_us', 'id']).execute();
        // Grouping: the customer's latest conversation on a channel.
        await db.schema.createIndex('conversations_customer').on('conversations').columns(['customer_id', 'last_activity_us']).execute();
        await db.schema
          .createTable('conversation_items')
          .addColumn('event_id', 'text', (c) => c.primaryKey())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('linked_at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('conversation_items_by_conversation').on('conversation_items').columns(['conversation_id', 'event_id']).execute();
        await db.schema
          .createTable('conversation_keys')
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('conversation_keys_pk', ['conversation_id', 'key'])
          .execute();
        await db.schema.createIndex('conversation_keys_by_key').on('conversation_keys').columns(['key']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('conversation_keys').ifExists().execute();
        await db.schema.dropTable('conversation_items').ifExists().execute();
        await db.schema.dropTable('conversations').ifExists().execute();
      },
    },
    '0041_conversations_counts': {
      // The inbox counts (inbox-counts.ts) group open + pending work by queue and assignee after every change:
      // without a covering index that read visited every conversation row (about 1.7 s at 100k open on SQLite,
      // bench/inbox-bench.ts), blocking a SQLite hub. This index answers it from the index alone.
      async up(db: AnyDb) {
        await db.schema.createIndex('conversations_counts').on('conversations').columns(['status', 'queue_id', 'assignee_id']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropIndex('conversations_counts').ifExists().execute();
      },
    },
  };
}
