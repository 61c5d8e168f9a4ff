/*
 * `npm run bench` — measures the Foundation's four targets, connector throughput and next-action recompute; writes docs/benchmarks.md.
 *   --quick        small smoke size
 *   --size <name>  full (default) | quick | 10m (issue 15's scale check: ten times full, tens of minutes) | tiny
 *   --only <list>  ingest | timeline | live | rss | connectors | actions | search | duplicates | clv | permissions | browser | counter | scroll, comma-separated; issue 11: inbox (needs the ingest load) | fanout (timeline, rss, search, duplicates, browser, counter and scroll need the ingest load; browser, counter and scroll a built renderer)
 *   (quick and --only runs write .tmp/benchmarks-*.md; only a complete full run replaces docs/benchmarks.md)
 *   --out <file>   where to write the report
 * PostgreSQL runs when DATABASE_URL is set (a throwaway schema in that database), else it is skipped.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDomain } from '../server/create-domain.js';
import { benchActions } from './actions-bench.js';
import { benchConnectors } from './connectors-bench.js';
import { BenchDataset } from './dataset.js';
import { benchDurability } from './durability-bench.js';
import { benchIngestVsFloor } from './ingest-bench.js';
import { postgresFloor, sqliteFloor } from './floor.js';
import { benchLive } from './live.js';
import { loadThroughIngest } from './load.js';
import { machineInfo } from './machine.js';
import { adminQuery, copySqliteToPostgres, randomSchema, urlWithSchema } from './postgres.js';
import { renderReport, type BenchReport } from './report.js';
import { benchRss, nodeBaselineRss } from './rss.js';
import { benchSearch } from './search-bench.js';
import { benchBrowserSearch, browserPrerequisiteMissing } from './browser-search-bench.js';
import { benchBrowserCounter } from './browser-counter-bench.js';
import { benchBrowserScroll } from './browser-scroll-bench.js';
import { benchDuplicates } from './duplicates-bench.js';
import { benchClv } from './clv-bench.js';
import { compileChild } from './compile.js';
import { SIZES, type SizeName } from './sizes.js';
import { benchTimeline } from './timeline.js';
import { benchPermissionOverhead } from './permissions-bench.js';
import { benchOutbox } from './outbox-bench.js';
import { benchWidget } from './widget-bench.js';
import { benchRouting } from './routing-bench.js';
import { benchMetrics } from './metrics-bench.js';
import { benchInbox } from './inbox-bench.js';
import { benchFanout } from './fanout-bench.js';
import { INBOX_FANOUT_SIZES } from './sizes.js';
import { systemActor, type Actor } from '../shared/actor.js';

export const BENCHES = ['ingest', 'timeline', 'live', 'rss', 'connectors', 'actions', 'search', 'duplicates', 'clv', 'permissions', 'browser', 'counter', 'scroll', 'outbox', 'widget', 'metrics', 'routing', 'inbox', 'fanout'] as const;
export type BenchName = (typeof BENCHES)[number];

export interface RunOptions {
  size: SizeName;
  only?: readonly BenchName[];
  /** Report path; nothing is written when null. */
  out: string | null;
  databaseUrl?: string;
  log?: (line: string) => void;
  /** Overrides the size's event count (customers scale with it): a mid-size check of one section. */
  events?: number;
}

const n = (v: number) => v.toLocaleString('en-US');
const SEED = 1;

