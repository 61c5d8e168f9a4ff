import type { Dialect } from './schema.js';

/*
 * Every table that holds a customer id, and what a merge and its undo do to it. Ingest merges, manual
 * merges and undo all move rows through this list (server/merges/owned-rows.ts), so a new table keyed by
 * customer is declared here once, or the merge-undo property test fails: it reads the live schema of both
 * backends and compares every customer-key column (CUSTOMER_KEY_COLUMN) with this list.
 *
 * Treatments:
 * - `customer`: the customers table itself (merged_into set by the merge, cleared by the undo; counters recomputed).
 * - `moves`: rows follow the customer. The merge moves `customerColumn` from the merged-away customer to the
 *   survivor. The undo puts them back exactly, either by the merge record (`undo: 'recorded'`: the merge keeps
 *   the keys of the rows it moved, in `merges.moved`) or by the row's event (`undo: 'follows-event'`: the row
 *   takes the customer its event has once the events are back). `identityReplay` tables also hold rows created
 *   AFTER the merge: the undo sends those where the identity replay of their event decides (undo-write.ts),
 *   and their `originColumn` becomes that side.
 * - `resolved-at-read`: rows keep the id they were written with; readers follow merged_into to the survivor.
 * - `derived`: rebuilt from the customer's other rows by their owner (trigger in the same transaction, or a
 *   service after the commit), never moved here.
 * - `kept`: rows say what happened to that id at the time; moving them would rewrite history. `appendOnly`
 *   tables grow with each merge and undo (the merge log itself), so "undo restores every row" skips them.
 */

/**
 * How a column holding a customer id must be named: `customer_id` or `<role>_customer_id`, or one of the names
 * older tables use for the two sides of a pair. The registry check finds customer keys by this name only.
 */
export const CUSTOMER_KEY_COLUMN = /(^|_)customer_id$|^(other_id|from_id|into_id|merged_into)$/;

interface Declared {
  table: string;
  /** Every column of the table matching CUSTOMER_KEY_COLUMN, and any other column holding customer ids. */
  customerKeys: readonly string[];
  /** Present only on these backends (default: both). */
  dialects?: readonly Dialect[];
  /** Columns whose value is reassigned when the owner rewrites a row (not content): "restored exactly" ignores them. */
  surrogateColumns?: readonly string[];
  why: string;
}

export interface MovedByRecord extends Declared {
  treatment: 'moves';
  undo: 'recorded';
  customerColumn: string;
  /**
   * Primary key (1 or 2 columns): the merge record lists moved rows by it. It must not contain `customerColumn`:
   * the key would change with the move, and two customers holding the same other part would collide on merge.
   */
  key: readonly [string] | readonly [string, string];
  /** Column naming the customer the row was created for (kept by a merge, set by the identity replay). */
  originColumn?: string;
  identityReplay?: true;
}

export interface MovedWithEvent extends Declared {
  treatment: 'moves';
  undo: 'follows-event';
  customerColumn: string;
  /** Column holding events.id. */
  eventColumn: string;
}

export type CustomerOwnedTable =
  | (Declared & { treatment: 'customer' })
  | MovedByRecord
  | MovedWithEvent
  | (Declared & { treatment: 'resolved-at-read' })
  | (Declared & {
      treatment: 'derived';
      /** In the merge's transaction (triggers), or by a service after the commit (then not comparable right after an undo). */
      maintained: 'in-transaction' | 'after-commit';
      /** In-transaction tables not kept by triggers: the rebuild merges and undos run for both customers (merges/owned-rows.ts). */
      rebuild?: 'customer-stats';
    })
  | (Declared & { treatment: 'kept'; appendOnly?: true });

