/*
 * One real hub PROCESS (`node --import tsx server/cli.ts`), as production runs it: its own event
 * loop, pool and Redis client. Multi-hub tests start several on one database and one Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { until } from './wait.js';

export interface HubProcessOptions {
  /** Shown in errors ("hub A"). */
  name: string;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  adminEmail: string;
  adminPassword: string;
  ingestKey: string;
  corsOrigins?: string[];
  /** Extra environment (OMNI_* settings). */
  env?: Record<string, string>;
}

export interface HubProcess {
  name: string;
  url: string;
  port: number;
  /** Everything the process printed so far (stdout + stderr), for failure messages. */
  output(): string;
  /** SIGTERM and wait for a clean exit (SIGKILL after 10 s). Idempotent. */
  stop(): Promise<number | null>;
}

const READY = /Console: (http:\/\/\S+)/;

export async function startHubProcess(opts: HubProcessOptions, startTimeoutMs = 60_000): Promise<HubProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      OMNI_PORT: '0',
      OMNI_HOST: '127.0.0.1',
      OMNI_DEMO: '0',
      OMNI_LOG_LEVEL: 'silent',
      OMNI_DATA_DIR: opts.dataDir,
      OMNI_ADMIN_EMAIL: opts.adminEmail,
      OMNI_ADMIN_PASSWORD: opts.adminPassword,
      OMNI_INGEST_KEY: opts.ingestKey,
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
      ...(opts.corsOrigins?.length ? { OMNI_CORS_ORIGINS: opts.corsOrigins.join(',') } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let stopping: Promise<number | null> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
  try {
    await until(() => READY.test(out) || child.exitCode !== null, `${opts.name} to listen`, startTimeoutMs, 50);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${out}`);
  }
  if (child.exitCode !== null) throw new Error(`${opts.name} exited with ${child.exitCode} before listening:\n${out}`);
  const url = READY.exec(out)![1]!;
  return { name: opts.name, url, port: Number(new URL(url).port), output: () => out, stop };
}
