/*
 * Inbox pages at scale (issue 11: a page of 50 at 100k open conversations / 1M events <= 2x the raw SQL floor,
 * p50 and p99), and the hub's RSS after that workload (<= 150 MB). Runs on the ingest load's SQLite data dir:
 * seeds the work (bench/inbox-seed.ts, bulk SQL, untimed), then for Mine, Unassigned, the busiest queue and All:
 *   domain: `conversations.list` in-process (the query builder, the customer-name join, row mapping, cursor);
 *   http:   `GET /api/v1/conversations?view=…&limit=50` (then `&before=` keyset pages) at a fresh compiled hub
 *           process, request start -> parsed JSON body (session, zod parse, handler, serialization);
 *   floor:  the same SQL as one prepared better-sqlite3 statement on the same file, raw rows, nothing else.
 * Samples of each path and the floor are interleaved page by page, so load on the machine hits both alike; the
 * floor's rows must be the domain's rows (counted as "wrong" otherwise). The inbox counts (pushed live on every
 * change, read by every console on open) are measured the same way against their grouped count.
 * `npm run bench -- --only inbox` (needs the ingest load, which it triggers).
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDomain } from '../server/create-domain.js';
import { SQLITE_CACHE_KIB } from '../server/storage/open-database.js';
import type { ConversationListQuery, ConversationPage } from '../shared/index.js';
import { benchHubEnv, spawnChild } from './child.js';
import { compileChild } from './compile.js';
import { seedInbox, type InboxSeed } from './inbox-seed.js';
import { datasetFor, prepareDataDir } from './search-bench.js';
import { INBOX_FANOUT_SIZES, SIZES, type SizeName } from './sizes.js';
import { ms, summarize, type Summary } from './stats.js';

export const INBOX_TARGET_RATIO = 2;
export const INBOX_RSS_TARGET_MB = 150;
const ADMIN = { email: 'bench@omni.local', password: 'bench-admin-password' };
const PAGE = 50;

export type InboxView = 'mine' | 'unassigned' | 'queue' | 'all';
export const INBOX_VIEWS: readonly InboxView[] = ['mine', 'unassigned', 'queue', 'all'];

export interface InboxRow {
  path: 'domain' | 'http';
  /** A view's first page, its next (keyset) pages, or the counts. */
  what: `${InboxView} first` | `${InboxView} next` | 'counts';
  measured: Summary;
  floor: Summary;
  ratioP50: number;
  ratioP99: number;
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

type Position = [number, number, number, string];
interface FloorRow { id: string; sla_due_us: number; priority_rank: number; created_at_us: number }

/**
 * The raw floor: the inbox SQL per view as prepared statements, read-only, same page cache as the hub. The best plan
 * SQLite has for it: one index-ordered arm per work status cut at the page size, merged, then the customers join.
 */
function inboxFloor(file: string, seed: InboxSeed) {
  const db = new BetterSqlite3(file, { readonly: true });
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  const viewWhere: Record<InboxView, string> = { mine: ' and assignee_id = ?', unassigned: ' and assignee_id is null', queue: ' and queue_id = ?', all: '' };
  const order = 'order by sla_due_us, priority_rank, created_at_us, id limit ?';
  const after = ' and (sla_due_us, priority_rank, created_at_us, id) > (?, ?, ?, ?)';
  const sqlOf = (v: InboxView, next: boolean) => {
    const arm = (status: string) => `select * from (select * from conversations where status = '${status}'${viewWhere[v]}${next ? after : ''} ${order})`;
    return `select c.*, cu.display_name as customer_name from (${arm('open')} union all ${arm('pending')}) as c left join customers as cu on cu.id = c.customer_id order by c.sla_due_us, c.priority_rank, c.created_at_us, c.id limit ?`;
  };
  const stmts = Object.fromEntries(INBOX_VIEWS.map((v) => [v, { first: db.prepare(sqlOf(v, false)), next: db.prepare(sqlOf(v, true)) }])) as Record<InboxView, { first: BetterSqlite3.Statement; next: BetterSqlite3.Statement }>;
  const arg: Record<InboxView, unknown[]> = { mine: [seed.agentId], unassigned: [], queue: [seed.queueId], all: [] };
  const counts = db.prepare("select queue_id, assignee_id, count(*) as n from conversations where status in ('open', 'pending') group by queue_id, assignee_id");
  return {
    page(view: InboxView, before: Position | null): FloorRow[] {
      const arm = before ? [...arg[view], ...before, PAGE + 1] : [...arg[view], PAGE + 1];
      return (before ? stmts[view].next : stmts[view].first).all(...arm, ...arm, PAGE + 1) as FloorRow[];
    },
    counts: () => counts.all(),
    close: () => db.close(),
  };
}

