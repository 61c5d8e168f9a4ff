/*
 * Staff accounts from a terminal, on the hub's own database (OMNI_DATA_DIR or DATABASE_URL, like `npm run hub`):
 *   npm run users -- add --email ana@store.example --name "Ana Lima" --role agent [--team returns]…   prints a one-time password
 *   npm run users -- list
 *   npm run users -- deactivate --email ana@store.example      (ends her sessions; a running hub answers 401 at once)
 *   npm run users -- reactivate --email ana@store.example
 *   npm run users -- reset-password --email ana@store.example  prints a new one-time password
 *   npm run users -- teams                                     lists teams and their members
 *   npm run users -- add-team --name "Store support" [--key store-support]
 * Common flags: [--data-dir DIR] [--database-url URL]. Every change is audited as the `cli` actor.
 * Beside a running hub: its HTTP answers 401 to an ended session at once, and it drops that session's sockets within
 * a few seconds (server/auth/socket-sessions.ts checks its sockets' sessions every 2 s). The API does it within 1 s.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, systemActor, type Role, type UserAccount } from '../shared/index.js';
import { createDomain, type SqlDomain } from '../server/create-domain.js';
import { DomainError } from '../server/errors.js';

const COMMANDS = ['add', 'list', 'deactivate', 'reactivate', 'reset-password', 'teams', 'add-team'] as const;
type Command = (typeof COMMANDS)[number];

export interface UsersArgs {
  command: Command;
  flags: Record<string, string[]>;
  dataDir: string;
  databaseUrl?: string;
}

const FLAGS: Record<Command, string[]> = {
  add: ['email', 'name', 'role', 'team'],
  list: [],
  deactivate: ['email'],
  reactivate: ['email'],
  'reset-password': ['email'],
  teams: [],
  'add-team': ['name', 'key', 'description'],
};

export class UsageError extends Error {}

export function parseUsersArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): UsersArgs {
  const [command, ...rest] = argv;
  if (!command || !(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`usage: npm run users -- <${COMMANDS.join('|')}> [flags]`);
  const cmd = command as Command;
  const flags: Record<string, string[]> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    const value = eq === -1 ? rest[++i] : a.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    const known = [...FLAGS[cmd], 'data-dir', 'database-url'];
    if (!known.includes(name)) throw new UsageError(`unknown flag --${name} for ${cmd}; known: ${known.map((k) => `--${k}`).join(', ')}`);
    (flags[name] ??= []).push(value);
  }
  const databaseUrl = flags['database-url']?.[0] ?? env['DATABASE_URL'];
  return {
    command: cmd,
    flags,
    dataDir: resolve(flags['data-dir']?.[0] ?? env['OMNI_DATA_DIR'] ?? join(homedir(), '.omni-console')),
    ...(databaseUrl ? { databaseUrl } : {}),
  };
}

const one = (args: UsersArgs, name: string): string => {
  const v = args.flags[name]?.[0];
  if (v === undefined) throw new UsageError(`${args.command} needs --${name}`);
  return v;
};

function describeUser(u: UserAccount): string {
  const teams = u.teams.map((t) => t.key).join(',') || '-';
  const state = u.active ? (u.passwordChangeRequired ? 'active, must set password' : 'active') : 'deactivated';
  return `${u.email}  ${u.name}  ${u.role}  teams=${teams}  (${state})`;
}

/** Runs one command; `log` gets what a person reads. Throws UsageError or DomainError (caught by the entry point). */
export async function runUsersCli(args: UsersArgs, log: (line: string) => void = console.log): Promise<void> {
  const domain = await createDomain({ dataDir: args.dataDir, ...(args.databaseUrl ? { databaseUrl: args.databaseUrl } : {}), defaultRegion: 'US' });
  try {
    await run(domain, args, log);
  } finally {
    await domain.close();
  }
}

async function run(domain: SqlDomain, args: UsersArgs, log: (line: string) => void): Promise<void> {
  const actor = systemActor('cli');
  const userByEmail = async () => {
    const email = one(args, 'email');
    const user = await domain.users.findByEmail(actor, email);
    if (!user) throw new UsageError(`no user with email ${email}`);
    return user;
  };
  switch (args.command) {
    case 'add': {
      const role = one(args, 'role');
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const teamIds: string[] = [];
      for (const t of args.flags['team'] ?? []) {
        const team = await domain.teams.findByKeyOrName(t);
        if (!team) throw new UsageError(`no team "${t}"; teams: ${(await domain.teams.list()).map((x) => x.key).join(', ') || 'none yet (add one with add-team)'}`);
        teamIds.push(team.id);
      }
      const { user, oneTimePassword } = await domain.users.create(actor, { email: one(args, 'email'), name: one(args, 'name'), role: role as Role, teamIds });
      log(`created ${describeUser(user)}`);
      log(`one-time password (shown once; they choose their own at first sign-in): ${oneTimePassword}`);
      return;
    }
    case 'list': {
      const users = await domain.users.list(actor);
      for (const u of users) log(describeUser(u));
      log(`${users.length} users`);
      return;
    }
    case 'deactivate':
    case 'reactivate': {
      const user = await userByEmail();
      const updated = await domain.users.update(actor, user.id, { active: args.command === 'reactivate' });
      log(`${args.command}d ${describeUser(updated)}`);
      return;
    }
    case 'reset-password': {
      const { user, oneTimePassword } = await domain.users.resetPassword(actor, (await userByEmail()).id);
      log(`reset ${describeUser(user)}`);
      log(`one-time password (shown once): ${oneTimePassword}`);
      return;
    }
    case 'teams': {
      const teams = await domain.teams.list();
      for (const t of teams) log(`${t.key}  ${t.name}  members: ${t.members.map((m) => m.email + (m.active ? '' : ' (deactivated)')).join(', ') || '-'}`);
      log(`${teams.length} teams`);
      return;
    }
    case 'add-team': {
      const key = args.flags['key']?.[0];
      const description = args.flags['description']?.[0];
      const team = await domain.teams.create(actor, { name: one(args, 'name'), ...(key ? { key } : {}), ...(description ? { description } : {}) });
      log(`created team ${team.key}  ${team.name}`);
      return;
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await runUsersCli(parseUsersArgs(process.argv.slice(2)));
  } catch (err) {
    const message = err instanceof DomainError ? err.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : err instanceof Error ? err.message : String(err);
    console.error(`users: ${message}`);
    process.exitCode = err instanceof UsageError || err instanceof DomainError ? 2 : 1;
  }
}
