import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Deliveries held until what they attach to arrives. Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function connectorMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    // Connector deliveries that arrived before what they attach to (a Shopify refund before its order).
    '0007_held_deliveries': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('held_deliveries')
          .addColumn('connector', 'text', (c) => c.notNull())
          .addColumn('hold_key', 'text', (c) => c.notNull())
          .addColumn('delivery_key', 'text', (c) => c.notNull())
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('held_at_us', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('held_deliveries_pk', ['connector', 'hold_key', 'delivery_key'])
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('held_deliveries').ifExists().execute();
      },
    },
  };
}
