import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { downGeneralAudit, upGeneralAudit } from '../audit/audit-migration.js';

/* Exact merge undo and the audit log. Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function mergeMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
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
    // The audit log in a general shape (actor id, action, subject, payload), old rows converted (server/audit/audit-migration.ts).
    '0013_general_audit': {
      up: (db: AnyDb) => upGeneralAudit(db),
      down: (db: AnyDb) => downGeneralAudit(db),
    },
  };
}
