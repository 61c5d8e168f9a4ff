import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import { testConfig, testStore } from '../http/test-support.js';
import { startHub } from '../hub.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';
import { DEMO_STAFF, DEMO_TEAMS, demoStaffLines, seedDemoStaff } from './staff.js';

/* The demo's staff: realistic roles and teams, known passwords that sign in without a forced change, seeded once. */

describe.each(testDialects())('demo staff on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  it('a lead, several agents in three teams and two associates, each signing in with the printed password; a second run changes nothing', async () => {
    expect(await seedDemoStaff(domain.users, domain.teams)).toEqual({ createdUsers: DEMO_STAFF.length, createdTeams: DEMO_TEAMS.length });
    const roles = DEMO_STAFF.map((p) => p.role);
    expect(roles.filter((r) => r === 'lead')).toHaveLength(1);
    expect(roles.filter((r) => r === 'agent').length).toBeGreaterThanOrEqual(4);
    expect(roles.filter((r) => r === 'associate')).toHaveLength(2);

    const teams = await domain.teams.list();
    expect(teams.map((t) => t.name)).toEqual(['Orders', 'Returns', 'Store support']);
    for (const t of teams) expect(t.members.filter((m) => m.role === 'agent').length).toBeGreaterThanOrEqual(1);
    const lines = demoStaffLines().join('\n');
    for (const p of DEMO_STAFF) {
      const session = await domain.auth.login(p.email, p.password);
      expect(session?.passwordChangeRequired).toBe(false);
      expect(session!.user.role).toBe(p.role);
      expect(lines).toContain(p.email);
      expect(lines).toContain(p.password);
    }
    expect(await seedDemoStaff(domain.users, domain.teams)).toEqual({ createdUsers: 0, createdTeams: 0 });
  });
});

describe('a demo hub', () => {
  it('prints the demo staff and their passwords at start', async () => {
    const store = await testStore('demo-staff');
    const lines: string[] = [];
    const hub = await startHub(testConfig(store, { demo: true }), { demo: { customers: 3, seed: 7, intervalMs: 60_000, realDataDir: null }, log: (l) => lines.push(l) });
    try {
      expect(lines).toContain('Demo staff (demo passwords, as seeded):');
      const lead = DEMO_STAFF.find((p) => p.role === 'lead')!;
      expect(lines.some((l) => l.includes(lead.email) && l.includes(lead.password))).toBe(true);
      const res = await fetch(`${hub.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: lead.email, password: lead.password }) });
      expect(res.status).toBe(200);
    } finally {
      await hub.close();
      await store.remove();
    }
  }, 60_000);
});
