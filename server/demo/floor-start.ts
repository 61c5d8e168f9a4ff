import { systemActor } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import type { HistoryContact } from './floor-history.js';
import { startFloorTraffic, type FloorTraffic, type FloorTrafficOptions } from './floor-traffic.js';
import { DEMO_STAFF, DEMO_TEAMS } from './staff.js';

/** How the demo's contacts split over its queues. */
const QUEUE_WEIGHT: Record<(typeof DEMO_TEAMS)[number]['key'], number> = { returns: 0.4, orders: 0.45, 'store-support': 0.15 };

/** On unless OMNI_DEMO_FLOOR=0 (a demo hub shared with tests that must not see agents taking work). */
export function demoFloorEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env['OMNI_DEMO_FLOOR'] !== '0';
}

/** The demo floor on a demo hub: its queues and agents (server/demo/staff.ts), the services, the metrics history entry when present. */
export async function startDemoFloor(domain: SqlDomain, opts: FloorTrafficOptions = {}): Promise<FloorTraffic | null> {
  const actor = systemActor('demo');
  const teams = await domain.teams.list();
  const queues = DEMO_TEAMS.flatMap((t) => {
    const team = teams.find((x) => x.key === t.key);
    return team ? [{ id: team.id, name: team.name, weight: QUEUE_WEIGHT[t.key] }] : [];
  });
  const agents = [];
  for (const p of DEMO_STAFF.filter((s) => s.role === 'agent')) {
    const user = await domain.users.findByEmail(actor, p.email);
    if (user?.active) agents.push({ id: user.id, name: user.name });
  }
  if (queues.length === 0 || agents.length === 0) return null;
  // Past contacts go in once: a hub restarted (or a second hub) finds last week's day filled and skips it.
  const metrics = domain.metrics;
  const history = {
    recordHistory: (contacts: HistoryContact[]) => metrics.recordHistory(contacts),
    hasHistoryOn: async () => (await metrics.intervals({})).intervals.some((i) => i.lastWeek.offered + i.lastWeek.shortAbandoned > 0),
  };
  return startFloorTraffic(
    {
      ingest: domain.ingest,
      customers: domain.customers,
      conversations: domain.conversations,
      routing: domain.routing,
      presence: domain.presence,
      events: domain.events,
      metrics: history,
      queues,
      agents,
    },
    opts,
  );
}