export async function runBench(opts: RunOptions): Promise<BenchReport> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const sizes = opts.events ? { ...SIZES[opts.size], events: opts.events, customers: Math.max(100, Math.round(opts.events / 10)) } : SIZES[opts.size];
  const want = (b: BenchName) => !opts.only || opts.only.includes(b);
  const report: BenchReport = { size: opts.size, sizes, machine: machineInfo(), durationSeconds: 0, loadAverage: { start: loadavg()[0]!, end: 0 }, skipped: [] };
  const tmp = mkdtempSync(join(tmpdir(), 'omni-bench-'));
  const endMs = Date.UTC(2025, 5, 1);
  const dataset = () => new BenchDataset({ customers: sizes.customers, events: sizes.events, heavyCustomers: sizes.heavyCustomers, heavyShare: sizes.heavyShare, fragmentEvery: sizes.fragmentEvery, seed: SEED, endMs });
  const probe = dataset();
  const heavyEmails = Array.from({ length: sizes.heavyCustomers }, (_, c) => probe.email(c));
  const step = (title: string) => log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${title}`);

  try {
    const sqliteDir = join(tmp, 'sqlite');
    if (want('ingest') || want('timeline') || want('rss') || want('search') || want('duplicates') || want('browser') || want('counter') || want('scroll') || want('inbox')) {
      step(`ingest: ${sizes.events.toLocaleString('en-US')} events for ${sizes.customers.toLocaleString('en-US')} customers into SQLite through domain.ingest…`);
      const domain = await createDomain({ dataDir: sqliteDir, defaultRegion: 'US' });
      try {
        // The raw floor writes the same rows into its own database, interleaved batch by batch (untimed reads in between).
        const vsFloor = await benchIngestVsFloor(domain, dataset(), tmp, log);
        const load = vsFloor.load;
        const active = Number((domain.database.raw.dialect === 'sqlite' ? domain.database.raw.sqlite.prepare('select count(*) as n from customers where merged_into is null').get() as { n: number } : { n: 0 }).n);
        report.ingest = { ...load, customers: sizes.customers, activeCustomers: active, floor: vsFloor.floor, floorRatio: vsFloor.ratio, slices: vsFloor.slices, cpu: vsFloor.cpu };
        step(`ingest: ${Math.round(load.eventsPerSecond).toLocaleString('en-US')} events/s, ${load.merges} merges; raw floor ${Math.round(vsFloor.floor.eventsPerSecond).toLocaleString('en-US')} events/s (ratio ${vsFloor.ratio.toFixed(2)})`);
        if (want('timeline')) {
          const ids = await heavyIds(domain.customers, heavyEmails);
          step(`timeline (SQLite): ${sizes.timelineSamples} samples per shape on ${ids.length} customers…`);
          const floor = sqliteFloor(join(sqliteDir, 'omni.sqlite'));
          try {
            report.timeline = { sqlite: await benchTimeline(domain.customers, floor, ids, sizes.timelineSamples) };
          } finally {
            await floor.close();
          }
        }
      } finally {
        await domain.close();
      }

      if (want('ingest')) {
        step(`durability: NORMAL vs FULL, ${n(sizes.durabilityBulkEvents)} events in batches, then ${n(sizes.durabilityRequests)} single-event requests one at a time and ${n(sizes.durabilityRequests)} with ${sizes.connectorConcurrency} in flight…`);
        report.durability = await benchDurability(tmp, { bulkEvents: sizes.durabilityBulkEvents, requests: sizes.durabilityRequests, concurrency: sizes.connectorConcurrency, log });
      }

      if (want('timeline')) {
        if (opts.databaseUrl) await postgresTimeline(opts.databaseUrl);
        else report.skipped.push('Timeline on PostgreSQL: DATABASE_URL is not set');
      }
    }

    if (want('search')) {
      step(`search: fresh hub process, HTTP search by email, phone and name for ${n(sizes.searchSamples)} customers…`);
      report.search = await benchSearch(sqliteDir, dataset(), sizes.searchSamples, log);
      step(`search: p95 ${report.search.rows.map((r) => `${r.kind} ${r.p95.toFixed(1)} ms`).join(', ')}`);
    }

    const browserMissing = want('browser') ? browserPrerequisiteMissing() : null;
    if (browserMissing) report.skipped.push(`Search in a real browser: ${browserMissing}`);
    else if (want('browser')) {
      const rounds = Math.min(100, sizes.searchSamples);
      step(`browser: built console in headless Chromium on a fresh hub process, ${rounds} rounds of typed searches and customer opens…`);
      report.browser = await benchBrowserSearch(sqliteDir, dataset(), rounds, log);
      step(`browser: last key → row p95 ${report.browser.lastKeyToRow.p95.toFixed(1)} ms, first key → timeline p95 ${report.browser.firstKeyToTimeline.p95.toFixed(1)} ms, Enter → timeline p95 ${report.browser.enterToTimeline.p95.toFixed(1)} ms, hub RSS ${report.browser.rss.afterMB.toFixed(0)} MB`);
    }

    const counterMissing = want('counter') ? browserPrerequisiteMissing() : null;
    if (counterMissing) report.skipped.push(`Counter lookup in a real browser: ${counterMissing}`);
    else if (want('counter')) {
      const scans = opts.size === 'full' ? 1000 : sizes.searchSamples;
      step(`counter: built console in headless Chromium at tablet size, counter mode, ${scans} loyalty-card scans…`);
      report.counter = await benchBrowserCounter(sqliteDir, dataset(), scans, log);
      step(`counter: scan → profile p95 ${report.counter.scanToProfile.p95.toFixed(1)} ms, ${report.counter.wrong} wrong`);
    }

    const scrollMissing = want('scroll') ? browserPrerequisiteMissing() : null;
    if (scrollMissing) report.skipped.push(`Scrolling a long timeline in a real browser: ${scrollMissing}`);
    else if (want('scroll')) {
      const items = opts.size === 'full' ? 20_000 : 2_000;
      step(`scroll: one customer with ${n(items)} items, built console in headless Chromium, scrolled end to end…`);
      report.scroll = await benchBrowserScroll(sqliteDir, items, log);
      step(`scroll: frame p95 ${report.scroll.frame.p95.toFixed(1)} ms, ${report.scroll.longTasks} long tasks, ≤ ${report.scroll.maxRowsInDom} rows in the DOM`);
    }

    if (want('duplicates')) {
      step(`duplicates: fresh hub process, GET …/duplicates for ${n(sizes.searchSamples)} customers…`);
      report.duplicates = await benchDuplicates(sqliteDir, dataset(), sizes.searchSamples, log);
      step(`duplicates: first ${report.duplicates.firstMs.toFixed(1)} ms, later p95 ${report.duplicates.p95.toFixed(1)} ms, RSS ${report.duplicates.rssMB.toFixed(0)} MB`);
    }

    if (want('live')) {
      step(`live: raw socket.io floor and hub, ${sizes.watchers} watchers each, ${sizes.eventsPerSecond} events/s, ${sizes.liveSeconds} s each in alternating rounds…`);
      report.live = await benchLive(sizes.watchers, sizes.eventsPerSecond, sizes.liveSeconds, log);
      step(`live: p99 hub ${report.live.hub.latency.p99.toFixed(2)} ms vs floor ${report.live.floor.latency.p99.toFixed(2)} ms`);
    }

    if (want('rss')) {
      step('rss: fresh hub process on the loaded database, serving timeline pages…');
      const emails = [...heavyEmails, ...Array.from({ length: 50 }, (_, k) => probe.email(sizes.heavyCustomers + Math.floor(((k + 1) * sizes.customers) / 53)))];
      const compiled = await compileChild('hub-child.ts');
      report.rss = { nodeBaselineMB: nodeBaselineRss(), runs: [] };
      for (const build of [compiled, undefined]) {
        const r = await benchRss(sqliteDir, emails, sizes.rssPages, build);
        report.rss.runs.push(r);
        step(`rss (${r.runtime}): ${r.rssMB.toFixed(0)} MB`);
      }
    }

    // Issue 11: inbox pages on the ingest load's data dir (seeds open conversations into it: after the benches that read it as ingested).
    if (want('inbox')) {
      const shape = INBOX_FANOUT_SIZES[opts.size];
      step(`inbox: ${n(shape.inboxConversations)} open conversations seeded over the data set; pages of 50 per view in-process and over HTTP at a hub process vs the raw SQL floor, then hub RSS…`);
      report.inbox = await benchInbox(sqliteDir, { target: shape.inboxConversations, rounds: shape.inboxRounds, nextPages: shape.inboxNextPages, customers: sizes.customers, events: sizes.events, log });
      step(`inbox: worst p99 ratio ${Math.max(...report.inbox.rows.filter((r) => r.what !== 'counts').map((r) => r.ratioP99)).toFixed(2)}×; hub RSS ${report.inbox.rss.afterMB.toFixed(0)} MB`);
    }

    if (want('connectors')) {
      step(`connectors: signed Shopify orders and MIME emails over HTTP to a hub process, ${n(sizes.connectorSequential)} one at a time then ${n(sizes.connectorConcurrent)} with ${sizes.connectorConcurrency} in flight, each…`);
      report.connectors = await benchConnectors({ sequential: sizes.connectorSequential, concurrent: sizes.connectorConcurrent, concurrency: sizes.connectorConcurrency, log });
    }

    if (want('actions')) {
      step(`actions: next-action recompute on ${n(sizes.actionsCustomers)} seeded demo customers…`);
      report.actions = await benchActions(sizes.actionsCustomers, log);
      step(`actions: recompute p99 ${report.actions.warm.p99.toFixed(2)} ms`);
    }

    if (want('clv')) {
      step(`clv: customer-value fit on ${n(sizes.customers)} purchasing customers, timeline during the fit, scoring, profile…`);
      report.clv = await benchClv(sizes.customers, log);
    }

    if (want('permissions')) {
      step(`permissions: timeline page with the session lookup + permission check vs both bypassed, ${n(sizes.timelineSamples)} interleaved samples…`);
      report.permissions = await benchPermissionOverhead(sizes.timelineSamples, log);
    }

    // Issue 12: sizes follow the run's size (a smoke run stays small); both run on SQLite in a temp dir of their own.
    const small = opts.size === 'quick';
    const tiny = opts.size === 'tiny';
    if (want('outbox')) {
      const count = tiny ? 60 : small ? 500 : 3000;
      step(`outbox: ${n(count)} replies drained to a local SMTP server (smtp-server, own process), floor = the same mails through the same pooled sender without the database, then paced send→delivered…`);
      report.outbox = await benchOutbox({ count, paced: tiny ? 20 : small ? 150 : 500, log });
      step(`outbox: ${report.outbox.emailsPerSec.toFixed(0)} emails/s (floor ${report.outbox.floorEmailsPerSec.toFixed(0)}/s); send→delivered p99 ${report.outbox.paced.p99Ms} ms`);
    }

    // Issue 11: the routing decision at 500 agents online and 10,000 waiting (smaller in smoke runs), SQLite in a temp dir.
    if (want('routing')) {
      const shape = tiny ? { agents: 50, waiting: 1_000, samples: 40 } : small ? { agents: 200, waiting: 4_000, samples: 100 } : { agents: 500, waiting: 10_000, samples: 500 };
      step(`routing: pull (POST /routing/next's service call) vs a raw SQL read + claim, ${shape.agents} agents, ${n(shape.waiting)} waiting, ${shape.samples} samples…`);
      report.routing = await benchRouting({ ...shape, log });
    }

    if (want('widget')) {
      // p99 needs >= 300 samples to be more than the maximum (a round trip is ~10 ms, so this stays short).
      const samples = tiny ? 12 : small ? 300 : 600;
      step(`widget: chat round trips (customer → agent socket, agent reply → widget) vs a raw socket.io floor, ${samples} samples…`);
      report.widget = await benchWidget({ samples, log });
      step(`widget: round trip p99 hub ${report.widget.hub.roundTrip.p99.toFixed(1)} ms vs floor ${report.widget.floor.roundTrip.p99.toFixed(1)} ms (${report.widget.ratio.roundTrip.toFixed(2)}×)`);
    }
    // Issue 13: the floor's incremental metrics at 50 queues, 500 agents, 100k contacts today (smaller in smoke runs); printed here.
    if (want('metrics')) {
      const contacts = tiny ? 2_000 : small ? 20_000 : 100_000;
      step(`metrics: ${n(contacts)} contacts today over 50 queues and 500 agents; update tick vs a bare leg upsert, event -> push, RSS…`);
      report.metrics = await benchMetrics({ contacts, samples: tiny ? 20 : 200, log });
      step(`metrics: update tick p99 ${report.metrics.tick.p99.toFixed(1)} ms; event -> push p99 ${report.metrics.latency.p99.toFixed(0)} ms; RSS ${report.metrics.rss.loadedMB.toFixed(0)} MB`);
    }
    // Issue 11: presence and offer fan-out to console sockets vs a raw socket.io floor (own temp dir).
    if (want('fanout')) {
      const shape = INBOX_FANOUT_SIZES[opts.size];
      step(`fanout: presence:updated and routing:offer to ${shape.fanoutAgents} agent sockets, hub vs raw socket.io floor, ${shape.fanoutRounds} rounds…`);
      report.fanout = await benchFanout({ agents: shape.fanoutAgents, rounds: shape.fanoutRounds, log });
      step(`fanout: presence p99 ${report.fanout.presence.ratioP99.toFixed(2)}×, offers p99 ${report.fanout.offers.ratioP99.toFixed(2)}× the floor`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  report.durationSeconds = (performance.now() - started) / 1000;
  report.loadAverage.end = loadavg()[0]!;
  if (opts.out) {
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, renderReport(report));
    step(`wrote ${opts.out}`);
  }
  return report;

  async function postgresTimeline(baseUrl: string): Promise<void> {
    const ingestSchema = randomSchema();
    const schema = randomSchema();
    const ingestUrl = urlWithSchema(baseUrl, ingestSchema);
    const url = urlWithSchema(baseUrl, schema);
    await adminQuery(baseUrl, `create schema ${ingestSchema}`);
    await adminQuery(baseUrl, `create schema ${schema}`);
    try {
      step(`postgres: ingest of the first ${sizes.pgIngestEvents.toLocaleString('en-US')} events through domain.ingest…`);
      const pgIngest = await createDomain({ dataDir: tmp, databaseUrl: ingestUrl, defaultRegion: 'US' });
      try {
        report.pgIngest = await loadThroughIngest(pgIngest.ingest, dataset(), { limit: sizes.pgIngestEvents, progress: log });
      } finally {
        await pgIngest.close();
      }
      await adminQuery(baseUrl, `drop schema ${ingestSchema} cascade`);
      step(`postgres: ${Math.round(report.pgIngest.eventsPerSecond).toLocaleString('en-US')} events/s; bulk-copying the SQLite result…`);
      const migrated = await createDomain({ dataDir: tmp, databaseUrl: url, defaultRegion: 'US' });
      await migrated.close();
      report.pgCopy = await copySqliteToPostgres(join(tmp, 'sqlite', 'omni.sqlite'), url, schema, log);
      const domain = await createDomain({ dataDir: tmp, databaseUrl: url, defaultRegion: 'US' });
      const floor = postgresFloor(url);
      try {
        const ids = await heavyIds(domain.customers, heavyEmails);
        step(`timeline (PostgreSQL): ${sizes.timelineSamples} samples per shape…`);
        report.timeline = { ...report.timeline!, postgres: await benchTimeline(domain.customers, floor, ids, sizes.timelineSamples) };
      } finally {
        await floor.close();
        await domain.close();
      }
    } finally {
      await adminQuery(baseUrl, `drop schema if exists ${ingestSchema} cascade`);
      await adminQuery(baseUrl, `drop schema if exists ${schema} cascade`);
    }
  }
}

