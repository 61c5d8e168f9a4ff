import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDomain } from '../server/create-domain.js';
import { DomainError } from '../server/errors.js';
import { tempDataDir } from '../server/http/test-support.js';
import { freshPostgresSchema, testDialects } from '../server/storage/test-database.js';
import { parseUsersArgs, runUsersCli, UsageError } from './users.js';

/* `npm run users`: on SQLite (a data dir) and on PostgreSQL (DATABASE_URL), as an admin would run it. */

describe.each(testDialects())('users CLI on %s', (dialect) => {
  let where: string[];
  let cleanup: () => Promise<void> | void;

  beforeEach(async () => {
    const dir = tempDataDir('users-cli');
    if (dialect === 'sqlite') {
      where = ['--data-dir', dir.dir];
      cleanup = dir.remove;
    } else {
      const schema = await freshPostgresSchema('userscli');
      where = ['--data-dir', dir.dir, '--database-url', schema.url];
      cleanup = async () => {
        await schema.drop();
        dir.remove();
      };
    }
  });
  afterEach(async () => {
    await cleanup();
  });

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    await runUsersCli(parseUsersArgs([...argv, ...where], {}), (l) => lines.push(l));
    return lines;
  };

  it('adds a user to a team with a one-time password that must be replaced; lists, deactivates, reactivates', async () => {
    expect(await run('add-team', '--name', 'Returns')).toEqual(['created team returns  Returns']);
    const added = await run('add', '--email', 'Ana@Store.example', '--name', 'Ana Lima', '--role', 'agent', '--team', 'returns');
    expect(added[0]).toBe('created ana@store.example  Ana Lima  agent  teams=returns  (active, must set password)');
    const password = /one-time password .*: (\S+)$/.exec(added[1]!)![1]!;

    // The hub's own database: the password signs in, and the session must set a new one first.
    const args = parseUsersArgs(['list', ...where], {});
    const domain = await createDomain({ dataDir: args.dataDir, ...(args.databaseUrl ? { databaseUrl: args.databaseUrl } : {}), defaultRegion: 'US' });
    try {
      expect((await domain.auth.login('ana@store.example', password))!.passwordChangeRequired).toBe(true);
      const audit = await domain.database.db.selectFrom('audit_log').select(['action', 'actor_name']).orderBy('at_us').orderBy('id').execute();
      expect(audit.map((r) => [r.action, r.actor_name])).toEqual([
        ['team.create', 'cli'],
        ['user.create', 'cli'],
      ]);
    } finally {
      await domain.close();
    }

    expect(await run('list')).toEqual(['ana@store.example  Ana Lima  agent  teams=returns  (active, must set password)', '1 users']);
    expect(await run('deactivate', '--email', 'ANA@store.example')).toEqual(['deactivated ana@store.example  Ana Lima  agent  teams=returns  (deactivated)']);
    expect(await run('teams')).toEqual(['returns  Returns  members: ana@store.example (deactivated)', '1 teams']);
    expect((await run('reactivate', '--email', 'ana@store.example'))[0]).toContain('(active, must set password)');
    const reset = await run('reset-password', '--email', 'ana@store.example');
    expect(reset[1]).toMatch(/^one-time password \(shown once\): \S{12,}$/);
  });

  it('refuses clearly: unknown role, team, user or flag; a taken email names the field and writes nothing', async () => {
    await expect(run('add', '--email', 'a@store.example', '--name', 'A', '--role', 'boss')).rejects.toThrow(/--role must be one of admin, lead, agent, associate/);
    await expect(run('add', '--email', 'a@store.example', '--name', 'A', '--role', 'agent', '--team', 'nope')).rejects.toThrow(/no team "nope"/);
    await expect(run('deactivate', '--email', 'ghost@store.example')).rejects.toThrow(UsageError);
    await expect(run('add', '--email', 'a@store.example', '--name', 'A')).rejects.toThrow(/add needs --role/);
    expect(() => parseUsersArgs(['add', '--colour', 'red'], {})).toThrow(/unknown flag --colour/);
    expect(() => parseUsersArgs(['remove'], {})).toThrow(/usage: npm run users/);
    await run('add', '--email', 'a@store.example', '--name', 'A', '--role', 'agent');
    const dup = await run('add', '--email', 'A@STORE.example', '--name', 'A again', '--role', 'lead').catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(DomainError);
    expect((dup as DomainError).path).toBe('email');
    const bad = await run('add', '--email', 'not-an-email', '--name', 'B', '--role', 'agent').catch((e: unknown) => e);
    expect((bad as DomainError).path).toBe('email');
    expect(await run('list')).toEqual(['a@store.example  A  agent  teams=-  (active, must set password)', '1 users']);
  });
});

describe('npm run users (the entry point)', () => {
  it('prints the one-time password on stdout, errors on stderr with exit code 2', () => {
    const dir = tempDataDir('users-cli-entry');
    try {
      const env = { ...process.env, DATABASE_URL: '' };
      const cli = (...argv: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/users.ts', ...argv, '--data-dir', dir.dir], { encoding: 'utf8', env, timeout: 60_000 });
      const ok = cli('add', '--email', 'cli@store.example', '--name', 'Cli User', '--role', 'associate');
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(/one-time password .*: \S{12,}\n/);
      const dup = cli('add', '--email', 'cli@store.example', '--name', 'Cli User', '--role', 'associate');
      expect(dup.status).toBe(2);
      expect(dup.stderr).toBe('users: email: a user with email cli@store.example already exists\n');
    } finally {
      dir.remove();
    }
  }, 90_000);
});
