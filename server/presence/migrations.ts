import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Agent presence (issue 11, routing). Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function presenceMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0022_presence': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('agent_presence')
          .addColumn('user_id', 'text', (c) => c.primaryKey())
          // What routing sees: online | away | offline.
          .addColumn('state', 'text', (c) => c.notNull())
          // What the agent chose; a reconnect restores it after the hub marked the connection lost.
          .addColumn('chosen', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('since_us', 'bigint', (c) => c.notNull())
          // When the user stopped being online (kept from away to offline; null while online): the grace period runs from it.
          .addColumn('left_online_us', 'bigint')
          // Last time a hub held a live connection of this user (written every few seconds by that hub).
          .addColumn('heartbeat_us', 'bigint', (c) => c.notNull())
          .addColumn('hub_id', 'text', (c) => c.notNull())
          .execute();
        // The staleness sweep and "who is online" read by state.
        await db.schema.createIndex('agent_presence_state').on('agent_presence').columns(['state', 'heartbeat_us']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('agent_presence').ifExists().execute();
      },
    },
  };
}
