import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';

/* Team-lead floor (issue 13): contact legs, agent states over time, lead settings, ratings, and the backlog's index. Names never change. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function metricsMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    '0027_metrics': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('metrics_contacts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('conversation_id', 'text')
          .addColumn('call_sid', 'text')
          .addColumn('customer_id', 'text')
          .addColumn('queue_id', 'text')
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('arrived_us', 'bigint', (c) => c.notNull())
          .addColumn('answered_us', 'bigint')
          .addColumn('ended_us', 'bigint')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'text')
          .addColumn('handle_sec', 'double precision')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('changed_us', 'bigint', (c) => c.notNull())
          .execute();
        // Today's load and the interval history read by arrival; the other hubs read the change feed.
        await db.schema.createIndex('metrics_contacts_by_arrival').on('metrics_contacts').columns(['arrived_us']).execute();
        await db.schema.createIndex('metrics_contacts_by_change').on('metrics_contacts').columns(['changed_us']).execute();
        await db.schema.createIndex('metrics_contacts_running').on('metrics_contacts').columns(['ended_us']).execute();
        await db.schema
          .createTable('metrics_agent_states')
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('from_us', 'bigint', (c) => c.notNull())
          .addColumn('to_us', 'bigint')
          .execute();
        await db.schema.createIndex('metrics_agent_states_by_user').on('metrics_agent_states').columns(['user_id', 'from_us']).execute();
        await db.schema.createIndex('metrics_agent_states_by_end').on('metrics_agent_states').columns(['to_us']).execute();
        await db.schema
          .createTable('metrics_settings')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('settings', 'text', (c) => c.notNull())
          .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('metrics_ratings')
          .addColumn('event_id', 'text', (c) => c.primaryKey())
          .addColumn('conversation_id', 'text')
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('queue_id', 'text')
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('rating', 'integer', (c) => c.notNull())
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('metrics_ratings_by_time').on('metrics_ratings').columns(['at_us']).execute();
      },
      async down(db: AnyDb) {
        for (const t of ['metrics_ratings', 'metrics_settings', 'metrics_agent_states', 'metrics_contacts']) await db.schema.dropTable(t).ifExists().execute();
      },
    },
    // Two hubs both see a waiting contact pass T; the one that inserts the claim first pushes (once per change).
    '0037_metrics_push_claims': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('metrics_push_claims')
          .addColumn('claim', 'text', (c) => c.primaryKey())
          .addColumn('at_us', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('metrics_push_claims_by_time').on('metrics_push_claims').columns(['at_us']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('metrics_push_claims').ifExists().execute();
      },
    },
    // The floor's reads every few seconds (floor-reads.ts): the backlog groups the waiting conversations by queue and
    // channel list by SLA state, the agents' held work by queue, channel list and assignee. This index holds every
    // column both read, in their group order.
    '0044_conversations_backlog': {
      async up(db: AnyDb) {
        await db.schema.createIndex('conversations_backlog').on('conversations').columns(['status', 'queue_id', 'channels', 'assignee_id', 'sla_due_us', 'waiting_since_us']).execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropIndex('conversations_backlog').ifExists().execute();
      },
    },
  };
}
