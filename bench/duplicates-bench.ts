/*
 * Duplicate suggestions over HTTP at a real hub process (compiled, like `npm run serve`) on the bench data
 * set: the first `GET /api/v1/customers/:id/duplicates` after start, then later calls p50/p95 for other
 * customers, and the hub's RSS after them. Issue 15's figures; standalone, it reuses a prepared data dir:
 *   npx tsx bench/duplicates-bench.ts --size full --data-dir .tmp/search-1m   # 100k customers / 1M events
 *   npx tsx bench/duplicates-bench.ts --size quick                            # smoke run in a temp dir
 * On a database from before migration 0011 the hub builds the match keys in the background after start:
 * the bench reports how long that took (read from the hub's own settings row) before timing requests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { benchHubEnv, spawnChild } from './child.js';
import { compileChild } from './compile.js';
import { mulberry32, type BenchDataset } from './dataset.js';
import { SEARCH_SIZES, datasetFor, prepareDataDir } from './search-bench.js';
import { ms, percentile } from './stats.js';

export const DUPLICATES_TARGET_P95_MS = 50;
const ADMIN = { email: 'bench@omni.local', password: 'bench-admin-password' };

export interface DuplicatesBenchResult {
  customers: number;
  events: number;
  /** Background build of the match keys after start (null: keys were already there, or a hub without them). */
  backfillMs: number | null;
  firstMs: number;
  samples: number;
  p50: number;
  p95: number;
  max: number;
  suggestions: number;
  startupRssMB: number;
  rssMB: number;
}

/** Ordinary customers picked by a seeded PRNG (same picks run to run). */
function sample(data: BenchDataset, count: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const { customers, heavyCustomers } = data.opts;
  return Array.from({ length: count }, () => heavyCustomers + Math.floor(rnd() * (customers - heavyCustomers)));
}