async function heavyIds(customers: { search(actor: Actor, q: string, limit: number): Promise<{ id: string }[]> }, emails: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const email of emails) {
    const hit = (await customers.search(systemActor('bench'), email, 1))[0];
    if (!hit) throw new Error(`bench customer ${email} not found after ingest`);
    ids.push(hit.id);
  }
  return ids;
}

export function parseArgs(argv: readonly string[]): { size: SizeName; only?: BenchName[]; out?: string; events?: number } {
  let size: SizeName = 'full';
  let only: BenchName[] | undefined;
  let out: string | undefined;
  let events: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') size = 'quick';
    else if (a === '--size' || a.startsWith('--size=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      if (!v || !(v in SIZES)) throw new Error(`--size expects one of ${Object.keys(SIZES).join(', ')} (got "${v ?? ''}")`);
      size = v as SizeName;
    } else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      const names = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = names.filter((n) => !(BENCHES as readonly string[]).includes(n));
      if (names.length === 0 || bad.length) throw new Error(`--only expects one or more of ${BENCHES.join(', ')} (got "${v ?? ''}")`);
      only = names as BenchName[];
    } else if (a === '--out' || a.startsWith('--out=')) {
      out = a.includes('=') ? a.slice(6) : argv[++i];
      if (!out) throw new Error('--out needs a file path');
    } else if (a === '--events' || a.startsWith('--events=')) {
      const v = a.includes('=') ? a.slice(9) : argv[++i];
      events = Number(v);
      if (!Number.isInteger(events) || events < 1000) throw new Error(`--events expects a whole number ≥ 1000 (got "${v ?? ''}")`);
    } else throw new Error(`unknown argument ${a} (use --quick, --only <${BENCHES.join('|')}>, --out <file>, --events <n>)`);
  }
  return { size, ...(only ? { only } : {}), ...(out ? { out } : {}), ...(events ? { events } : {}) };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const args = parseArgs(process.argv.slice(2));
    // Only a complete full-size run replaces docs/benchmarks.md.
    const out = args.out ? resolve(args.out) : join(root, args.size === 'full' && !args.only && !args.events ? 'docs/benchmarks.md' : `.tmp/benchmarks-${args.size}${args.only ? `-${args.only.join('-')}` : ''}${args.events ? `-${args.events}` : ''}.md`);
    const dbUrl = process.env['DATABASE_URL'];
    const report = await runBench({ size: args.size, ...(args.only ? { only: args.only } : {}), ...(args.events ? { events: args.events } : {}), out, ...(dbUrl ? { databaseUrl: dbUrl } : {}) });
    console.log(`bench finished in ${(report.durationSeconds / 60).toFixed(1)} min`);
    process.exit(0);
  } catch (err) {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  }
}
