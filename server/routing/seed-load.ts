/*
 * A routing floor written straight into the tables, fast: agents (online, each in two of the queues),
 * queues (teams) and waiting conversations with mixed priorities, channels, ages and returning customers.
 * For the concurrency proof (routing-concurrency.test.ts) and the benchmark (bench/routing-bench.ts).
 * Not imported by production code.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Channel, Priority } from '../../shared/index.js';
import { NO_DEADLINE_US, type ConversationsTable } from '../conversations/tables.js';
import type { Db } from '../storage/schema.js';
import { routingDb } from './tables.js';

export interface LoadShape {
  agents: number;
  queues: number;
  conversations: number;
  /** Distinct customers the conversations belong to (fewer than conversations: some return). */
  customers: number;
  /** Deterministic variety. */
  seed?: number;
}

export interface SeededLoad {
  agentIds: string[];
  queueIds: string[];
  conversationIds: string[];
}

const CHANNELS: Channel[] = ['chat', 'chat', 'email', 'email', 'email', 'sms', 'phone'];
const PRIORITIES: Priority[] = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'];
const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedRoutingLoad(db: Db, shape: LoadShape): Promise<SeededLoad> {
  const r = routingDb(db);
  const rand = prng(shape.seed ?? 42);
  const nowUs = Date.now() * 1000;
  const pad = (n: number) => String(n).padStart(6, '0');
  const queueIds = Array.from({ length: shape.queues }, (_, i) => `team_load_${pad(i)}`);
  const agentIds = Array.from({ length: shape.agents }, (_, i) => `usr_load_${pad(i)}`);
  await r
    .insertInto('teams')
    .values(queueIds.map((id, i) => ({ id, key: `load-${i}`, name: `Load queue ${i}`, name_folded: `load queue ${i}`, description: null, created_at_us: nowUs })))
    .execute();
  for (let i = 0; i < agentIds.length; i += 500) {
    const chunk = agentIds.slice(i, i + 500);
    await r
      .insertInto('users')
      .values(chunk.map((id) => ({ id, email: `${id}@load.example`, name: `Agent ${id.slice(-4)}`, role: 'agent', password_hash: 'x', created_at_us: nowUs, active: 1, password_change_required: 0, deactivated_at_us: null, last_seen_us: null })))
      .execute();
    // Each agent serves two neighbouring queues.
    await r
      .insertInto('team_members')
      .values(chunk.flatMap((user_id, j) => [0, 1].map((k) => ({ team_id: queueIds[(i + j + k) % queueIds.length]!, user_id, added_at_us: nowUs }))))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await r
      .insertInto('agent_presence')
      .values(chunk.map((user_id) => ({ user_id, state: 'online', chosen: 'online', reason: 'chosen', since_us: nowUs, left_online_us: null, heartbeat_us: nowUs, hub_id: 'seed' })))
      .execute();
  }
  const conversationIds: string[] = [];
  const rows: ConversationsTable[] = [];
  for (let i = 0; i < shape.conversations; i++) {
    const id = `cnv_load_${pad(i)}`;
    conversationIds.push(id);
    const priority = PRIORITIES[Math.floor(rand() * PRIORITIES.length)]!;
    const channel = CHANNELS[Math.floor(rand() * CHANNELS.length)]!;
    const created = nowUs - Math.floor(rand() * 3_600_000_000);
    rows.push({
      id,
      customer_id: `cus_load_${pad(Math.floor(rand() * shape.customers))}`,
      status: 'open',
      snoozed_until_us: null,
      priority,
      priority_rank: RANK[priority],
      queue_id: queueIds[i % queueIds.length]!,
      assignee_id: null,
      tags: '[]',
      subject: `Load ${i}`,
      channels: JSON.stringify([channel]),
      created_at_us: created,
      updated_at_us: created,
      last_activity_us: created,
      first_response_at_us: null,
      last_customer_message_at_us: created,
      waiting_since_us: created,
      solved_at_us: null,
      closed_at_us: null,
      sla_policy_id: 'load',
      first_response_due_us: null,
      next_response_due_us: null,
      resolution_due_us: null,
      sla_due_us: NO_DEADLINE_US,
      pauses: '[]',
      item_count: 0,
    });
  }
  for (let i = 0; i < rows.length; i += 1000) await r.insertInto('conversations').values(rows.slice(i, i + 1000)).execute();
  // A bulk load is followed by ANALYZE, as autovacuum soon does on a live PostgreSQL hub: without statistics the
  // planner guesses one row per partial index and reads the whole line with a sort instead of walking it in order.
  if (r.getExecutor().adapter instanceof PostgresAdapter) await sql`analyze conversations, agent_presence, team_members, users`.execute(r);
  return { agentIds, queueIds, conversationIds };
}
