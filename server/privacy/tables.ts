import type { Kysely, Transaction } from 'kysely';
import type { Db, Schema } from '../storage/schema.js';

/* Rows of migrations 0019 and 0046 (migrations.ts), typed beside the hub's tables without touching storage/schema.ts. */

export type PrivacyTables = {
  privacy_tombstones: { hash: string; kind: string; erasure_id: string; event_id: string | null; customer_id: string; created_at_us: number };
  privacy_erasures: { id: string; customer_id: string; erased_ids: string; reason: string; actor: string; at_us: number; counts: string };
  privacy_requests: {
    id: string;
    kind: string;
    connector: string;
    shop: string | null;
    delivery_key: string;
    customer_id: string | null;
    description: string;
    status: string;
    received_at_us: number;
    resolved_at_us: number | null;
  };
  /** One per (event, consent channel) the event carries a signal for (consent-signals.ts). */
  consent_signals: {
    event_id: string;
    consent_channel: string;
    customer_id: string;
    occurred_at_us: number;
    /** 1 granted, 0 denied. */
    granted: number;
    what: string;
    source: string;
    event_channel: string;
    event_type: string;
    /** 1 when the event is a text message from the customer. */
    inbound_text: number;
  };
};
export type PrivacyDb = Kysely<Schema & PrivacyTables>;
export type PrivacyTx = Transaction<Schema & PrivacyTables>;
export const privacyDb = (db: Db): PrivacyDb => db.withTables<PrivacyTables>();
export const privacyTx = (tx: Transaction<Schema>): PrivacyTx => tx.withTables<PrivacyTables>();
