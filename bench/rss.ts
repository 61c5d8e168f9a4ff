import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { benchHubEnv, spawnChild } from './child.js';

/** RSS of an empty `node` process on this machine: the floor under any Node server. */
export function nodeBaselineRss(): number {
  const out = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.memoryUsage().rss))'], { encoding: 'utf8' });
  return Number(out.stdout) / 2 ** 20;
}

export interface RssResult {
  /** `tsx`: run like `npm run hub`; `compiled`: plain node on a compiled build, like the packaged app. */
  runtime: 'tsx' | 'compiled';
  startupRssMB: number;
  rssMB: number;
  heapUsedMB: number;
  pagesServed: number;
}

const ADMIN = { email: 'bench@omni.local', password: 'bench-admin-password' };

/**
 * A fresh hub process on an already loaded data dir (no demo); it serves timeline pages and
 * profiles of the given customers over HTTP, then reports its own process.memoryUsage().rss.
 */
export async function benchRss(dataDir: string, emails: readonly string[], pages: number, compiled?: string): Promise<RssResult> {
  const child = await spawnChild<{ url: string; rssMB: number }>('hub-child.ts', benchHubEnv(dataDir, 'bench-ingest-key-0123456789', ADMIN), compiled);
  try {
    const { url } = child.ready;
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (login.status !== 200) throw new Error(`hub login failed: ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      return (await res.json()) as T;
    };
    let served = 0;
    for (let i = 0; served < pages; i++) {
      const email = emails[i % emails.length]!;
      const { customers } = await get<{ customers: { id: string }[] }>(`/api/v1/customers?q=${encodeURIComponent(email)}&limit=5`);
      const id = customers[0]?.id;
      if (!id) throw new Error(`no customer found for ${email}`);
      await get(`/api/v1/customers/${id}`);
      let before: string | null = null;
      // First page and, every other customer, the next one too (scrolling).
      for (let p = 0; p < (i % 2 === 0 ? 2 : 1) && served < pages; p++) {
        const page: { nextCursor: string | null } = await get(`/api/v1/customers/${id}/timeline?limit=200${before ? `&before=${before}` : ''}`);
        served += 1;
        before = page.nextCursor;
        if (!before) break;
      }
    }
    const m = await child.request<{ rssMB: number; heapUsedMB: number }>('rss');
    return { runtime: compiled ? 'compiled' : 'tsx', startupRssMB: child.ready.rssMB, rssMB: m.rssMB, heapUsedMB: m.heapUsedMB, pagesServed: served };
  } finally {
    await child.close();
  }
}

/**
 * Where a process's resident memory is (Linux, /proc/<pid>/smaps), MB by mapping: the executable's code, native
 * modules, the malloc heap, anonymous memory (V8's heap and other mmap'd arenas) and the rest. null off Linux.
 */
export function rssByMapping(pid: number): Record<string, number> | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  const out: Record<string, number> = {};
  let group = 'anonymous';
  for (const line of text.split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const path = head[1]!.trim();
      group = path === '' ? 'anonymous' : path.startsWith('[') ? path : path.endsWith('.node') ? `native module ${basename(path)}` : path === process.execPath || basename(path) === 'node' ? 'node executable' : /\.so(\.|$)/.test(path) ? 'shared libraries' : 'other files';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[group] = (out[group] ?? 0) + Number(rss[1]) / 1024;
  }
  return out;
}
