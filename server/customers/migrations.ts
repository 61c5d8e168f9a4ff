import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { downSearchIndex, upSearchIndex } from '../storage/search-index-migration.js';
import { downCustomerStats, upCustomerStats } from './customer-stats-migration.js';
import { downOrderTimes, upOrderTimes } from './order-times-migration.js';
import { downStatsOnCustomers, upStatsOnCustomers } from './stats-on-customers-migration.js';
import { downIdentifiersWithoutRowid, upIdentifiersWithoutRowid } from './identifiers-without-rowid-migration.js';

/* Timeline core: customers, identifiers, events, merges, users, sessions, settings; search index; profile stats. Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function customerMigrations(dialect: Dialect): Record<string, Migration> {
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
    // Index-backed customer search: folded names, FTS5 trigram (SQLite) / pg_trgm (Postgres), loyalty suffixes (search-index-migration.ts).
    '0009_search_index': {
      up: (db: AnyDb) => upSearchIndex(db, dialect),
      down: (db: AnyDb) => downSearchIndex(db, dialect),
    },
    // Profile stats kept at write time (issue 15): channel counts, spend per currency, orders; backfilled (server/customers/customer-stats-migration.ts).
    '0012_customer_stats': {
      up: (db: AnyDb) => upCustomerStats(db, dialect),
      down: (db: AnyDb) => downCustomerStats(db, dialect),
    },
    // Each stored order keeps its first money event's time and its earliest buying event (issue 9: customer value reads these rows, not every purchase event).
    '0047_order_money_times': {
      up: (db: AnyDb) => upOrderTimes(db, dialect),
      down: (db: AnyDb) => downOrderTimes(db),
    },
    // Profile stats on the customer's row, and no index on last activity (issue 15: fewer pages per event at ingest; stats-on-customers-migration.ts).
    '0048_stats_on_customers': {
      up: (db: AnyDb) => upStatsOnCustomers(db, dialect),
      down: (db: AnyDb) => downStatsOnCustomers(db, dialect),
    },
    // "Recently active" walks the events by when they happened (issue 15): an index on the customer's last activity
    // moved each customer's entry on every event, a random leaf write per event at ingest (684 of the 4,700 pages
    // a 1,000-event commit wrote at 3M events). Events are added in roughly the order they happen, so this index
    // is written at its end. seq breaks ties and lets the walk page (search.ts).
    '0049_recent_by_events': {
      async up(db: AnyDb) {
        await db.schema.createIndex('events_occurred').ifNotExists().on('events').columns(['occurred_at_us', 'seq']).execute();
        await db.schema.dropIndex('customers_active_recent').ifExists().execute();
      },
      async down(db: AnyDb) {
        await db.schema
          .createIndex('customers_active_recent')
          .ifNotExists()
          .on('customers')
          .column('last_activity_us desc')
          .where(sql.ref('merged_into'), 'is', null)
          .execute();
        await db.schema.dropIndex('events_occurred').ifExists().execute();
      },
    },
    // SQLite: identifiers stored in their primary key's B-tree, one descent per identity lookup (issue 15; identifiers-without-rowid-migration.ts).
    '0050_identifiers_without_rowid': {
      up: (db: AnyDb) => upIdentifiersWithoutRowid(db, dialect),
      down: (db: AnyDb) => downIdentifiersWithoutRowid(db, dialect),
    },
  };
}
