import type { Kysely } from 'kysely';

/*
 * Migration 0006 (issue 9): identity links. When an event carries a shared identifier (a household loyalty card)
 * of a customer whose name or birth date disagrees with the event's, ingest links the two instead of merging:
 * one row per (shared identifier, customer the event landed on, owner of the identifier), with the evidence.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function upIdentityLinks(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('identity_links')
    .addColumn('identifier_key', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('other_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('created_at_us', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_links_pk', ['identifier_key', 'customer_id', 'other_id'])
    .execute();
  await db.schema.createIndex('identity_links_customer').on('identity_links').column('customer_id').execute();
  await db.schema.createIndex('identity_links_other').on('identity_links').column('other_id').execute();
}

export async function downIdentityLinks(db: AnyDb): Promise<void> {
  await db.schema.dropTable('identity_links').ifExists().execute();
}
