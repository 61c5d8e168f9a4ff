import type { Kysely } from 'kysely';
import { parseData } from '../customers/rows.js';
import type { Schema } from '../storage/schema.js';
import { CONSENT_TYPES, insertSignalRows, signalRows } from './consent-signals.js';

/*
 * Migration 0046 (issue 15): consent_signals (consent-signals.ts), backfilled in one pass over the events
 * that can carry consent (the filter consentsOf used to run per customer), a page at a time in seq order
 * (the table's own order on SQLite: one sequential pass, not a walk of the id index).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const BACKFILL_PAGE = 2_000;

export async function upConsentSignals(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('consent_signals')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('consent_channel', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at_us', 'bigint', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('event_channel', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('inbound_text', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('consent_signals_pk', ['event_id', 'consent_channel'])
    .execute();
  // The read (latest per channel) and the merge's move (customer_id = ?) both seek this index.
  await db.schema.createIndex('consent_signals_customer').on('consent_signals').columns(['customer_id', 'consent_channel', 'occurred_at_us']).execute();
  // Kysely runs SQLite migrations outside a transaction: one here keeps the backfill fast and atomic.
  if (db.isTransaction) await backfill(db as Kysely<Schema>);
  else await db.transaction().execute((tx) => backfill(tx as unknown as Kysely<Schema>));
}

/** Every signal of the stored events, into an empty consent_signals (exported for the property test). */
export async function backfill(db: Kysely<Schema>): Promise<void> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('events')
      .select(['seq', 'id', 'customer_id', 'source', 'channel', 'type', 'occurred_at_us', 'data'])
      .where('seq', '>', after)
      // Only events that can carry consent: normalized/legacy fields, consent types, text messages.
      .where((eb) => eb.or([eb('data', 'like', '%arketing%'), eb('type', 'in', [...CONSENT_TYPES]), eb('channel', '=', 'sms')]))
      .orderBy('seq')
      .limit(BACKFILL_PAGE)
      .execute();
    if (page.length === 0) return;
    const rows = page.flatMap((e) => signalRows({ id: e.id, source: e.source, channel: e.channel, type: e.type, occurredAt: Number(e.occurred_at_us), data: parseData(e.data) }, e.customer_id, Number(e.occurred_at_us)));
    await insertSignalRows(db, rows);
    after = Number(page[page.length - 1]!.seq);
  }
}

export async function downConsentSignals(db: AnyDb): Promise<void> {
  await db.schema.dropTable('consent_signals').ifExists().execute();
}
