import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { testStore } from './http/test-support.js';

// Runs the real CLI (via tsx) as a child process, like `npm run hub` / the e2e webServer do.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function runCli(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OMNI_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  cleanups.push(() => void child.kill('SIGKILL'));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server/cli.ts', () => {
  it('exits 2 with a message naming the variable or flag for a bad configuration', async () => {
    const [badEnv, badFlag] = [runCli({ OMNI_PORT: 'not-a-port' }), runCli({}, ['--prot', '1'])];
    expect(await badEnv.exited).toBe(2);
    expect(badEnv.err()).toMatch(/configuration error: OMNI_PORT must be a number/);
    expect(await badFlag.exited).toBe(2);
    expect(badFlag.err()).toMatch(/unknown flag --prot/);
  });

  it('prints the URL and the generated secrets once, and stops cleanly on SIGTERM', async () => {
    // This pass's backend: a fresh PostgreSQL schema when DATABASE_URL is set, else SQLite in the dir.
    const dir = await testStore('cli');
    cleanups.push(dir.remove);
    const store = { OMNI_DATA_DIR: dir.dir, ...(dir.databaseUrl ? { DATABASE_URL: dir.databaseUrl } : {}) };
    const run = runCli({ OMNI_PORT: '0', ...store });
    await until(() => /Ingest key/.test(run.out()) || run.child.exitCode !== null, 'startup output');
    expect(run.out()).toMatch(/Console: http:\/\/127\.0\.0\.1:\d+/);
    expect(run.out()).toMatch(/Admin login \(shown once\): admin@omni\.local \/ \S+/);
    expect(run.out()).toMatch(/Ingest key \(shown once; stored in the database\): \S+/);
    const url = /Console: (\S+)/.exec(run.out())![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    // Second start on the same data dir: nothing secret is printed again.
    const again = runCli({ OMNI_PORT: '0', ...store });
    await until(() => /API docs/.test(again.out()) || again.child.exitCode !== null, 'second startup');
    expect(again.out()).not.toMatch(/Admin login|Ingest key/);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 90_000);
});
