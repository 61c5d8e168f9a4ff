import { describe, expect, it } from 'vitest';
import { ConversationListQuerySchema, systemActor } from '../../shared/index.js';
import { testDomainPerFile } from '../http/test-support.js';
import { until } from '../testing/wait.js';
import { startFloorTraffic } from './floor-traffic.js';

/*
 * The demo floor on a real domain (SQLite, or PostgreSQL with DATABASE_URL) with the hub's own routing
 * sweeps: contacts land in the demo queues, routing offers them to the demo agents, who accept and solve
 * them; the time scale shrinks every pause so this runs in seconds.
 */
process.env['OMNI_ROUTING_SWEEP_MS'] = '100';

const file = testDomainPerFile();
const actor = systemActor('test');

describe('demo floor traffic', () => {
  it('fills the queues, keeps its agents online, and they accept and solve the work', async () => {
    const returns = await file.domain.teams.create(actor, { name: 'Floor returns' });
    const orders = await file.domain.teams.create(actor, { name: 'Floor orders' });
    const agents: { id: string; name: string }[] = [];
    for (const [i, name] of ['Ana Floor', 'Ben Floor'].entries()) {
      const u = await file.domain.auth.createUser({ email: `floor.${i}@test.local`, name, role: 'agent', password: 'agent-password-123' });
      await file.domain.teams.addMember(actor, returns.id, u.id);
      await file.domain.teams.addMember(actor, orders.id, u.id);
      agents.push({ id: u.id, name });
    }
    const traffic = startFloorTraffic(
      {
        ingest: file.domain.ingest,
        customers: file.domain.customers,
        conversations: file.domain.conversations,
        routing: file.domain.routing,
        presence: file.domain.presence,
        events: file.domain.events,
        queues: [
          { id: returns.id, name: 'Floor returns', weight: 1 },
          { id: orders.id, name: 'Floor orders', weight: 1 },
        ],
        agents,
      },
      // ~1 arrival every 40 ms; pauses (offer answer, handling, patience) a thousandth of real time.
      { peakPerHour: 90, minShare: 1, timeScale: 0.001, history: false, customers: 40, log: () => {} },
    );
    try {
      await until(() => traffic.arrivals >= 6 && traffic.accepted >= 3 && traffic.solved >= 2, 'arrivals, accepts and solves', 90_000, 50);
      const presence = await file.domain.presence.list();
      for (const a of agents) expect(presence.find((p) => p.userId === a.id)?.state).not.toBe('offline');
      // The work was queued in the demo queues and solved by the agents.
      const solved = await file.domain.conversations.list(actor, ConversationListQuerySchema.parse({ view: 'queue', queue: returns.id, status: 'solved', limit: 200 }));
      const solvedOrders = await file.domain.conversations.list(actor, ConversationListQuerySchema.parse({ view: 'queue', queue: orders.id, status: 'solved', limit: 200 }));
      const all = [...solved.conversations, ...solvedOrders.conversations];
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(all.some((c) => c.assigneeId !== null && agents.some((a) => a.id === c.assigneeId))).toBe(true);
    } finally {
      await traffic.stop();
    }
    // Stopped means stopped: nothing arrives afterwards.
    const after = traffic.arrivals;
    await new Promise((r) => setTimeout(r, 300));
    expect(traffic.arrivals).toBe(after);
  }, 150_000);
});
