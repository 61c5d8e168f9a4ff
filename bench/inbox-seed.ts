/*
 * Setup for the inbox bench (not measured): queues, agents and open conversations written straight into an
 * already loaded SQLite data dir in bulk, with a realistic spread over queues (skewed), statuses, priorities,
 * assignees and SLA deadlines (most ahead, some at risk, a few breached, some with none running), plus solved
 * history that the inbox must skip. One bench agent signs in: its conversations are the "Mine" view.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { userActor, type Actor } from '../shared/index.js';
import { hashPassword } from '../server/auth/passwords.js';
import { NO_DEADLINE_US } from '../server/conversations/tables.js';
import { PRIORITY_RANK } from '../server/conversations/rows.js';
import type { SqlDomain } from '../server/create-domain.js';
import { mulberry32 } from './dataset.js';

export const INBOX_AGENT = { email: 'inbox-agent-000@bench.local', password: 'bench-inbox-agent-password' };
export const INBOX_QUEUES = 12;
export const INBOX_AGENTS = 60;

export interface InboxSeed {
  /** Conversations in the work statuses (open, pending) after seeding. */
  work: number;
  /** All conversations in the table (solved, snoozed history included). */
  total: number;
  agentId: string;
  token: string;
  actor: Actor;
  /** The busiest queue (the "a queue" view). */
  queueId: string;
  mine: number;
}

const pad = (n: number) => String(n).padStart(4, '0');
const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'normal', 'high', 'high', 'urgent'] as const;
const CHANNELS = ['email', 'email', 'email', 'chat', 'chat', 'sms', 'phone'] as const;

/**
 * Tops the work up to `target` open + pending conversations (ingest's grouping already opened some), one per
 * active customer in turn, and adds solved history for every fifth customer. Returns the signed-in agent.
 */
export async function seedInbox(domain: SqlDomain, target: number, nowMs: number): Promise<InboxSeed> {
  if (domain.database.raw.dialect !== 'sqlite') throw new Error('the inbox bench seeds SQLite');
  const db: BetterSqlite3.Database = domain.database.raw.sqlite;
  const nowUs = nowMs * 1000;
  const rnd = mulberry32(17);
  const queueIds = Array.from({ length: INBOX_QUEUES }, (_, i) => `team_inbox_${pad(i)}`);
  const agentIds = Array.from({ length: INBOX_AGENTS }, (_, i) => `usr_inbox_${pad(i)}`);
  const hash = await hashPassword(INBOX_AGENT.password);
  db.transaction(() => {
    const team = db.prepare('insert or ignore into teams (id, key, name, name_folded, description, created_at_us) values (?, ?, ?, ?, null, ?)');
    queueIds.forEach((id, i) => team.run(id, `inbox-${i}`, `Inbox queue ${i}`, `inbox queue ${i}`, nowUs));
    const user = db.prepare("insert or ignore into users (id, email, name, role, password_hash, created_at_us, active, password_change_required, deactivated_at_us, last_seen_us) values (?, ?, ?, 'agent', ?, ?, 1, 0, null, null)");
    agentIds.forEach((id, i) => user.run(id, `inbox-agent-${pad(i).slice(1)}@bench.local`, `Inbox Agent ${i}`, hash, nowUs));
    const member = db.prepare('insert or ignore into team_members (team_id, user_id, added_at_us) values (?, ?, ?)');
    agentIds.forEach((id, i) => {
      member.run(queueIds[i % INBOX_QUEUES]!, id, nowUs);
      member.run(queueIds[(i + 1) % INBOX_QUEUES]!, id, nowUs);
    });
  })();

  const count = (where: string) => Number((db.prepare(`select count(*) as n from conversations where ${where}`).get() as { n: number }).n);
  const need = Math.max(0, target - count("status in ('open', 'pending')"));
  const customers = db.prepare('select id from customers where merged_into is null order by id').pluck().all() as string[];
  if (customers.length === 0) throw new Error('inbox bench: no customers (run the ingest load first)');
  const insert = db.prepare(
    `insert or ignore into conversations (id, customer_id, status, snoozed_until_us, priority, priority_rank, queue_id, assignee_id, tags, subject, channels, created_at_us, updated_at_us, last_activity_us,
       first_response_at_us, last_customer_message_at_us, waiting_since_us, solved_at_us, closed_at_us, sla_policy_id, first_response_due_us, next_response_due_us, resolution_due_us, sla_due_us, pauses, item_count)
     values (?, ?, ?, null, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?, null, 'default', ?, ?, ?, ?, '[]', ?)`,
  );
  // Skewed queues: the first few carry most of the work, like a real floor (billing, orders, returns...).
  const queueOf = () => queueIds[Math.min(INBOX_QUEUES - 1, Math.floor(INBOX_QUEUES * rnd() * rnd()))]!;
  const row = (i: number, customerId: string, status: 'open' | 'pending' | 'solved') => {
    const priority = PRIORITIES[Math.floor(rnd() * PRIORITIES.length)]!;
    const channel = CHANNELS[Math.floor(rnd() * CHANNELS.length)]!;
    const created = nowUs - Math.floor(rnd() * 30 * 86_400_000_000);
    const assigned = rnd() < 0.6;
    // The bench agent holds about 1.5% of the assigned work (a busy agent's inbox, several pages).
    const assignee = assigned ? (rnd() < 0.015 ? agentIds[0]! : agentIds[1 + Math.floor(rnd() * (INBOX_AGENTS - 1))]!) : null;
    const answered = assigned && rnd() < 0.7;
    const firstDue = answered ? null : created + 4 * 3_600_000_000;
    const roll = rnd();
    // Deadlines: most ahead (up to 3 days), some at risk, a few breached, 10% with none running (pending, no policy).
    const due = status === 'solved' || roll < 0.1 ? null : roll < 0.15 ? nowUs - Math.floor(rnd() * 86_400_000_000) : nowUs + Math.floor(rnd() * 3 * 86_400_000_000);
    const solvedAt = status === 'solved' ? created + Math.floor(rnd() * 86_400_000_000) : null;
    insert.run(
      `cnv_inbox_${String(i).padStart(7, '0')}`, customerId, status, priority, PRIORITY_RANK[priority], queueOf(), assignee, `Bench conversation ${i}`, JSON.stringify([channel]),
      created, created, created, answered ? created + 600_000_000 : null, created, status === 'open' ? created : null, solvedAt,
      firstDue, due, due === null ? null : due + 86_400_000_000, due ?? firstDue ?? NO_DEADLINE_US, 1 + Math.floor(rnd() * 6),
    );
  };
  db.transaction(() => {
    for (let i = 0; i < need; i++) row(i, customers[i % customers.length]!, rnd() < 0.85 ? 'open' : 'pending');
    for (let i = 0; i < customers.length; i += 5) row(need + i, customers[i]!, 'solved');
  })();
  db.pragma('optimize');

  const session = await domain.auth.login(INBOX_AGENT.email, INBOX_AGENT.password);
  if (!session) throw new Error('inbox bench agent could not sign in');
  const busiest = db.prepare("select queue_id from conversations where status in ('open', 'pending') and queue_id is not null group by queue_id order by count(*) desc limit 1").pluck().get() as string;
  return {
    work: count("status in ('open', 'pending')"),
    total: count('1 = 1'),
    agentId: agentIds[0]!,
    token: session.token,
    actor: userActor(session.user),
    queueId: busiest,
    mine: count(`status in ('open', 'pending') and assignee_id = '${agentIds[0]!}'`),
  };
}
