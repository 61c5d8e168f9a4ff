import type { Kysely } from 'kysely';
import type { Db, Schema } from '../storage/schema.js';

/**
 * One live signal (migration 0032): a user viewing a customer, or replying on a channel. A row lives
 * until `expires_at_us`; every hub sweeps expired rows, so the table only holds what is happening now.
 */
export type CustomerActivityTable = {
  customer_id: string;
  user_id: string;
  /** 'viewing' | 'composing' */
  kind: string;
  /** The reply channel for composing; '' for viewing (part of the key). */
  channel: string;
  conversation_id: string | null;
  started_at_us: number;
  expires_at_us: number;
};

export type CollisionTables = { customer_activity: CustomerActivityTable };
export type CollisionDb = Kysely<Schema & CollisionTables>;
export const collisionDb = (db: Db): CollisionDb => db.withTables<CollisionTables>();
