import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './schema.js';
import { downSearchIndex, upSearchIndex } from './search-index-migration.js';
import { downClv, upClv } from '../clv/clv-migration.js';
import { downIdentityLinks, upIdentityLinks } from '../identity/identity-links-migration.js';

/*
 * One set of migrations for both dialects. Dialect-specific only where SQL differs:
 * the autoincrement sequence, and byte-order collation on Postgres so prefix searches
 * are plain index ranges (SQLite's default BINARY collation already is byte order).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

function migrations(dialect: Dialect): Record<string, Migration> {
  const pg = dialect === 'postgres';
  const bytewiseText = pg ? sql`text collate "C"` : sql`text`;
  return {
    '0001_init': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('customers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('name_rank', 'integer', (c) => c.notNull())
          .addColumn('search_name', 'text', (c) => c.notNull())
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .addColumn('merged_into', 'text')
          .addColumn('first_seen_us', 'bigint', (c) => c.notNull())
          .addColumn('last_activity_us', 'bigint', (c) => c.notNull())
          .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // "Most recently active" lists only active customers.
        await db.schema
          .createIndex('customers_active_recent')
          .on('customers')
          .column('last_activity_us desc')
          .where(sql.ref('merged_into'), 'is', null)
          .execute();

        await db.schema
          .createTable('identifiers')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', bytewiseText, (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
          .addColumn('origin_customer_id', 'text', (c) => c.notNull())
          .addColumn('rev', bytewiseText)
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('identifiers_pk', ['kind', 'value'])
          .execute();
        await db.schema.createIndex('identifiers_customer').on('identifiers').column('customer_id').execute();
        await db.schema.createIndex('identifiers_rev').on('identifiers').column('rev').where(sql.ref('rev'), 'is not', null).execute();

        let events = db.schema.createTable('events');
        events = pg
          ? events.addColumn('seq', 'bigserial', (c) => c.primaryKey())
          : events.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
        await events
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
          .addColumn('origin_customer_id', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('source_event_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('occurred_at_us', 'bigint', (c) => c.notNull())
          .addColumn('summary', 'text')
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('ingested_at_us', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('events_source_unique', ['source', 'source_event_id'])
          .execute();
        // The timeline's keyset order, with and without a channel filter.
        await db.schema.createIndex('events_customer_time').on('events').columns(['customer_id', 'occurred_at_us desc', 'id desc']).execute();
        await db.schema
          .createIndex('events_customer_channel_time')
          .on('events')
          .columns(['customer_id', 'channel', 'occurred_at_us desc', 'id desc'])
          .execute();
        // Socket replay: items with seq > n for one customer.
        await db.schema.createIndex('events_customer_seq').on('events').columns(['customer_id', 'seq']).execute();

        await db.schema
          .createTable('event_refs')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', bytewiseText, (c) => c.notNull())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('event_refs_pk', ['kind', 'value', 'event_id'])
          .execute();
        await db.schema.createIndex('event_refs_customer').on('event_refs').column('customer_id').execute();

        await db.schema
          .createTable('merges')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('from_id', 'text', (c) => c.notNull())
          .addColumn('into_id', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('bridging_identifier', 'text')
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .addColumn('undone_at_us', 'bigint')
          .addColumn('moved', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('merges_from').on('merges').column('from_id').execute();
        await db.schema.createIndex('merges_into').on('merges').column('into_id').execute();

        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .addColumn('expires_at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
        await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at_us').execute();

        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: AnyDb) {
        for (const t of ['settings', 'sessions', 'users', 'merges', 'event_refs', 'events', 'identifiers', 'customers']) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    // Exact merge undo (server/merges): what each event carried, which event created each identifier, and the audit log.
    '0002_merges_undo': {
      async up(db: AnyDb) {
        // JSON {keys, name, rank}: the event's identifier keys and display-name candidate (null before this migration).
        await db.schema.alterTable('events').addColumn('identity', 'text').execute();
        await db.schema.alterTable('identifiers').addColumn('origin_event_id', 'text').execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('merge_id', 'text')
          .addColumn('customer_id', 'text')
          .addColumn('other_id', 'text')
          .addColumn('reason', 'text')
          .execute();
        await db.schema.createIndex('audit_log_merge').on('audit_log').column('merge_id').execute();
        await db.schema.createIndex('audit_log_customer').on('audit_log').column('customer_id').execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('audit_log').ifExists().execute();
        await db.schema.alterTable('identifiers').dropColumn('origin_event_id').execute();
        await db.schema.alterTable('events').dropColumn('identity').execute();
      },
    },
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
    // SQLite: one timeline index instead of three. Every random-key index costs a page write per event
    // in the WAL and its checkpoint, and bulk ingest is page-bound (3 -> 1 took 1M-event ingest from
    // ~6.6k to ~9.6k events/s). SQLite indexes carry the rowid (seq), so this one still serves socket
    // replay (seq > n), and the trailing channel lets channel filters and per-channel counts run on the
    // index alone. Postgres keeps the per-purpose indexes: its entries carry no seq, and the ingest
    // target is the embedded store.
    '0005_sqlite_one_timeline_index': {
      async up(db: AnyDb) {
        if (pg) return;
        for (const name of ['events_customer_seq', 'events_customer_channel_time', 'events_customer_time']) await db.schema.dropIndex(name).execute();
        await db.schema.createIndex('events_customer_time').on('events').columns(['customer_id', 'occurred_at_us desc', 'id desc', 'channel']).execute();
      },
      async down(db: AnyDb) {
        if (pg) return;
        await db.schema.dropIndex('events_customer_time').execute();
        await db.schema.createIndex('events_customer_time').on('events').columns(['customer_id', 'occurred_at_us desc', 'id desc']).execute();
        await db.schema.createIndex('events_customer_channel_time').on('events').columns(['customer_id', 'channel', 'occurred_at_us desc', 'id desc']).execute();
        await db.schema.createIndex('events_customer_seq').on('events').columns(['customer_id', 'seq']).execute();
      },
    },
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
    // Index-backed customer search: folded names, FTS5 trigram (SQLite) / pg_trgm (Postgres), loyalty suffixes (search-index-migration.ts).
    '0009_search_index': {
      up: (db: AnyDb) => upSearchIndex(db, dialect),
      down: (db: AnyDb) => downSearchIndex(db, dialect),
    },
    // Customer value and churn risk (issue 14): model parameters and per-customer purchase summaries (server/clv/clv-migration.ts).
    '0010_clv': {
      up: (db: AnyDb) => upClv(db),
      down: (db: AnyDb) => downClv(db),
    },
    // Household identifiers (issue 9): links made instead of merges when a shared identifier met disagreeing people (server/identity/identity-links-migration.ts).
    '0006_identity_links': {
      up: (db: AnyDb) => upIdentityLinks(db),
      down: (db: AnyDb) => downIdentityLinks(db),
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

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: AnyDb, dialect: Dialect, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // On Postgres the migration tables live in the current schema (tests use one schema each).
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
