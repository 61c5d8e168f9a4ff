import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { downConsentSignals, upConsentSignals } from './consent-signals-migration.js';

/* Privacy requests (issue 10). Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function privacyMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0019_privacy': {
      async up(db: AnyDb) {
        // What an erasure leaves behind so the person does not come back: hashes only (tombstones.ts).
        await db.schema
          .createTable('privacy_tombstones')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          // 'event' (source + source event id) | 'identifier' (kind:value)
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('erasure_id', 'text', (c) => c.notNull())
          // The anonymised event a retried delivery is answered with (events keep their anonymous facts).
          .addColumn('event_id', 'text')
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .execute();
        // One row per erasure: who, when, why, what (counts only).
        await db.schema
          .createTable('privacy_erasures')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          // JSON string[]: the survivor and every customer merged into it.
          .addColumn('erased_ids', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .addColumn('counts', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('privacy_erasures_customer').on('privacy_erasures').column('customer_id').execute();
        // Requests senders made (Shopify's mandatory privacy webhooks): listed for admins.
        await db.schema
          .createTable('privacy_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('connector', 'text', (c) => c.notNull())
          .addColumn('shop', 'text')
          // The sender's delivery id: a retried webhook records nothing twice.
          .addColumn('delivery_key', 'text', (c) => c.notNull().unique())
          .addColumn('customer_id', 'text')
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('received_at_us', 'bigint', (c) => c.notNull())
          .addColumn('resolved_at_us', 'bigint')
          .execute();
        await db.schema.createIndex('privacy_requests_status_time').on('privacy_requests').columns(['status', 'received_at_us']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('privacy_requests').ifExists().execute();
        await db.schema.dropTable('privacy_erasures').ifExists().execute();
        await db.schema.dropTable('privacy_tombstones').ifExists().execute();
      },
    },
    '0035_privacy_forget_identifier_hashes': {
      // Erasures used to keep sha256(kind:value) of each erased identifier; nothing read them, and a hash of an email is the email to anyone who guesses it.
      async up(db: AnyDb) {
        await db.deleteFrom('privacy_tombstones').where('kind', '=', 'identifier').execute();
      },
      async down() {
        // Nothing to restore: the hashes are gone for good, as the erasures asked.
      },
    },
    // Consent signals kept at write time (issue 15): a profile reads two index seeks, not the customer's events.
    '0046_privacy_consent_signals': { up: upConsentSignals, down: downConsentSignals },
  };
}
