import type { Generated, Kysely } from 'kysely';
import type { Db, Schema } from '../storage/schema.js';

/* The columns and tables of migration 0016 (server/users/migrations.ts), typed beside the hub's own (storage/schema.ts stays untouched). */

export type UserTables = {
  users: {
    /** 1 active, 0 deactivated (cannot sign in, no sessions). */
    active: Generated<number>;
    /** 1 until the user replaces a one-time password with their own. */
    password_change_required: Generated<number>;
    deactivated_at_us: number | null;
    /** Last sign-in or use of any session (written at most once a minute per session); null: never signed in. */
    last_seen_us: number | null;
  };
  teams: { id: string; key: string; name: string; name_folded: string; description: string | null; created_at_us: number };
  team_members: { team_id: string; user_id: string; added_at_us: number };
};
export type UsersDb = Kysely<Schema & UserTables>;
export const usersDb = (db: Db): UsersDb => db.withTables<UserTables>();
