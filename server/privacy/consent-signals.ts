import type { Kysely, Transaction } from 'kysely';
import { CONSENT_CHANNELS, EVENT_VOCABULARY, isoToMicros, type ChannelConsent, type TimelineItem } from '../../shared/index.js';
import type { IngestOutcome } from '../domain.js';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { Schema } from '../storage/schema.js';
import { channelSignals, consentsFromSignals, type ChannelSignal, type ConsentEvent } from './consent-reader.js';
import { privacyDb, type PrivacyTables } from './tables.js';

/*
 * consent_signals (migration 0046, issue 15): one row per (event, consent channel) for the events that carry a
 * consent signal, decided by the same reader the events would be read with (consent-reader.ts channelSignals).
 * A heavy customer's consent is then two index seeks, not a read of its thousands of events. Rows are written
 * in the ingest transaction (a write hook), rewritten with their event by upserts and erasures, and follow
 * their event through merges and undos (storage/customer-owned-tables.ts: `follows-event`).
 */

type Tx = Transaction<Schema> | Kysely<Schema>;
type SignalRow = PrivacyTables['consent_signals'];

/** 10 columns a row: 5,000 parameters a statement, under both backends' budgets. */
const ROWS_PER_INSERT = 500;

/** Event types that carry consent by their type alone (the vocabulary's consent categories). */
export const CONSENT_TYPES: readonly string[] = Object.entries(EVENT_VOCABULARY)
  .filter(([, e]) => e.category === 'consent_opt_out' || e.category === 'consent_opt_in')
  .map(([type]) => type)
  .sort();

function toRow(s: ChannelSignal, customerId: string, occurredUs: number): SignalRow {
  return {
    event_id: s.eventId,
    consent_channel: s.channel,
    customer_id: customerId,
    occurred_at_us: occurredUs,
    granted: s.granted ? 1 : 0,
    what: s.what,
    source: s.source,
    event_channel: s.eventChannel,
    event_type: s.eventType,
    inbound_text: s.inboundText ? 1 : 0,
  };
}

/** The rows an event keeps (none for most events). `occurredUs` is the events table's occurred_at_us. */
export function signalRows(e: ConsentEvent, customerId: string, occurredUs: number): SignalRow[] {
  return channelSignals(e).map((s) => toRow(s, customerId, occurredUs));
}

function itemRows(item: TimelineItem): SignalRow[] {
  const signals = channelSignals(item);
  if (signals.length === 0) return [];
  // Items carry the stored microseconds as a lossless ISO string (rows.ts).
  const us = isoToMicros(item.occurredAt);
  return us === null ? [] : signals.map((s) => toRow(s, item.customerId, us));
}

export async function insertSignalRows(tx: Tx, rows: readonly SignalRow[]): Promise<void> {
  const ptx = (tx as Kysely<Schema>).withTables<PrivacyTables>();
  for (const part of chunk(rows, ROWS_PER_INSERT)) await ptx.insertInto('consent_signals').values(part).execute();
}

/** The rows of these events, rewritten from what they carry now (an upsert or an erasure changed their data). */
export async function replaceSignalRows(tx: Tx, eventIds: readonly string[], rows: readonly SignalRow[]): Promise<void> {
  const ptx = (tx as Kysely<Schema>).withTables<PrivacyTables>();
  for (const part of chunk(eventIds, MAX_IN_LIST)) await ptx.deleteFrom('consent_signals').where('event_id', 'in', part).execute();
  await insertSignalRows(tx, rows);
}

/**
 * Ingest write hook: new events' signals in one multi-row insert (none for a batch without any), re-stamped
 * events' rows replaced. No read: the outcome carries each item's data and its survivor.
 */
export async function recordConsentSignals(tx: Transaction<Schema>, outcome: IngestOutcome): Promise<void> {
  const rows: SignalRow[] = [];
  for (const item of outcome.created) {
    const r = itemRows(item);
    if (r.length > 0) rows.push(...r);
  }
  if (rows.length > 0) await insertSignalRows(tx, rows);
  const updated = outcome.updated ?? [];
  // A re-stamped item may have stopped (or started) carrying a signal: its old rows go either way.
  if (updated.length > 0) await replaceSignalRows(tx, updated.map((i) => i.id), updated.flatMap(itemRows));
}

/** Each channel's consent of a survivor: per channel, the rows at its latest signal time (an index seek each). */
export async function consentsFromTable(db: Kysely<Schema>, survivorId: string): Promise<ChannelConsent[]> {
  const pdb = privacyDb(db);
  const perChannel = await Promise.all(
    CONSENT_CHANNELS.map((channel) =>
      pdb
        .selectFrom('consent_signals')
        .selectAll()
        .where('customer_id', '=', survivorId)
        .where('consent_channel', '=', channel)
        // Every row at the latest time: ties are broken by event id the way the reader does (JS string order).
        .where('occurred_at_us', '=', (eb) =>
          eb
            .selectFrom('consent_signals')
            .select((m) => m.fn.max('occurred_at_us').as('t'))
            .where('customer_id', '=', survivorId)
            .where('consent_channel', '=', channel),
        )
        .execute(),
    ),
  );
  return consentsFromSignals(perChannel.flat().map(fromRow));
}

function fromRow(r: SignalRow): ChannelSignal {
  return {
    eventId: r.event_id,
    channel: r.consent_channel as ChannelSignal['channel'],
    granted: Number(r.granted) === 1,
    what: r.what,
    occurredAt: Number(r.occurred_at_us),
    source: r.source,
    eventChannel: r.event_channel,
    eventType: r.event_type,
    inboundText: Number(r.inbound_text) === 1,
  };
}
