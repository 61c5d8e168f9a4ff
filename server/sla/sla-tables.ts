import type { Kysely, Transaction } from 'kysely';
import type { ConversationTables } from '../conversations/tables.js';
import type { UserTables } from '../users/user-tables.js';
import type { Db, Schema } from '../storage/schema.js';

/* The SLA feature's own tables (migrations 0024 and 0025), typed here so storage/schema.ts stays untouched. */

export type SlaTables = {
  /** One row per queue (team id) with stored settings; a queue without one uses the default policy. */
  sla_queue_settings: {
    queue_id: string;
    /** JSON QueueSlaUpdate (shared/sla.ts), parsed on every read. */
    settings: string;
    updated_at_us: number;
    updated_by: string;
  };
  /**
   * What the sweep told people: one row per conversation, clock, level and deadline. The primary key makes
   * "insert, emit only if inserted" exactly once across restarts and hubs; a recomputed (later) deadline is a new row.
   */
  sla_notifications: {
    conversation_id: string;
    kind: string;
    level: string;
    due_us: number;
    notified_at_us: number;
  };
};

export type SlaSchema = Schema & SlaTables & ConversationTables & UserTables;
export type SlaDb = Kysely<SlaSchema>;
export type SlaTx = Transaction<SlaSchema>;
export const slaDb = (db: Db): SlaDb => db.withTables<SlaTables & ConversationTables & UserTables>();
