import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Routing (issue 11). Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function routingMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0023_routing': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('routing_offers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          // pending | accepted | declined | expired | withdrawn
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at_us', 'bigint', (c) => c.notNull())
          .addColumn('expires_at_us', 'bigint', (c) => c.notNull())
          .addColumn('resolved_at_us', 'bigint')
          .execute();
        // At most one live offer per conversation and one per agent, on every hub: a racing second insert is a no-op.
        await sql`create unique index routing_offers_one_per_conversation on routing_offers (conversation_id) where status = 'pending'`.execute(db);
        await sql`create unique index routing_offers_one_per_agent on routing_offers (user_id) where status = 'pending'`.execute(db);
        // Declined or expired offers are never made again to that agent for that conversation.
        await db.schema.createIndex('routing_offers_by_conversation_user').on('routing_offers').columns(['conversation_id', 'user_id', 'status']).execute();
        await db.schema.createIndex('routing_offers_by_user').on('routing_offers').columns(['user_id', 'created_at_us']).execute();
        await sql`create index routing_offers_expiry on routing_offers (expires_at_us) where status = 'pending'`.execute(db);

        await db.schema
          .createTable('routing_queue_settings')
          .addColumn('queue_id', 'text', (c) => c.primaryKey())
          // JSON: units per channel overriding the defaults (shared/routing.ts).
          .addColumn('units', 'text', (c) => c.notNull())
          .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
          .execute();

        // Conversation history of routing: offers, answers, pulls and releases with their reason.
        await db.schema
          .createTable('routing_log')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('routing_log_by_conversation').on('routing_log').columns(['conversation_id', 'at_us']).execute();

        // The waiting line: open, unassigned work by priority then waiting time, globally and per queue. The
        // leading (status, assignee_id) match the line's equality conditions, so planners walk it in order.
        await sql`create index conversations_routing_waiting on conversations (status, assignee_id, priority_rank, (coalesce(waiting_since_us, created_at_us)), id) where status = 'open' and assignee_id is null`.execute(db);
        await sql`create index conversations_routing_queue on conversations (queue_id, status, assignee_id, priority_rank, (coalesce(waiting_since_us, created_at_us)), id) where status = 'open' and assignee_id is null`.execute(db);
      },
      async down(db: AnyDb) {
        await sql`drop index if exists conversations_routing_queue`.execute(db);
        await sql`drop index if exists conversations_routing_waiting`.execute(db);
        await db.schema.dropTable('routing_log').ifExists().execute();
        await db.schema.dropTable('routing_queue_settings').ifExists().execute();
        await db.schema.dropTable('routing_offers').ifExists().execute();
      },
    },
    '0040_routing_scope_line': {
      // The line of work without a queue, as its own partial index: with the queue index's leading queue_id
      // matched by `is null`, SQLite's planner preferred walking the whole global line (10,000 rows) instead.
      async up(db: AnyDb) {
        await sql`create index conversations_routing_scope on conversations ((coalesce(queue_id, '')), priority_rank, (coalesce(waiting_since_us, created_at_us)), id) where status = 'open' and assignee_id is null`.execute(db);
      },
      async down(db: AnyDb) {
        await sql`drop index if exists conversations_routing_scope`.execute(db);
      },
    },
  };
}