export const CUSTOMER_OWNED_TABLES: readonly CustomerOwnedTable[] = [
  {
    table: 'customers',
    customerKeys: ['merged_into'],
    treatment: 'customer',
    why: 'the customer itself: merged_into points at the survivor while a merge is in effect',
  },
  {
    table: 'identifiers',
    customerKeys: ['customer_id', 'origin_customer_id'],
    treatment: 'moves',
    undo: 'recorded',
    customerColumn: 'customer_id',
    key: ['kind', 'value'],
    originColumn: 'origin_customer_id',
    identityReplay: true,
    why: 'an identifier always points at an active customer (ingest looks owners up by it)',
  },
  {
    table: 'events',
    customerKeys: ['customer_id', 'origin_customer_id'],
    treatment: 'moves',
    undo: 'recorded',
    customerColumn: 'customer_id',
    key: ['id'],
    originColumn: 'origin_customer_id',
    identityReplay: true,
    why: "the timeline is the survivor's events",
  },
  {
    table: 'event_refs',
    customerKeys: ['customer_id'],
    treatment: 'moves',
    undo: 'follows-event',
    customerColumn: 'customer_id',
    eventColumn: 'event_id',
    why: 'order / receipt numbers find the customer holding the event',
  },
  {
    table: 'outbox_messages',
    customerKeys: ['customer_id'],
    treatment: 'moves',
    undo: 'follows-event',
    customerColumn: 'customer_id',
    eventColumn: 'event_id',
    why: "an outbound reply follows its timeline item (server/outbound): the survivor's SMS frequency cap counts both sides' texts",
  },
  {
    table: 'consent_signals',
    customerKeys: ['customer_id'],
    treatment: 'moves',
    undo: 'follows-event',
    customerColumn: 'customer_id',
    eventColumn: 'event_id',
    why: "each channel's consent signal, one row per event carrying one (server/privacy/consent-signals.ts): the survivor's consent reads both sides' signals",
  },
  {
    table: 'customer_names',
    customerKeys: ['customer_id'],
    dialects: ['sqlite'],
    surrogateColumns: ['doc'],
    treatment: 'derived',
    maintained: 'in-transaction',
    why: 'the SQLite name-search index of ACTIVE customers, kept by triggers on customers (migration 0009)',
  },
  {
    table: 'customer_order_money',
    customerKeys: ['customer_id'],
    treatment: 'derived',
    maintained: 'in-transaction',
    rebuild: 'customer-stats',
    why: "per-order money behind the profile stats on the customer's row (customers/customer-stats.ts); a merge or undo rebuilds both customers' orders and stats from their events",
  },
  {
    table: 'customer_values',
    customerKeys: ['customer_id'],
    treatment: 'derived',
    maintained: 'after-commit',
    why: "customer value, rebuilt from the customer's purchase events by the value service after every merge and undo",
  },
  {
    table: 'match_profiles',
    customerKeys: ['customer_id'],
    treatment: 'derived',
    maintained: 'after-commit',
    why: "the duplicate matcher's record per active customer, rebuilt by identity/matching/match-index.ts after merges and undos",
  },
  {
    table: 'match_keys',
    customerKeys: ['customer_id'],
    treatment: 'derived',
    maintained: 'after-commit',
    why: "the duplicate matcher's blocking keys, rebuilt with match_profiles",
  },
  {
    table: 'identity_links',
    customerKeys: ['customer_id', 'other_id'],
    treatment: 'resolved-at-read',
    why: 'household links name the ids of the time; readers follow merged_into (identity/household-links.ts survivors())',
  },
  {
    table: 'conversations',
    customerKeys: ['customer_id'],
    treatment: 'moves',
    undo: 'recorded',
    customerColumn: 'customer_id',
    key: ['id'],
    why: "a customer's conversations follow the person (the survivor's inbox has both sides'); the undo sends each back exactly",
  },
  {
    table: 'action_feedback',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    why: "an agent's feedback on an action id that embeds this customer id; the survivor's actions carry its own id",
  },
  {
    table: 'action_interest',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    why: 'who looked at this id lately (expires within minutes); after a merge the console asks again for the survivor',
  },
  {
    table: 'audit_log',
    // Customer ids when subject_type is 'customer' (merges and undos name both customers).
    customerKeys: ['subject_id', 'related_id'],
    treatment: 'kept',
    appendOnly: true,
    why: 'who merged or undid what, as it happened',
  },
  {
    table: 'pii_reveals',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    why: 'a reveal names the survivor it was granted on, for minutes; a later merge or undo must not widen it to another customer',
  },
  {
    table: 'customer_activity',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    why: 'who is viewing or replying to this id (expires within seconds, server/collision); after a merge the console signals again for the survivor',
  },
  {
    table: 'metrics_contacts',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    why: 'a wait leg as it happened (server/metrics); floor figures count contacts, and first-contact resolution reads the id of the time',
  },
  {
    table: 'metrics_ratings',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    why: 'a CSAT rating as ingested (server/metrics); the floor averages ratings, not people',
  },
  {
    table: 'customer_views',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    why: 'when a user last opened this id (coalesces customer.view audit rows); the audit log keeps the history',
  },
  {
    table: 'privacy_tombstones',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    why: 'what an erasure left (hashes only): the erased customer a retried old event is answered with (server/privacy)',
  },
  {
    table: 'privacy_erasures',
    customerKeys: ['customer_id'],
    treatment: 'kept',
    appendOnly: true,
    why: 'the record of an erasure of that id, as it happened (server/privacy)',
  },
  {
    table: 'privacy_requests',
    customerKeys: ['customer_id'],
    treatment: 'resolved-at-read',
    why: "a sender's privacy request names the customer of the time; the admin list shows it by id (server/privacy)",
  },
  {
    table: 'merges',
    customerKeys: ['from_id', 'into_id'],
    treatment: 'kept',
    appendOnly: true,
    why: 'the merge record itself: the undo reads from_id / into_id',
  },
];

/** The tables a merge moves rows of, the ones the undo restores from the merge record first. */
export function movedTables(): { byRecord: MovedByRecord[]; withEvent: MovedWithEvent[] } {
  const byRecord: MovedByRecord[] = [];
  const withEvent: MovedWithEvent[] = [];
  for (const t of CUSTOMER_OWNED_TABLES) {
    if (t.treatment !== 'moves') continue;
    if (t.undo === 'recorded' && t.key.includes(t.customerColumn)) throw new Error(`customer-owned table ${t.table}: its key must not contain ${t.customerColumn} (see MovedByRecord.key)`);
    if (t.undo === 'recorded') byRecord.push(t);
    else withEvent.push(t);
  }
  return { byRecord, withEvent };
}

/** The rebuilds a merge or undo runs, once each, after moving rows. */
export function inTransactionRebuilds(): 'customer-stats'[] {
  return [...new Set(CUSTOMER_OWNED_TABLES.flatMap((t) => (t.treatment === 'derived' && t.rebuild ? [t.rebuild] : [])))];
}
