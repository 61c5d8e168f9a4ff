/*
 * Inbox pages at scale (issue 11: a page of 50 at 100k open conversations / 1M events <= 2x the raw SQL floor,
 * p50 and p99), and the hub's RSS after that workload (<= 150 MB). Runs on the ingest load's SQLite data dir:
 * seeds the work (bench/inbox-seed.ts, bulk SQL, untimed), then for Mine, Unassigned, the busiest queue and All:
 *   domain: `conversations.list` in-process (the query, the customer-name join, row mapping, cursor), in a compiled
 *           process of its own started with the hub's runtime flags (inbox-domain-child.ts), against the
 *           SQL floor: the same SQL as one prepared better-sqlite3 statement on the same file, raw rows, nothing else;
 *   http:   `GET /api/v1/conversations?view=…&limit=50` (then `&before=` keyset pages) at a fresh compiled hub
 *           process, request start -> parsed JSON body (session, zod parse, handler, serialization), against the
 *           HTTP floor: those same SQL rows from a bare Fastify route in a compiled process of its own (inbox-floor-child.ts),
 *           request start -> parsed JSON. The in-process SQL floor is sampled beside it too and reported (not judged:
 *           it pays no HTTP round trip, so the ratio to it is mostly the loopback request).
 * Samples of each path and its floors are interleaved page by page, so load on the machine hits all alike; the
 * floor's rows must be the measured path's rows (counted as "wrong" otherwise). The inbox counts (pushed live on
 * every change, read by every console on open) are measured the same way against their grouped count.
 * `npm run bench -- --only inbox` (needs the ingest load, which it triggers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConversationPage } from '../shared/index.js';
import { benchHubEnv, spawnChild } from './child.js';
import { compileChild } from './compile.js';
import { INBOX_VIEWS, PAGE, inboxSqlFloor, type FloorRow, type InboxView, type Position } from './inbox-floor.js';
import type { InboxDomainRun } from './inbox-domain-child.js';
import { measureViews, queryOf, type Which } from './inbox-measure.js';
import { datasetFor, prepareDataDir } from './search-bench.js';
import { INBOX_FANOUT_SIZES, SIZES, type SizeName } from './sizes.js';
import { ms, summarize, type Summary } from './stats.js';

export const INBOX_TARGET_RATIO = 2;
export const INBOX_RSS_TARGET_MB = 150;
const ADMIN = { email: 'bench@omni.local', password: 'bench-admin-password' };
export { INBOX_VIEWS, type InboxView };

export interface InboxRow {
  path: 'domain' | 'http';
  /** A view's first page, its next (keyset) pages, or the counts. */
  what: `${InboxView} first` | `${InboxView} next` | 'counts';
  measured: Summary;
  /** The judged floor: the SQL floor in-process (domain), the HTTP floor (http). */
  floor: Summary;
  ratioP50: number;
  ratioP99: number;
  /** http only: the in-process SQL floor sampled beside it (reported, not judged). */
  sqlFloor?: Summary;
}

export interface InboxBenchResult {
  customers: number;
  events: number;
  work: number;
  total: number;
  mine: number;
  rounds: number;
  nextPages: number;
  rows: InboxRow[];
  /** Pages whose ids differed from the floor's. */
  wrong: number;
  rss: { startupMB: number; afterMB: number; heapUsedMB: number; requests: number };
  load: [number, number];
}


