import { sql } from 'kysely';
import { AGENT_CAPACITY_UNITS, ChannelSchema, DEFAULT_CHANNEL_UNITS, FCR_DAYS, roleCan, type Backlog, type Channel, type Role } from '../../shared/index.js';
import type { MetricsDb } from './tables.js';

/*
 * What the floor reads from the other features' tables on demand (cached by the service): backlog by
 * SLA state and first-contact resolution from conversations, agents with presence, teams and the work
 * they hold. Set-based queries, never one per agent.
 */

const AT_RISK_US = 15 * 60_000_000;
const DAY_US = 86_400_000_000;

export function currentChannel(channelsJson: string): Channel {
  const list = JSON.parse(channelsJson) as unknown[];
  const parsed = ChannelSchema.safeParse(list[list.length - 1]);
  return parsed.success ? parsed.data : 'note';
}

/**
 * Open conversations waiting on us, by their nearest running deadline: breached (past), at risk (within 15 min), on
 * track. Counted in SQL per queue and channel list (a handful of groups), not read row by row: 100k waiting
 * conversations cost the hub one small result, not 100k rows every refresh.
 */
export async function readBacklog(db: MetricsDb, nowUs: number): Promise<Map<string, Backlog>> {
  const rows = await backlogQuery(db, nowUs).execute();
  const out = new Map<string, Backlog>();
  for (const r of rows) {
    const key = `${r.queue_id ?? ''}|${currentChannel(r.channels)}`;
    let b = out.get(key);
    if (!b) out.set(key, (b = { onTrack: 0, atRisk: 0, breached: 0 }));
    b.breached += Number(r.breached);
    b.atRisk += Number(r.at_risk);
    b.onTrack += Number(r.on_track);
  }
  return out;
}

/**
 * Answered from the covering index `conversations_backlog` (migration 0044) in its group order: at 100k waiting
 * conversations the row-visiting read took 230-470 ms every refresh, a stall of a SQLite hub; the index alone ~30 ms.
 */
export function backlogQuery(db: MetricsDb, nowUs: number) {
  const atRiskUs = nowUs + AT_RISK_US;
  return db
    .selectFrom('conversations')
    .select(['queue_id', 'channels'])
    .select([
      sql<number>`sum(case when sla_due_us <= ${nowUs} then 1 else 0 end)`.as('breached'),
      sql<number>`sum(case when sla_due_us > ${nowUs} and sla_due_us <= ${atRiskUs} then 1 else 0 end)`.as('at_risk'),
      sql<number>`sum(case when sla_due_us > ${atRiskUs} then 1 else 0 end)`.as('on_track'),
    ])
    .where('status', '=', 'open')
    .where('waiting_since_us', 'is not', null)
    .groupBy(['queue_id', 'channels']);
}

/** Solved since `fromUs`: whether the same customer opened a new conversation within 7 days after. Key -> [resolved first time, solved]. */
export async function readFcr(db: MetricsDb, fromUs: number): Promise<Map<string, { first: number; solved: number }>> {
  const week = FCR_DAYS * DAY_US;
  const rows = await db
    .selectFrom('conversations as c')
    .select(['c.queue_id', 'c.channels'])
    .select(
      sql<number>`case when exists (select 1 from conversations n where n.customer_id = c.customer_id and n.id <> c.id and n.created_at_us > c.solved_at_us and n.created_at_us <= c.solved_at_us + ${week}) then 1 else 0 end`.as('repeat'),
    )
    .where('c.solved_at_us', '>=', fromUs)
    .execute();
  const out = new Map<string, { first: number; solved: number }>();
  for (const r of rows) {
    const key = `${r.queue_id ?? ''}|${currentChannel(r.channels)}`;
    let f = out.get(key);
    if (!f) out.set(key, (f = { first: 0, solved: 0 }));
    f.solved++;
    if (Number(r.repeat) === 0) f.first++;
  }
  return out;
}

export interface AgentRow {
  userId: string;
  name: string;
  state: 'online' | 'away' | 'offline';
  sinceUs: number | null;
  queueIds: string[];
  held: number;
  heldUnits: number;
}

/** Users who work conversations: presence, teams (queues) and the open conversations they hold, in units. */
export async function readAgents(db: MetricsDb): Promise<AgentRow[]> {
  const users = await db.selectFrom('users').select(['id', 'name', 'role']).where('active', '=', 1).execute();
  const workers = users.filter((u) => roleCan(u.role as Role, 'conversation.work'));
  const presence = new Map((await db.selectFrom('agent_presence').select(['user_id', 'state', 'since_us']).execute()).map((p) => [p.user_id, p]));
  const teams = new Map<string, string[]>();
  for (const m of await db.selectFrom('team_members').select(['team_id', 'user_id']).execute()) (teams.get(m.user_id) ?? teams.set(m.user_id, []).get(m.user_id)!).push(m.team_id);
  const units = new Map((await db.selectFrom('routing_queue_settings').select(['queue_id', 'units']).execute()).map((r) => [r.queue_id, JSON.parse(r.units) as Partial<Record<Channel, number>>]));
  const held = new Map<string, { n: number; units: number }>();
  for (const c of await heldQuery(db).execute()) {
    const ch = currentChannel(c.channels);
    const u = (c.queue_id ? units.get(c.queue_id)?.[ch] : undefined) ?? DEFAULT_CHANNEL_UNITS[ch];
    const n = Number(c.n);
    const h = held.get(c.assignee_id!) ?? { n: 0, units: 0 };
    held.set(c.assignee_id!, { n: h.n + n, units: h.units + n * u });
  }
  return workers.map((u) => {
    const p = presence.get(u.id);
    const h = held.get(u.id) ?? { n: 0, units: 0 };
    return { userId: u.id, name: u.name, state: (p?.state as AgentRow['state']) ?? 'offline', sinceUs: p ? Number(p.since_us) : null, queueIds: teams.get(u.id) ?? [], held: h.n, heldUnits: Math.min(h.units, AGENT_CAPACITY_UNITS * 10) };
  });
}

/**
 * The open work each agent holds, counted per queue and channel list in SQL from the covering index
 * `conversations_backlog`: read row by row, 50k assigned conversations stalled a SQLite hub ~200 ms every refresh.
 */
export function heldQuery(db: MetricsDb) {
  return db
    .selectFrom('conversations')
    .select(['queue_id', 'channels', 'assignee_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .where('assignee_id', 'is not', null)
    .groupBy(['queue_id', 'channels', 'assignee_id']);
}

/** Units one conversation of `channel` takes in `queueId` (routing's setting, else the channel default). */
export async function readQueueUnits(db: MetricsDb): Promise<Map<string, Partial<Record<Channel, number>>>> {
  return new Map((await db.selectFrom('routing_queue_settings').select(['queue_id', 'units']).execute()).map((r) => [r.queue_id, JSON.parse(r.units) as Partial<Record<Channel, number>>]));
}

export async function readQueueNames(db: MetricsDb): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('teams').select(['id', 'name']).execute()).map((t) => [t.id, t.name]));
}