/** The hub's backfill marker (settings row written by the match index), read over a read-only connection. */
function backfillState(dataDir: string): 'none' | 'pending' | 'done' {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(join(dataDir, 'omni.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'match_keys'").get();
    if (!table) return 'none';
    const row = db.prepare("select value from settings where key = 'match_index_backfill'").get() as { value: string } | undefined;
    return row?.value === 'done' ? 'done' : 'pending';
  } finally {
    db.close();
  }
}

export async function benchDuplicates(dataDir: string, data: BenchDataset, samples: number, log: (line: string) => void = () => {}): Promise<DuplicatesBenchResult> {
  const compiled = await compileChild('hub-child.ts');
  const started = performance.now();
  const child = await spawnChild<{ url: string; rssMB: number }>('hub-child.ts', benchHubEnv(dataDir, 'bench-ingest-key-0123456789', ADMIN), compiled);
  try {
    const { url } = child.ready;
    let backfillMs: number | null = null;
    if (backfillState(dataDir) === 'pending') {
      while (backfillState(dataDir) !== 'done') await new Promise((r) => setTimeout(r, 200));
      backfillMs = performance.now() - started;
      log(`  match keys built in the background in ${ms(backfillMs)}`);
    }
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (login.status !== 200) throw new Error(`hub login failed: ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
      return (await res.json()) as T;
    };
    const picked = sample(data, samples + 1, 13);
    // Customer ids by email (search, not timed).
    const ids: string[] = [];
    for (const c of picked) {
      const { customers } = await get<{ customers: { id: string }[] }>(`/api/v1/customers?q=${encodeURIComponent(data.email(c))}&limit=1`);
      if (!customers[0]) throw new Error(`no customer for ${data.email(c)}`);
      ids.push(customers[0].id);
    }
    const duplicates = async (id: string) => {
      const t0 = performance.now();
      const body = await get<{ suggestions: unknown[] }>(`/api/v1/customers/${id}/duplicates?limit=10`);
      return { ms: performance.now() - t0, n: body.suggestions.length };
    };
    const first = await duplicates(ids[0]!);
    log(`  first duplicates call ${ms(first.ms)}`);
    const times: number[] = [];
    let suggestions = first.n;
    for (let i = 1; i < ids.length; i++) {
      const r = await duplicates(ids[i]!);
      times.push(r.ms);
      suggestions += r.n;
      if (i % 100 === 0) log(`  duplicates: ${i} / ${samples}`);
    }
    const m = await child.request<{ rssMB: number }>('rss');
    const sorted = times.sort((a, b) => a - b);
    return {
      customers: data.opts.customers,
      events: data.opts.events,
      backfillMs,
      firstMs: first.ms,
      samples: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted[sorted.length - 1] ?? NaN,
      suggestions,
      startupRssMB: child.ready.rssMB,
      rssMB: m.rssMB,
    };
  } finally {
    await child.close();
  }
}

export function duplicatesPass(r: DuplicatesBenchResult): boolean {
  return r.firstMs <= DUPLICATES_TARGET_P95_MS && r.p95 <= DUPLICATES_TARGET_P95_MS;
}

export function duplicatesSummaryRow(r: DuplicatesBenchResult): string {
  return `| Duplicate suggestions over HTTP, ${r.customers.toLocaleString('en-US')} customers | first call and later p95 ≤ ${DUPLICATES_TARGET_P95_MS} ms | first ${ms(r.firstMs)}, p50 ${ms(r.p50)}, p95 ${ms(r.p95)}; RSS after ${Math.round(r.rssMB)} MB | ${duplicatesPass(r) ? '**PASS**' : '**MISS**'} |`;
}

export function duplicatesSection(r: DuplicatesBenchResult): string[] {
  const pass = duplicatesPass(r);
  return [
    '## Duplicate suggestions over HTTP',
    '',
    `A fresh compiled hub process on the loaded database (${r.customers.toLocaleString('en-US')} customers, ${r.events.toLocaleString('en-US')} events) answers ` +
      '`GET /api/v1/customers/:id/duplicates?limit=10` one request at a time for ordinary customers picked at random: the first call after start, then the others. ' +
      'RSS is the hub process after the calls. How it works: [docs/identity.md](identity.md).',
    '',
    '| Figure | Value |',
    '|---|---|',
    ...(r.backfillMs !== null ? [`| match keys built in the background after start (first start after migration 0011) | ${ms(r.backfillMs)} |`] : []),
    `| first call | ${ms(r.firstMs)} |`,
    `| later calls (${r.samples}) p50 / p95 / max | ${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.max)} |`,
    `| suggestions returned (all calls) | ${r.suggestions} |`,
    `| hub RSS at start / after the calls | ${Math.round(r.startupRssMB)} MB / ${Math.round(r.rssMB)} MB |`,
    `| target: first and later p95 ≤ ${DUPLICATES_TARGET_P95_MS} ms | ${pass ? '**PASS**' : '**MISS**'} |`,
    '',
  ];
}

function parseCli(argv: readonly string[]): { size: keyof typeof SEARCH_SIZES; dataDir?: string; samples: number } {
  let size: keyof typeof SEARCH_SIZES = 'full';
  let dataDir: string | undefined;
  let samples = 300;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--size') {
      const v = argv[++i] ?? '';
      if (!(v in SEARCH_SIZES)) throw new Error(`--size expects one of ${Object.keys(SEARCH_SIZES).join(', ')} (got "${v}")`);
      size = v as keyof typeof SEARCH_SIZES;
    } else if (a === '--data-dir') dataDir = argv[++i];
    else if (a === '--samples') samples = Number(argv[++i]);
    else throw new Error(`unknown argument ${a} (use --size ${Object.keys(SEARCH_SIZES).join('|')}, --data-dir <dir>, --samples <n>)`);
  }
  if (!Number.isInteger(samples) || samples < 1) throw new Error('--samples expects a positive integer');
  return { size, ...(dataDir ? { dataDir: resolve(dataDir) } : {}), samples };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const log = (line: string) => console.log(line);
  try {
    const args = parseCli(process.argv.slice(2));
    const data = datasetFor(SEARCH_SIZES[args.size]);
    const dir = args.dataDir ?? mkdtempSync(join(tmpdir(), 'omni-duplicates-bench-'));
    try {
      if (!existsSync(dir) || !existsSync(join(dir, 'omni.sqlite'))) await prepareDataDir(dir, data, log);
      const result = await benchDuplicates(dir, data, args.samples, log);
      console.log(duplicatesSection(result).join('\n'));
    } finally {
      if (!args.dataDir) rmSync(dir, { recursive: true, force: true });
    }
    process.exit(0);
  } catch (err) {
    console.error(`duplicates bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  }
}
