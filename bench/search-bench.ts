/*
 * Customer search over HTTP at a real hub process: by email, by phone written in another format, and by
 * name, on the bench data set. Part of `npm run bench` (`--only search`, needs the ingest load), and a
 * standalone CLI for the scale check, which reuses a prepared data dir:
 *   npx tsx bench/search-bench.ts --size full --data-dir .tmp/search-1m     # 100k customers / 1M events
 *   npx tsx bench/search-bench.ts --size 10x  --data-dir .tmp/search-10m    # 1M customers / 10M events (tens of minutes to build)
 *   npx tsx bench/search-bench.ts --size quick                              # smoke run in a temp dir
 * The data set is built through domain.ingest into --data-dir when that dir has no database yet.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDomain } from '../server/create-domain.js';
import { formatPhone, type PhoneFormat } from '../server/demo/phones.js';
import { benchHubEnv, spawnChild } from './child.js';
import { compileChild } from './compile.js';
import { BenchDataset, mulberry32 } from './dataset.js';
import { loadThroughIngest } from './load.js';
import { slicesOf } from './ingest-bench.js';
import { SLICE_FLATNESS } from './ingest-report.js';
import type { IngestService } from '../server/domain.js';
import { SIZES, type BenchSizes } from './sizes.js';
import { ms, percentile } from './stats.js';

export const SEARCH_TARGET_P95_MS = 50;
const ADMIN = { email: 'bench@omni.local', password: 'bench-admin-password' };
/** Formats the bench data never stores (it keeps E.164): every phone query is "another format". */
const OTHER_FORMATS: PhoneFormat[] = ['national', 'dots', 'dashes', 'international'];

export type SearchKind = 'email' | 'phone' | 'name';

export interface SearchRow {
  kind: SearchKind;
  samples: number;
  p50: number;
  p95: number;
  max: number;
  /** Queries whose first result was not the customer asked for. */
  wrongTop: number;
}

export interface SearchBenchResult {
  customers: number;
  events: number;
  rows: SearchRow[];
}

interface Hit {
  id: string;
  displayName: string;
  emails: string[];
  phones: string[];
}

/** Ordinary (not heavy) customers picked by a seeded PRNG, so runs compare. */
function sampleCustomers(data: BenchDataset, count: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const { customers, heavyCustomers } = data.opts;
  return Array.from({ length: count }, () => heavyCustomers + Math.floor(rnd() * (customers - heavyCustomers)));
}

/**
 * A fresh hub process (compiled, like `npm run serve`) on the loaded data dir; `samples` searches of each
 * kind, interleaved kind by kind, timed from request start to the parsed JSON body.
 */
export async function benchSearch(dataDir: string, data: BenchDataset, samples: number, log: (line: string) => void = () => {}): Promise<SearchBenchResult> {
  const compiled = await compileChild('hub-child.ts');
  const child = await spawnChild<{ url: string }>('hub-child.ts', benchHubEnv(dataDir, 'bench-ingest-key-0123456789', ADMIN), compiled);
  try {
    const { url } = child.ready;
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (login.status !== 200) throw new Error(`hub login failed: ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    const search = async (q: string): Promise<{ ms: number; hits: Hit[] }> => {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/v1/customers?q=${encodeURIComponent(q)}&limit=10`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`search "${q}": HTTP ${res.status}`);
      const body = (await res.json()) as { customers: Hit[] };
      return { ms: performance.now() - t0, hits: body.customers };
    };
    const queries: Record<SearchKind, (c: number, i: number) => { q: string; isRight: (h: Hit) => boolean }> = {
      email: (c) => ({ q: data.email(c), isRight: (h) => h.emails.includes(data.email(c)) }),
      phone: (c, i) => ({ q: formatPhone(data.phone(c), OTHER_FORMATS[i % OTHER_FORMATS.length]!), isRight: (h) => h.phones.includes(data.phone(c)) }),
      name: (c) => ({ q: `Customer ${c}`, isRight: (h) => h.displayName === `Customer ${c}` }),
    };
    const kinds = Object.keys(queries) as SearchKind[];
    // Warm-up on other customers: first-request costs (JIT, statement cache, cold pages) are not the figure.
    for (const c of sampleCustomers(data, 20, 7)) for (const k of kinds) await search(queries[k](c, c).q);
    const times: Record<SearchKind, number[]> = { email: [], phone: [], name: [] };
    const wrong: Record<SearchKind, number> = { email: 0, phone: 0, name: 0 };
    const picked = sampleCustomers(data, samples, 11);
    for (let i = 0; i < picked.length; i++) {
      for (const k of kinds) {
        const { q, isRight } = queries[k](picked[i]!, i);
        const r = await search(q);
        times[k].push(r.ms);
        if (!r.hits[0] || !isRight(r.hits[0])) wrong[k]++;
      }
      if (i > 0 && i % 100 === 0) log(`  search: ${i} / ${picked.length} customers`);
    }
    const rows = kinds.map((kind): SearchRow => {
      const sorted = [...times[kind]].sort((a, b) => a - b);
      return { kind, samples: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN, wrongTop: wrong[kind] };
    });
    return { customers: data.opts.customers, events: data.opts.events, rows };
  } finally {
    await child.close();
  }
}

const KIND_LABEL: Record<SearchKind, string> = { email: 'by email', phone: 'by phone in another format', name: 'by name ("Customer N")' };

export function searchPass(r: SearchRow): boolean {
  return r.p95 <= SEARCH_TARGET_P95_MS && r.wrongTop === 0;
}

