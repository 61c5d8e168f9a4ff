import type { Kysely } from 'kysely';
import type { ConversationTables } from '../conversations/tables.js';
import type { PresenceTables } from '../presence/tables.js';
import type { RoutingTables } from '../routing/tables.js';
import type { UserTables } from '../users/user-tables.js';
import type { Db, Schema } from '../storage/schema.js';

/** The metrics feature's tables (migrations 0027 and 0037), typed here so storage/schema.ts stays untouched. */
export type MetricsContactsTable = {
  id: string;
  conversation_id: string | null;
  call_sid: string | null;
  customer_id: string | null;
  queue_id: string | null;
  channel: string;
  arrived_us: number;
  answered_us: number | null;
  ended_us: number | null;
  /** waiting | answered | abandoned | transferred */
  outcome: string;
  agent_id: string | null;
  handle_sec: number | null;
  /** Bumped on every change: a hub folds a row only when it is newer than what it holds. */
  version: number;
  /** When a hub last wrote the row: the change feed the other hubs read. */
  changed_us: number;
};

/** Agent presence over time (presence keeps only the current state): occupancy's denominator. */
export type MetricsAgentStatesTable = {
  user_id: string;
  state: string;
  from_us: number;
  /** null while the state lasts. */
  to_us: number | null;
};

export type MetricsSettingsTable = { id: string; settings: string; updated_at_us: number; updated_by: string };

/** Satisfaction ratings ingested (`survey.csat` events): 1..5. */
export type MetricsRatingsTable = { event_id: string; conversation_id: string | null; customer_id: string; queue_id: string | null; channel: string; rating: number; at_us: number };

/** Migration 0037: which hub pushes a change no fact caused (a waiting contact passing T): the first to insert the claim. */
export type MetricsPushClaimsTable = { claim: string; at_us: number };

export type MetricsTables = {
  metrics_push_claims: MetricsPushClaimsTable;
  metrics_contacts: MetricsContactsTable;
  metrics_agent_states: MetricsAgentStatesTable;
  metrics_settings: MetricsSettingsTable;
  metrics_ratings: MetricsRatingsTable;
};
/** With the tables the floor reads from other features (conversations, presence, routing units, teams). */
type FloorTables = MetricsTables & ConversationTables & PresenceTables & RoutingTables & UserTables;
export type MetricsDb = Kysely<Schema & FloorTables>;
export const metricsDb = (db: Db): MetricsDb => db.withTables<FloorTables>();
