import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaAlert } from '../../shared/index.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import { DomainEventBus } from '../events/bus.js';
import { openTestDatabase, type TestDatabase } from '../storage/test-database.js';
import { slaKit, type SlaKit } from './sla-test-kit.js';

/*
 * Two hubs (two domains, each with its own connection pool) on one PostgreSQL schema, sweeping at the
 * same moments: every warning and breach is published exactly once in total (advisory lock + the
 * notification record), and a restarted sweep (a fresh one) never repeats one.
 */
const pg = !!process.env['DATABASE_URL'];

// Needs a shared PostgreSQL (DATABASE_URL): skipped in the SQLite pass; the PostgreSQL pass runs it.
describe.skipIf(!pg)(`SLA sweep on two hubs${pg ? '' : ' (skipped: needs DATABASE_URL)'}`, () => {
  let database: TestDatabase;
  const hubs: { domain: SqlDomain; kit: SlaKit; alerts: SlaAlert[] }[] = [];
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    for (const opened of [database, await database.openAnother()]) {
      const alerts: SlaAlert[] = [];
      const events = new DomainEventBus();
      events.subscribe('count', { 'sla.warning': (a) => void alerts.push(a), 'sla.breached': (a) => void alerts.push(a) });
      const domain = await domainOn(opened, { defaultRegion: 'US', events });
      hubs.push({ domain, alerts, kit: await slaKit(domain, '2026-03-27T16:50:00Z', hubs[0]?.kit.lead) });
    }
  }, 60_000);
  afterAll(async () => {
    for (const h of hubs.slice(1)) await h.domain.close();
    await hubs[0]?.domain.close();
  });

  it('40 conversations, both hubs sweeping together at every minute: each warning and breach once', async () => {
    const [a, b] = hubs as [(typeof hubs)[0], (typeof hubs)[0]];
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      a.kit.clock.ms = b.kit.clock.ms = Date.parse('2026-03-27T16:50:00Z') + i * 30_000;
      const id = await (i % 2 ? b : a).kit.inboundEmail(await a.kit.newCustomer(), `Parcel ${i}`);
      await (i % 2 ? b : a).kit.conversations.update(a.kit.lead, id, { priority: 'urgent' }); // 30 min first response
      ids.push(id);
    }
    let leaders = 0;
    for (let minute = 0; minute <= 60; minute++) {
      a.kit.clock.ms = b.kit.clock.ms = Date.parse('2026-03-27T17:00:00Z') + minute * 60_000;
      const results = await Promise.all([a.kit.sweep.tick(), b.kit.sweep.tick()]);
      leaders += results.filter((r) => r.leader).length;
    }
    // A restarted hub (a new sweep on the same database) finds everything already announced.
    const restarted = await slaKit(a.domain, '2026-03-27T18:00:00Z', a.kit.lead);
    expect(await restarted.sweep.tick()).toMatchObject({ warnings: 0, breaches: 0 });
    await Promise.all(hubs.map((h) => h.domain.events.idle()));
    const all = [...a.alerts, ...b.alerts].filter((x) => ids.includes(x.conversationId));
    const keys = all.map((x) => `${x.conversationId}|${x.kind}|${x.level}|${x.dueAt}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Each of the 40 gets its first-response warning and breach (resolution is 4 h away).
    expect(all.filter((x) => x.level === 'warning' && x.kind === 'first_response')).toHaveLength(40);
    expect(all.filter((x) => x.level === 'breached' && x.kind === 'first_response')).toHaveLength(40);
    expect(leaders).toBeGreaterThanOrEqual(61);
  }, 120_000);
});
