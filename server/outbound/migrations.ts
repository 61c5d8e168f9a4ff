import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Replies, notes and drafts (issue 12). Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function outboundMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0029_outbox': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('outbox_messages')
          .addColumn('id', 'text', (c) => c.primaryKey())
          // `<user>:<key>`: one compose is one row, whatever the client retries.
          .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('provider_status', 'text')
          .addColumn('recipient', 'text', (c) => c.notNull())
          .addColumn('sender', 'text', (c) => c.notNull())
          .addColumn('subject', 'text')
          .addColumn('message_id', 'text')
          .addColumn('provider_id', 'text')
          // What the sender needs (text, html, attachments, thread headers), JSON.
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('max_attempts', 'integer', (c) => c.notNull())
          .addColumn('next_attempt_us', 'bigint', (c) => c.notNull())
          .addColumn('lease_owner', 'text')
          .addColumn('lease_until_us', 'bigint')
          .addColumn('error_code', 'text')
          .addColumn('error_text', 'text')
          .addColumn('created_by', 'text')
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
          .execute();
        // The worker's claim: due rows by status, oldest due first.
        await db.schema.createIndex('outbox_due').on('outbox_messages').columns(['status', 'next_attempt_us']).execute();
        await db.schema.createIndex('outbox_by_conversation').on('outbox_messages').columns(['conversation_id', 'created_at_us']).execute();
        // The SMS frequency cap: one customer's recent messages on a channel.
        await db.schema.createIndex('outbox_by_customer').on('outbox_messages').columns(['customer_id', 'channel', 'created_at_us']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('outbox_messages').ifExists().execute();
      },
    },
    '0030_conversation_notes': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('conversation_notes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('author_id', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('mentions', 'text', (c) => c.notNull())
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('conversation_notes_by_conversation').on('conversation_notes').columns(['conversation_id', 'created_at_us']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('conversation_notes').ifExists().execute();
      },
    },
    '0031_drafts': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('compose_drafts')
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('compose_drafts_pk', ['conversation_id', 'user_id', 'mode'])
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('compose_drafts').ifExists().execute();
      },
    },
  };
}
