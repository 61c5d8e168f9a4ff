import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HUB_MALLOC_ENV, HUB_NODE_FLAGS } from '../scripts/start-plan.mjs';

/** A bench helper process speaking JSON lines: one line per command on stdin, one reply per line on stdout. */
export interface Child<Ready> {
  pid: number;
  ready: Ready;
  request<T>(command: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * Runs `bench/<script>` in its own process, so its CPU and memory are its own: under tsx (like
 * `npm run hub`), or with plain node when `compiled` names a compiled build of it (see compile.ts); either way
 * with HUB_NODE_FLAGS, as npm start / serve / hub launch the hub.
 */
export async function spawnChild<Ready>(script: string, env: Record<string, string>, compiled?: string): Promise<Child<Ready>> {
  // The flags every hub process we launch runs with (npm start / serve / hub); the floor gets them too, for a like-for-like runtime.
  const args = [...HUB_NODE_FLAGS, ...(compiled ? [compiled] : ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))])];
  const proc: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...HUB_MALLOC_ENV, ...env },
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines = createInterface({ input: proc.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return; // stray log output
    waiting.shift()?.(line);
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      void exited.then(() => reject(new Error(`${script} exited: ${stderr.trim().slice(-1500)}`)));
    });
  const ready = JSON.parse(await next()) as Ready;
  return {
    pid: proc.pid!,
    ready,
    async request<T>(command: string) {
      const reply = next();
      proc.stdin!.write(`${command}\n`);
      return JSON.parse(await reply) as T;
    },
    async close() {
      if (proc.exitCode !== null) return;
      proc.stdin!.write('close\n');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Child side: answer each stdin line with `handle(line)`'s JSON. */
export function serveCommands(handle: (command: string) => Promise<unknown>): void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    handle(line.trim()).then(
      (reply) => process.stdout.write(`${JSON.stringify(reply)}\n`),
      (err: unknown) => process.stdout.write(`${JSON.stringify({ error: err instanceof Error ? err.message : String(err) })}\n`),
    );
  });
}

export function memory(): { rssMB: number; heapUsedMB: number; peakRssMB: number } {
  const m = process.memoryUsage();
  return { rssMB: m.rss / 2 ** 20, heapUsedMB: m.heapUsed / 2 ** 20, peakRssMB: peakRssMB() };
}

/** The process's RSS high-water mark (Linux `VmHWM`): what "stays <= N MB" means, GCs or not; 0 where unknown. */
export function peakRssMB(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return hwm ? Number(hwm[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Environment of a bench hub child (hub-child.ts): no demo, silent, known admin and ingest key. */
export function benchHubEnv(dataDir: string, ingestKey: string, admin: { email: string; password: string }): Record<string, string> {
  return {
    OMNI_PORT: '0',
    OMNI_HOST: '127.0.0.1',
    OMNI_DATA_DIR: dataDir,
    OMNI_DEMO: '0',
    OMNI_LOG_LEVEL: 'silent',
    OMNI_ADMIN_EMAIL: admin.email,
    OMNI_ADMIN_PASSWORD: admin.password,
    OMNI_INGEST_KEY: ingestKey,
  };
}
