import { systemActor, type Role } from '../../shared/index.js';
import type { SqlTeamsService } from '../users/teams-service.js';
import type { SqlUsersService } from '../users/users-service.js';

/*
 * The demo's staff: a lead, agents in three teams (queues) and two store associates, each with a known
 * demo password (printed at start; never forced to change). Seeded once: a person or team that exists
 * (same email / key) is left as it is, so an admin's edits survive a restart.
 */

export const DEMO_TEAMS = [
  { key: 'returns', name: 'Returns', description: 'Returns, exchanges and refunds' },
  { key: 'orders', name: 'Orders', description: 'Order status, delivery and payment questions' },
  { key: 'store-support', name: 'Store support', description: 'Help for customers at the counter and store pickups' },
] as const;
type DemoTeamKey = (typeof DEMO_TEAMS)[number]['key'];

export interface DemoStaffMember {
  name: string;
  email: string;
  role: Role;
  password: string;
  teams: readonly DemoTeamKey[];
}

export const DEMO_STAFF: readonly DemoStaffMember[] = [
  { name: 'Dana Whitfield', email: 'dana.lead@omni.local', role: 'lead', password: 'dana-demo-lead', teams: ['returns', 'orders', 'store-support'] },
  { name: 'Priya Raman', email: 'priya@omni.local', role: 'agent', password: 'priya-demo', teams: ['returns'] },
  { name: 'Tomás Ortega', email: 'tomas@omni.local', role: 'agent', password: 'tomas-demo', teams: ['returns', 'orders'] },
  { name: 'Grace Kim', email: 'grace@omni.local', role: 'agent', password: 'grace-demo', teams: ['orders'] },
  { name: 'Malik Johnson', email: 'malik@omni.local', role: 'agent', password: 'malik-demo', teams: ['orders', 'store-support'] },
  { name: 'Sofia Rossi', email: 'sofia.store@omni.local', role: 'associate', password: 'sofia-demo-store', teams: ['store-support'] },
  { name: 'Ben Carter', email: 'ben.store@omni.local', role: 'associate', password: 'ben-demo-store', teams: ['store-support'] },
];

/** Creates what is missing; returns how many people and teams were created now. */
export async function seedDemoStaff(users: SqlUsersService, teams: SqlTeamsService): Promise<{ createdUsers: number; createdTeams: number }> {
  const actor = systemActor('demo');
  const teamIds = new Map<string, string>();
  let createdTeams = 0;
  for (const t of DEMO_TEAMS) {
    const found = await teams.findByKeyOrName(t.key);
    if (found) teamIds.set(t.key, found.id);
    else {
      teamIds.set(t.key, (await teams.create(actor, t)).id);
      createdTeams++;
    }
  }
  let createdUsers = 0;
  for (const p of DEMO_STAFF) {
    if (await users.findByEmail(actor, p.email)) continue;
    // A password given here is the person's own: no change is forced at sign-in.
    await users.create(actor, { email: p.email, name: p.name, role: p.role, teamIds: p.teams.map((k) => teamIds.get(k)!) }, { password: p.password });
    createdUsers++;
  }
  return { createdUsers, createdTeams };
}

/** The lines a demo hub prints at start: who can sign in, with which demo password. */
export function demoStaffLines(): string[] {
  const width = Math.max(...DEMO_STAFF.map((p) => p.email.length));
  const teamName = (k: DemoTeamKey) => DEMO_TEAMS.find((t) => t.key === k)!.name;
  return [
    'Demo staff (demo passwords, as seeded):',
    ...DEMO_STAFF.map((p) => `  ${p.email.padEnd(width)}  ${p.password.padEnd(16)}  ${p.role.padEnd(9)}  ${p.name} (${p.teams.map(teamName).join(', ')})`),
  ];
}
