import type { Kysely, Transaction } from 'kysely';
import type { ConversationTables } from '../conversations/tables.js';
import type { PresenceTables } from '../presence/tables.js';
import type { UserTables } from '../users/user-tables.js';
import type { Db, Schema } from '../storage/schema.js';

/** The routing feature's tables (migration 0023), typed here so storage/schema.ts stays untouched. */
export type RoutingOffersTable = {
  id: string;
  conversation_id: string;
  user_id: string;
  status: string;
  created_at_us: number;
  expires_at_us: number;
  resolved_at_us: number | null;
};
export type RoutingQueueSettingsTable = { queue_id: string; units: string; updated_at_us: number };
export type RoutingLogTable = { id: string; conversation_id: string; user_id: string; kind: string; reason: string | null; at_us: number };

export type RoutingTables = {
  routing_offers: RoutingOffersTable;
  routing_queue_settings: RoutingQueueSettingsTable;
  routing_log: RoutingLogTable;
};

/** Routing reads conversations, presence, users and teams beside its own tables. */
export type RoutingSchema = Schema & RoutingTables & ConversationTables & PresenceTables & UserTables;
export type RoutingDb = Kysely<RoutingSchema>;
export type RoutingTx = Transaction<RoutingSchema>;
export const routingDb = (db: Db): RoutingDb => db.withTables<RoutingTables & ConversationTables & PresenceTables & UserTables>();
