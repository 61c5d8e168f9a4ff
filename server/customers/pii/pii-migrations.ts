import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../../storage/schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Types of the tables below, for `db.withTables<PiiTables>()` (storage/schema.ts stays untouched). */
export type PiiTables = {
  pii_reveals: { id: string; user_id: string; customer_id: string; reason: string; at_us: number; until_us: number };
  customer_views: { user_id: string; customer_id: string; last_at_us: number };
};

/**
 * 0018: reveals (who may see whose full contact details until when: in the database so every hub honours
 * them) and the last audited view per user and customer (so repeated opens write one audit row, not many).
 */
export function piiMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0018_pii_reveals': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('pii_reveals')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .addColumn('until_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('pii_reveals_by_user').on('pii_reveals').columns(['user_id', 'customer_id', 'until_us']).execute();
        await db.schema
          .createTable('customer_views')
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('last_at_us', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('customer_views_pk', ['user_id', 'customer_id'])
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('customer_views').ifExists().execute();
        await db.schema.dropTable('pii_reveals').ifExists().execute();
      },
    },
  };
}
