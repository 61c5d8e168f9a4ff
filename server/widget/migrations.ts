import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* The web chat widget (issue 12). Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function widgetMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0036_widget_chats': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('widget_chats')
          .addColumn('id', 'text', (c) => c.primaryKey())
          // sha256 of the browser's secret: a leaked table does not let anyone resume a chat.
          .addColumn('token_hash', 'text', (c) => c.notNull())
          // The visitor's identifiers as given (email, phone, name), JSON.
          .addColumn('visitor', 'text', (c) => c.notNull())
          .addColumn('last_seq', 'integer', (c) => c.notNull())
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('widget_messages')
          .addColumn('chat_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          // Made by the page (customer) or from the compose key (agent): a resend is the same message.
          .addColumn('client_id', 'text', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull())
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('widget_messages_pk', ['chat_id', 'seq'])
          .addUniqueConstraint('widget_messages_client', ['chat_id', 'client_id'])
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('widget_messages').ifExists().execute();
        await db.schema.dropTable('widget_chats').ifExists().execute();
      },
    },
  };
}