export function searchSummaryRows(s: SearchBenchResult): string[] {
  return s.rows.map(
    (r) => `| HTTP customer search ${KIND_LABEL[r.kind]}, ${s.customers.toLocaleString('en-US')} customers | p95 ≤ ${SEARCH_TARGET_P95_MS} ms, right customer first | p50 ${ms(r.p50)}, p95 ${ms(r.p95)}; ${r.wrongTop} wrong | ${searchPass(r) ? '**PASS**' : '**MISS**'} |`,
  );
}

export function searchSection(s: SearchBenchResult): string[] {
  const out = ['## Customer search over HTTP', ''];
  out.push(
    `A fresh compiled hub process on the loaded database (${s.customers.toLocaleString('en-US')} customers, ${s.events.toLocaleString('en-US')} events) answers \`GET /api/v1/customers?q=…&limit=10\` one request at a time, for ${s.rows[0]?.samples ?? 0} ordinary customers picked at random, by email, by phone written as a person would (national, dotted, dashed or spaced, never the stored E.164) and by display name. ` +
      'Latency is request start → parsed JSON body on the bench process; "wrong" counts queries whose first result was not that customer. How search works: [docs/search.md](search.md). ' +
      'Scale check (not in the default run): `npx tsx bench/search-bench.ts --size 10x --data-dir <dir>`.',
    '',
  );
  out.push('| Query | Samples | p50 | p95 | max | Wrong first result | Result |', '|---|---|---|---|---|---|---|');
  for (const r of s.rows) out.push(`| ${KIND_LABEL[r.kind]} | ${r.samples} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | ${r.wrongTop} | ${searchPass(r) ? '**PASS**' : '**MISS**'} |`);
  out.push('');
  return out;
}

/** `10x`: ten times the full size, the scale check (1M customers, 10M events). */
export const SEARCH_SIZES: Record<'tiny' | 'quick' | 'full' | '10x', BenchSizes> = {
  tiny: SIZES.tiny,
  quick: SIZES.quick,
  full: SIZES.full,
  '10x': { ...SIZES.full, customers: SIZES.full.customers * 10, events: SIZES.full.events * 10 },
};

export function datasetFor(sizes: BenchSizes): BenchDataset {
  return new BenchDataset({ customers: sizes.customers, events: sizes.events, heavyCustomers: sizes.heavyCustomers, heavyShare: sizes.heavyShare, fragmentEvery: sizes.fragmentEvery, seed: 1, endMs: Date.UTC(2025, 5, 1) });
}


/**
 * Builds the data set into dataDir through the real ingest unless it is already there; with databaseUrl, into that
 * PostgreSQL database (its search_path's schema) unless it already holds events.
 */
export async function prepareDataDir(dataDir: string, data: BenchDataset, log: (line: string) => void, databaseUrl?: string): Promise<void> {
  if (!databaseUrl && existsSync(join(dataDir, 'omni.sqlite'))) {
    log(`reusing ${dataDir}`);
    return;
  }
  const domain = await createDomain({ dataDir, defaultRegion: 'US', ...(databaseUrl ? { databaseUrl } : {}) });
  if (databaseUrl && (await domain.database.db.selectFrom('events').select('seq').limit(1).execute()).length > 0) {
    log('reusing the PostgreSQL schema (it holds events)');
    await domain.close();
    return;
  }
  log(`building ${data.opts.events.toLocaleString('en-US')} events for ${data.opts.customers.toLocaleString('en-US')} customers in ${databaseUrl ? 'PostgreSQL' : dataDir}…`);
  try {
    // Each batch timed, so the build also shows issue 15's slices (does ingest slow down as the database grows?).
    const batches: { events: number; ms: number }[] = [];
    const timed: IngestService = {
      async ingest(actor, events, opts) {
        const t0 = performance.now();
        const out = await domain.ingest.ingest(actor, events, opts);
        batches.push({ events: events.length, ms: performance.now() - t0 });
        return out;
      },
    };
    const load = await loadThroughIngest(timed, data, { progress: log });
    log(`ingested at ${Math.round(load.eventsPerSecond).toLocaleString('en-US')} events/s`);
    const slices = slicesOf(batches, [], load.events).map((sl) => sl.ingestEventsPerSecond);
    const flat = slices.length > 1 ? slices[slices.length - 1]! / slices[0]! : NaN;
    log(`ingest per tenth of the load (events/s): ${slices.map((v) => Math.round(v).toLocaleString('en-US')).join(', ')}; last / first ${flat.toFixed(2)}× (issue 15: ≥ ${SLICE_FLATNESS}×)`);
  } finally {
    await domain.close();
  }
}

function parseCli(argv: readonly string[]): { size: keyof typeof SEARCH_SIZES; dataDir?: string; samples?: number } {
  let size: keyof typeof SEARCH_SIZES = 'full';
  let dataDir: string | undefined;
  let samples: number | undefined;
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
  if (samples !== undefined && (!Number.isInteger(samples) || samples < 1)) throw new Error('--samples expects a positive integer');
  return { size, ...(dataDir ? { dataDir: resolve(dataDir) } : {}), ...(samples ? { samples } : {}) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const log = (line: string) => console.log(line);
  try {
    const args = parseCli(process.argv.slice(2));
    const data = datasetFor(SEARCH_SIZES[args.size]);
    const dir = args.dataDir ?? mkdtempSync(join(tmpdir(), 'omni-search-bench-'));
    try {
      await prepareDataDir(dir, data, log);
      const result = await benchSearch(dir, data, args.samples ?? SEARCH_SIZES[args.size].searchSamples, log);
      console.log(searchSection(result).join('\n'));
    } finally {
      if (!args.dataDir) rmSync(dir, { recursive: true, force: true });
    }
    process.exit(0);
  } catch (err) {
    console.error(`search bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  }
}
