import { systemActor } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import type { HistoryContact } from './floor-history.js';
import { runWhileLeader, type FloorLeadership } from './floor-leader.js';
import { startFloorTraffic, type FloorTrafficOptions } from './floor-traffic.js';
import { startVoiceTraffic, twilioVoiceCallbacks } from './floor-voice.js';
import { seededRandom } from './floor-history.js';
import { DEFAULT_SEED } from './generator.js';
import { settleSeededConversations } from './seed-settle.js';
import { DEMO_STAFF, DEMO_TEAMS } from './staff.js';

/** How the demo's contacts split over its queues. */
const QUEUE_WEIGHT: Record<(typeof DEMO_TEAMS)[number]['key'], number> = { returns: 0.4, orders: 0.45, 'store-support': 0.15 };

/** On unless OMNI_DEMO_FLOOR=0 (a demo hub shared with tests that must not see agents taking work). */
export function demoFloorEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env['OMNI_DEMO_FLOOR'] !== '0';
}

/**
 * The demo floor on a demo hub: its queues and agents (server/demo/staff.ts), the services, the metrics history
 * entry when present, and phone calls through the Twilio voice connector (floor-voice.ts). On PostgreSQL only
 * the hub holding the floor lock runs it (floor-leader.ts); null when the demo staff is missing.
 */
export async function startDemoFloor(domain: SqlDomain, opts: FloorTrafficOptions & { leaderRetryMs?: number } = {}): Promise<FloorLeadership | null> {
  const actor = systemActor('demo');
  const teams = await domain.teams.list();
  const queues = DEMO_TEAMS.flatMap((t) => {
    const team = teams.find((x) => x.key === t.key);
    return team ? [{ id: team.id, name: team.name, weight: QUEUE_WEIGHT[t.key] }] : [];
  });
  const agents: { id: string; name: string }[] = [];
  const agentIdsOf = new Map<string, string[]>();
  for (const p of DEMO_STAFF.filter((s) => s.role === 'agent')) {
    const user = await domain.users.findByEmail(actor, p.email);
    if (!user?.active) continue;
    agents.push({ id: user.id, name: user.name });
    for (const key of p.teams) {
      const team = teams.find((x) => x.key === key);
      if (team) agentIdsOf.set(team.id, [...(agentIdsOf.get(team.id) ?? []), user.id]);
    }
  }
  if (queues.length === 0 || agents.length === 0) return null;
  // Past contacts go in once: a hub restarted (or a second hub) finds last week's day filled and skips it.
  const metrics = domain.metrics;
  const history = {
    recordHistory: (contacts: HistoryContact[]) => metrics.recordHistory(contacts),
    // Calls of last week's day: only the history writes those (the seeded week has written contacts only, and
    // live calls start today), so the seeded conversations' legs on that day never pass for a filled history.
    hasHistoryOn: async () => (await metrics.intervals({ channel: 'phone' })).intervals.some((i) => i.lastWeek.offered + i.lastWeek.shortAbandoned > 0),
  };
  return runWhileLeader(
    domain.database,
    async () => {
      // The seeded week settled once the queues exist (seed-settle.ts): recent contacts wait in a queue, the rest were solved.
      const settle = async (startedAt: Date) => {
        const settleQueues = queues.map((q) => ({ ...q, agentIds: agentIdsOf.get(q.id) ?? [] }));
        const done = await settleSeededConversations({ conversations: domain.conversations, metrics: history, queues: settleQueues }, { now: new Date(), createdBefore: startedAt, random: seededRandom((opts.seed ?? DEFAULT_SEED) + 11) });
        if (done.waiting + done.solved > 0) (opts.log ?? console.warn)(`demo floor: seeded conversations settled (${done.solved} solved by the demo agents, ${done.waiting} still waiting in their queues)`);
      };
      const deps = { ingest: domain.ingest, customers: domain.customers, conversations: domain.conversations, routing: domain.routing, presence: domain.presence, events: domain.events, metrics: history, queues, agents, settle };
      const traffic = startFloorTraffic(deps, opts);
      // Calls: about a fifth of the floor's contacts, through the real Twilio queue-callback path.
      const calls = startVoiceTraffic({
        post: twilioVoiceCallbacks(domain),
        queues,
        peakPerHour: (opts.peakPerHour ?? 90) / 4,
        ...(opts.minShare !== undefined ? { minShare: opts.minShare } : {}),
        ...(opts.timeScale !== undefined ? { timeScale: opts.timeScale } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.customers !== undefined ? { customers: opts.customers } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      });
      return { stop: async () => void (await Promise.all([calls.stop(), traffic.stop()])) };
    },
    { ...(opts.leaderRetryMs !== undefined ? { retryMs: opts.leaderRetryMs } : {}), ...(opts.log ? { log: opts.log } : {}) },
  );
}
