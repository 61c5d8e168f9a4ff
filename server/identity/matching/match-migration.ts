import { sql, type Kysely } from 'kysely';

/*
 * Migration 0011 (issue 15): the duplicate matcher's state in the database, so a suggestion request reads a
 * few indexed rows instead of every customer.
 * - match_profiles: per active customer, the normalized match record and the event-derived attributes with the
 *   seq and event each came from (so a new event or a merge updates them without re-reading the timeline);
 * - match_keys: the record's blocking keys; candidates of a customer are the members of its keys' blocks;
 * - match_models: Fellegi–Sunter parameters refitted in a worker (the newest row scores).
 * Rows are derived data: rebuilt from customers/identifiers/events (existing databases: in the background on the
 * first start after this migration, see match-index.ts).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function upMatchIndex(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('match_profiles')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('attrs', 'text', (c) => c.notNull())
    .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('match_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('match_keys_pk', ['key', 'customer_id'])
    .execute();
  await db.schema.createIndex('match_keys_customer').on('match_keys').column('customer_id').execute();
  await db.schema
    .createTable('match_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fitted_at_us', 'bigint', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('profiles', 'integer', (c) => c.notNull())
    .addColumn('pairs', 'integer', (c) => c.notNull())
    .addColumn('sampled', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .execute();
  // Links made before a merge name merged-away ids (household-links.ts linksOf): found by index, not a scan of customers.
  await db.schema.createIndex('customers_merged_into').on('customers').column('merged_into').where(sql.ref('merged_into'), 'is not', null).execute();
  await db.schema.createIndex('match_models_fitted').on('match_models').column('fitted_at_us desc').execute();
}

export async function downMatchIndex(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('customers_merged_into').ifExists().execute();
  for (const t of ['match_models', 'match_keys', 'match_profiles']) await db.schema.dropTable(t).ifExists().execute();
}