/** Seeds the work into `dataDir` (a loaded SQLite data dir), then measures in-process and over HTTP. */
export async function benchInbox(dataDir: string, opts: { target: number; rounds: number; nextPages: number; customers: number; events: number; log?: (line: string) => void }): Promise<InboxBenchResult> {
  const log = opts.log ?? (() => {});
  const load0 = loadavg()[0]!;
  const samples = new Map<string, Record<Which, number[]>>();
  const push = (key: string, which: Which, v: number) => {
    const s = samples.get(key) ?? { measured: [], floor: [], sqlFloor: [] };
    s[which].push(v);
    samples.set(key, s);
  };
  const floorFile = join(dataDir, 'omni.sqlite');
  // In-process half: its own process under the hub's runtime flags (see inbox-domain-child.ts).
  const domainChild = await spawnChild<{ ready: true }>('inbox-domain-child.ts', {}, await compileChild('inbox-domain-child.ts'));
  let inProcess: InboxDomainRun;
  try {
    inProcess = await domainChild.request<InboxDomainRun>(`run ${JSON.stringify({ dataDir, target: opts.target, rounds: opts.rounds, nextPages: opts.nextPages, nowMs: Date.UTC(2025, 5, 1) })}`);
    if ('error' in inProcess) throw new Error(`inbox in-process child: ${String((inProcess as { error: unknown }).error)}`);
  } finally {
    await domainChild.close();
  }
  const { seed } = inProcess;
  let wrong = inProcess.wrong;
  for (const [key, s] of inProcess.samples) samples.set(key, s);
  log(`  inbox: ${seed.work.toLocaleString('en-US')} open + pending conversations (${seed.total.toLocaleString('en-US')} in all, ${seed.mine} the bench agent's) seeded in ${inProcess.seedSeconds.toFixed(1)} s`);
  for (const [key, s] of samples) {
    const [m, f] = [summarize(s.measured), summarize(s.floor)];
    log(`  inbox ${key}: p50 ${ms(m.p50)} vs floor ${ms(f.p50)}, p99 ${ms(m.p99)} vs floor ${ms(f.p99)}`);
  }
  log(`  inbox: in-process done (${wrong} pages differ from the floor); fresh compiled hub process over HTTP…`);

  const compiled = await compileChild('hub-child.ts');
  const child = await spawnChild<{ url: string; rssMB: number }>('hub-child.ts', benchHubEnv(dataDir, 'bench-ingest-key-0123456789', ADMIN), compiled);
  const floorChild = await compileChild('inbox-floor-child.ts')
    .then((build) => spawnChild<{ url: string }>('inbox-floor-child.ts', { OMNI_BENCH_DB: floorFile, OMNI_BENCH_AGENT: seed.agentId, OMNI_BENCH_QUEUE: seed.queueId }, build))
    .catch(async (err: unknown) => {
      await child.close();
      throw err;
    });
  let requests = 0;
  let rss: InboxBenchResult['rss'];
  try {
    const { url } = child.ready;
    const headers = { authorization: `Bearer ${seed.token}` };
    const get = async <T>(path: string): Promise<T> => {
      requests++;
      const res = await fetch(`${url}${path}`, { headers });
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const httpList = (view: InboxView, before: string | null): Promise<ConversationPage> => {
      const q = queryOf(view, seed, before);
      const params = new URLSearchParams({ view: q.view, limit: String(q.limit), ...(q.queue ? { queue: q.queue } : {}), ...(q.before ? { before: q.before } : {}) });
      return get<ConversationPage>(`/api/v1/conversations?${params.toString()}`);
    };
    // The HTTP floor: same rows, bare route, same request -> parsed JSON on this side.
    const floorGet = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${floorChild.ready.url}${path}`);
      if (res.status !== 200) throw new Error(`floor GET ${path}: HTTP ${res.status}`);
      return (await res.json()) as T;
    };
    const httpFloor = async (view: InboxView, before: Position | null) => (await floorGet<{ rows: FloorRow[] }>(`/floor?view=${view}${before ? `&before=${encodeURIComponent(JSON.stringify(before))}` : ''}`)).rows;
    const floor = inboxSqlFloor(floorFile, seed);
    try {
      const floors = { floor: httpFloor, sqlFloor: floor.page };
      await measureViews(httpList, floors, 3, 2, () => {}); // warm-up
      await measureViews(httpList, floors, opts.rounds, opts.nextPages, (key, which, v) => push(`http|${key}`, which, v), () => wrong++);
      const order: Which[] = ['measured', 'floor', 'sqlFloor'];
      for (let i = 0; i < opts.rounds; i++) {
        for (const which of [...order.slice(i % 3), ...order.slice(0, i % 3)]) {
          const s = performance.now();
          if (which === 'measured') await get('/api/v1/conversations/counts');
          else if (which === 'floor') await floorGet('/counts');
          else floor.counts();
          push('http|counts', which, performance.now() - s);
        }
      }
    } finally {
      floor.close();
    }
    const m = await child.request<{ rssMB: number; heapUsedMB: number }>('rss');
    rss = { startupMB: child.ready.rssMB, afterMB: m.rssMB, heapUsedMB: m.heapUsedMB, requests };
  } finally {
    await child.close();
    await floorChild.close();
  }

  const rows: InboxRow[] = [];
  for (const [key, s] of samples) {
    const [path, what] = key.split('|') as [InboxRow['path'], InboxRow['what']];
    const measured = summarize(s.measured);
    const fl = summarize(s.floor);
    rows.push({ path, what, measured, floor: fl, ratioP50: measured.p50 / fl.p50, ratioP99: measured.p99 / fl.p99, ...(s.sqlFloor.length ? { sqlFloor: summarize(s.sqlFloor) } : {}) });
  }
  return { customers: opts.customers, events: opts.events, work: seed.work, total: seed.total, mine: seed.mine, rounds: opts.rounds, nextPages: opts.nextPages, rows, wrong, rss, load: [load0, loadavg()[0]!] };
}

const WHAT_LABEL = (w: InboxRow['what']) => (w === 'counts' ? 'counts (all, unassigned, mine, per queue)' : w.replace('queue', 'a queue').replace(' first', ', first page').replace(' next', ', next pages (before=)'));
const pass = (r: InboxRow) => r.ratioP50 <= INBOX_TARGET_RATIO && r.ratioP99 <= INBOX_TARGET_RATIO;
const verdict = (ok: boolean) => (ok ? '**PASS**' : '**MISS**');

export function inboxSummaryRows(r: InboxBenchResult): string[] {
  const pages = r.rows.filter((x) => x.what !== 'counts');
  const worst = (path: InboxRow['path']) => pages.filter((x) => x.path === path).reduce((a, b) => (Math.max(b.ratioP50, b.ratioP99) > Math.max(a.ratioP50, a.ratioP99) ? b : a));
  const out = (['domain', 'http'] as const).map((path) => {
    const w = worst(path);
    const all = pages.filter((x) => x.path === path).every(pass) && r.wrong === 0;
    const target = path === 'http' ? `≤ ${INBOX_TARGET_RATIO}× raw SQL floor over HTTP (same rows, bare Fastify route; p50 and p99)` : `≤ ${INBOX_TARGET_RATIO}× raw SQL floor (p50 and p99)`;
    const sql = w.sqlFloor ? `; vs the in-process SQL floor (no HTTP, reported) p50 ${(w.measured.p50 / w.sqlFloor.p50).toFixed(2)}×, p99 ${(w.measured.p99 / w.sqlFloor.p99).toFixed(2)}×` : '';
    return `| Inbox page of ${PAGE}, ${path === 'http' ? 'HTTP at a hub process' : 'in-process domain'}, ${r.work.toLocaleString('en-US')} open conversations / ${r.events.toLocaleString('en-US')} events (4 views, first and next pages) | ${target} | worst: ${WHAT_LABEL(w.what)} p50 ${ms(w.measured.p50)} vs ${ms(w.floor.p50)} (${w.ratioP50.toFixed(2)}×), p99 ${ms(w.measured.p99)} vs ${ms(w.floor.p99)} (${w.ratioP99.toFixed(2)}×)${sql} | ${verdict(all)} |`;
  });
  out.push(`| Hub RSS after the inbox workload (${r.rss.requests.toLocaleString('en-US')} requests, ${r.work.toLocaleString('en-US')} open conversations), compiled | ≤ ${INBOX_RSS_TARGET_MB} MB | ${r.rss.afterMB.toFixed(0)} MB | ${verdict(r.rss.afterMB <= INBOX_RSS_TARGET_MB)} |`);
  return out;
}

export function inboxSection(r: InboxBenchResult): string[] {
  const out = ['## Inbox pages (issue 11)', ''];
  out.push(
    `SQLite data dir of the ingest load (${r.customers.toLocaleString('en-US')} customers, ${r.events.toLocaleString('en-US')} events) with ${r.work.toLocaleString('en-US')} open + pending conversations (${r.total.toLocaleString('en-US')} rows with solved history) over 12 queues (skewed), 60 agents, 4 priorities and SLA deadlines (most ahead, some at risk, some breached, some none), seeded in bulk before the clock starts. ` +
      `Views Mine (the bench agent: ${r.mine} conversations), Unassigned, the busiest queue and All; ${r.rounds} rounds of the first page of ${PAGE} and up to ${r.nextPages} keyset pages (\`before=\`). ` +
      '**domain**: `conversations.list` in-process, in a compiled process of its own started with the hub\'s runtime flags (HUB_NODE_FLAGS: 2 MB semi-spaces), the floor in the same process; **http**: `GET /api/v1/conversations` at a fresh compiled hub process as the agent, request start → parsed JSON. ' +
      '**Floor** (judged): for domain, the same SQL as one prepared better-sqlite3 statement on the same file (raw rows); for http, those same rows served as JSON by a bare Fastify route in a compiled process of its own (no session, validation or mapping), request start → parsed JSON, so both sides pay the loopback round trip. ' +
      'The http rows also show the in-process SQL floor sampled beside them (**SQL floor**, reported only: the ratio to it is mostly the HTTP round trip). All interleaved page by page with the measured path. ' +
      `Floor and domain returned different rows on ${r.wrong} pages. Load average ${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)}.`,
    '',
    '| Path | What | Samples | p50 | floor p50 | p50 ratio | p99 | floor p99 | p99 ratio | SQL floor p50 / p99 (ratios) | Result |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  const sqlCell = (x: InboxRow) => (x.sqlFloor ? `${ms(x.sqlFloor.p50)} / ${ms(x.sqlFloor.p99)} (${(x.measured.p50 / x.sqlFloor.p50).toFixed(2)}× / ${(x.measured.p99 / x.sqlFloor.p99).toFixed(2)}×)` : '— (the floor)');
  for (const x of r.rows) out.push(`| ${x.path} | ${WHAT_LABEL(x.what)} | ${x.measured.n} | ${ms(x.measured.p50)} | ${ms(x.floor.p50)} | ${x.ratioP50.toFixed(2)}× | ${ms(x.measured.p99)} | ${ms(x.floor.p99)} | ${x.ratioP99.toFixed(2)}× | ${sqlCell(x)} | ${x.what === 'counts' ? '— (reported)' : verdict(pass(x))} |`);
  out.push('', `Hub RSS (compiled): ${r.rss.startupMB.toFixed(0)} MB at startup, ${r.rss.afterMB.toFixed(0)} MB after ${r.rss.requests.toLocaleString('en-US')} inbox requests (JS heap ${r.rss.heapUsedMB.toFixed(0)} MB): ${verdict(r.rss.afterMB <= INBOX_RSS_TARGET_MB)} (≤ ${INBOX_RSS_TARGET_MB} MB).`, '');
  return out;
}

/* Alone, reusing a built data dir: `npx tsx bench/inbox-bench.ts --size full --data-dir .tmp/inbox-1m` (built through ingest when empty). */
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const size = (at('--size') ?? 'quick') as SizeName;
  const given = at('--data-dir');
  const dir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'omni-inbox-bench-'));
  const log = (line: string) => console.log(line);
  try {
    if (!(size in SIZES)) throw new Error(`--size expects one of ${Object.keys(SIZES).join(', ')}`);
    // --events: a mid-size data set (customers scale with it, like `npm run bench -- --events`); --conversations: the open work.
    const events = Number(at('--events') ?? SIZES[size].events);
    const sizes = { ...SIZES[size], events, customers: events === SIZES[size].events ? SIZES[size].customers : Math.max(100, Math.round(events / 10)) };
    await prepareDataDir(dir, datasetFor(sizes), log);
    const shape = INBOX_FANOUT_SIZES[size];
    const target = Number(at('--conversations') ?? shape.inboxConversations);
    const r = await benchInbox(dir, { target, rounds: Number(at('--rounds') ?? shape.inboxRounds), nextPages: shape.inboxNextPages, customers: sizes.customers, events: sizes.events, log });
    console.log([...inboxSummaryRows(r), '', ...inboxSection(r)].join('\n'));
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  } finally {
    if (!given) rmSync(dir, { recursive: true, force: true });
  }
}
