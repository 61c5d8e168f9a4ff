import type { Kysely } from 'kysely';
import type { Db, Schema } from '../storage/schema.js';

/** The presence feature's table (migration 0022), typed here so storage/schema.ts stays untouched. */
export type AgentPresenceTable = {
  user_id: string;
  state: string;
  chosen: string;
  reason: string;
  since_us: number;
  /** When the user stopped being online (null while online). */
  left_online_us: number | null;
  heartbeat_us: number;
  hub_id: string;
};

export type PresenceTables = { agent_presence: AgentPresenceTable };
export type PresenceDb = Kysely<Schema & PresenceTables>;
export const presenceDb = (db: Db): PresenceDb => db.withTables<PresenceTables>();