const positionOf = (r: FloorRow): Position => [r.sla_due_us, r.priority_rank, r.created_at_us, r.id];

/** Seeds the work into `dataDir` (a loaded SQLite data dir), then measures in-process and over HTTP. */
export async function benchInbox(dataDir: string, opts: { target: number; rounds: number; nextPages: number; customers: number; events: number; log?: (line: string) => void }): Promise<InboxBenchResult> {
  const log = opts.log ?? (() => {});
  const load0 = loadavg()[0]!;
  const domain = await createDomain({ dataDir, defaultRegion: 'US' });
  let seed: InboxSeed;
  const samples = new Map<string, { measured: number[]; floor: number[] }>();
  const push = (key: string, which: 'measured' | 'floor', v: number) => {
    const s = samples.get(key) ?? { measured: [], floor: [] };
    s[which].push(v);
    samples.set(key, s);
  };
  let wrong = 0;
  const floorFile = join(dataDir, 'omni.sqlite');
  try {
    const t0 = performance.now();
    seed = await seedInbox(domain, opts.target, Date.UTC(2025, 5, 1));
    log(`  inbox: ${seed.work.toLocaleString('en-US')} open + pending conversations (${seed.total.toLocaleString('en-US')} in all, ${seed.mine} the bench agent's) seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const floor = inboxFloor(floorFile, seed);
    try {
      const list = (view: InboxView, before: string | null) => domain.conversations.list(seed.actor, queryOf(view, seed, before));
      await measureViews((view, before) => list(view, before), floor, 3, 2, () => {}); // warm-up
      await measureViews(list, floor, opts.rounds, opts.nextPages, (key, which, v) => push(`domain|${key}`, which, v), () => wrong++);
      for (let i = 0; i < opts.rounds; i++) {
        for (const which of i % 2 === 0 ? (['measured', 'floor'] as const) : (['floor', 'measured'] as const)) {
          const s = performance.now();
          if (which === 'measured') await domain.conversations.counts(seed.actor);
          else floor.counts();
          push('domain|counts', which, performance.now() - s);
        }
      }
    } finally {
      floor.close();
    }
  } finally {
    await domain.close();
  }
  for (const [key, s] of samples) {
    const [m, f] = [summarize(s.measured), summarize(s.floor)];
    log(`  inbox ${key}: p50 ${ms(m.p50)} vs floor ${ms(f.p50)}, p99 ${ms(m.p99)} vs floor ${ms(f.p99)}`);
  }
  log(`  inbox: in-process done (${wrong} pages differ from the floor); fresh compiled hub process over HTTP…`);

  const compiled = await compileChild('hub-child.ts');
  const child = await spawnChild<{ url: string; rssMB: number }>('hub-child.ts', benchHubEnv(dataDir, 'bench-ingest-key-0123456789', ADMIN), compiled);
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
    const floor = inboxFloor(floorFile, seed);
    try {
      await measureViews(httpList, floor, 3, 2, () => {}); // warm-up
      await measureViews(httpList, floor, opts.rounds, opts.nextPages, (key, which, v) => push(`http|${key}`, which, v), () => wrong++);
      for (let i = 0; i < opts.rounds; i++) {
        for (const which of i % 2 === 0 ? (['measured', 'floor'] as const) : (['floor', 'measured'] as const)) {
          const s = performance.now();
          if (which === 'measured') await get('/api/v1/conversations/counts');
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
  }

  const rows: InboxRow[] = [];
  for (const [key, s] of samples) {
    const [path, what] = key.split('|') as [InboxRow['path'], InboxRow['what']];
    const measured = summarize(s.measured);
    const fl = summarize(s.floor);
    rows.push({ path, what, measured, floor: fl, ratioP50: measured.p50 / fl.p50, ratioP99: measured.p99 / fl.p99 });
  }
  return { customers: opts.customers, events: opts.events, work: seed.work, total: seed.total, mine: seed.mine, rounds: opts.rounds, nextPages: opts.nextPages, rows, wrong, rss, load: [load0, loadavg()[0]!] };
}

function queryOf(view: InboxView, seed: InboxSeed, before: string | null): ConversationListQuery {
  return { view, limit: PAGE, ...(view === 'queue' ? { queue: seed.queueId } : {}), ...(before ? { before } : {}) } as ConversationListQuery;
}

/** Per round and view: the first page, then `nextPages` keyset pages; measured and floor interleaved page by page. */
async function measureViews(
  list: (view: InboxView, before: string | null) => Promise<ConversationPage>,
  floor: ReturnType<typeof inboxFloor>,
  rounds: number,
  nextPages: number,
  record: (key: string, which: 'measured' | 'floor', v: number) => void,
  onWrong: () => void = () => {},
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const view of INBOX_VIEWS) {
      let cursor: string | null = null;
      let floorBefore: Position | null = null;
      for (let p = 0; p <= nextPages; p++) {
        const key = `${view} ${p === 0 ? 'first' : 'next'}`;
        let page!: ConversationPage;
        let rows!: FloorRow[];
        const measuredFirst = (round + p) % 2 === 0;
        for (const which of measuredFirst ? (['measured', 'floor'] as const) : (['floor', 'measured'] as const)) {
          const s = performance.now();
          if (which === 'measured') page = await list(view, cursor);
          else rows = floor.page(view, floorBefore);
          record(key, which, performance.now() - s);
        }
        const ids = rows.slice(0, PAGE).map((r) => r.id);
        if (ids.join() !== page.conversations.map((c) => c.id).join()) onWrong();
        if (!page.nextCursor || rows.length <= PAGE) break;
        cursor = page.nextCursor;
        floorBefore = positionOf(rows[PAGE - 1]!);
      }
    }
  }
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
    return `| Inbox page of ${PAGE}, ${path === 'http' ? 'HTTP at a hub process' : 'in-process domain'}, ${r.work.toLocaleString('en-US')} open conversations / ${r.events.toLocaleString('en-US')} events (4 views, first and next pages) | ≤ ${INBOX_TARGET_RATIO}× raw SQL floor (p50 and p99) | worst: ${WHAT_LABEL(w.what)} p50 ${ms(w.measured.p50)} vs ${ms(w.floor.p50)} (${w.ratioP50.toFixed(2)}×), p99 ${ms(w.measured.p99)} vs ${ms(w.floor.p99)} (${w.ratioP99.toFixed(2)}×) | ${verdict(all)} |`;
  });
  out.push(`| Hub RSS after the inbox workload (${r.rss.requests.toLocaleString('en-US')} requests, ${r.work.toLocaleString('en-US')} open conversations), compiled | ≤ ${INBOX_RSS_TARGET_MB} MB | ${r.rss.afterMB.toFixed(0)} MB | ${verdict(r.rss.afterMB <= INBOX_RSS_TARGET_MB)} |`);
  return out;
}

export function inboxSection(r: InboxBenchResult): string[] {
  const out = ['## Inbox pages (issue 11)', ''];
  out.push(
    `SQLite data dir of the ingest load (${r.customers.toLocaleString('en-US')} customers, ${r.events.toLocaleString('en-US')} events) with ${r.work.toLocaleString('en-US')} open + pending conversations (${r.total.toLocaleString('en-US')} rows with solved history) over 12 queues (skewed), 60 agents, 4 priorities and SLA deadlines (most ahead, some at risk, some breached, some none), seeded in bulk before the clock starts. ` +
      `Views Mine (the bench agent: ${r.mine} conversations), Unassigned, the busiest queue and All; ${r.rounds} rounds of the first page of ${PAGE} and up to ${r.nextPages} keyset pages (\`before=\`). ` +
      '**domain**: `conversations.list` in-process; **http**: `GET /api/v1/conversations` at a fresh compiled hub process as the agent, request start → parsed JSON. ' +
      '**Floor**: the same SQL as one prepared better-sqlite3 statement on the same file (raw rows), interleaved page by page with the measured path. ' +
      `Floor and domain returned different rows on ${r.wrong} pages. Load average ${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)}.`,
    '',
    '| Path | What | Samples | p50 | floor p50 | p50 ratio | p99 | floor p99 | p99 ratio | Result |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const x of r.rows) out.push(`| ${x.path} | ${WHAT_LABEL(x.what)} | ${x.measured.n} | ${ms(x.measured.p50)} | ${ms(x.floor.p50)} | ${x.ratioP50.toFixed(2)}× | ${ms(x.measured.p99)} | ${ms(x.floor.p99)} | ${x.ratioP99.toFixed(2)}× | ${x.what === 'counts' ? '— (reported)' : verdict(pass(x))} |`);
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
