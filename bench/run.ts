/*
 * `npm run bench` — measures the Foundation's four targets, connector throughput and next-action recompute; writes docs/benchmarks.md.
 *   --quick        small smoke size
 *   --only <list>  ingest | timeline | live | rss | connectors | actions | search | duplicates | clv | permissions | browser, comma-separated (timeline, rss, search, duplicates and browser need the ingest load; browser a built renderer)
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
import { benchDuplicates } from './duplicates-bench.js';
import { benchClv } from './clv-bench.js';
import { compileChild } from './compile.js';
import { SIZES, type SizeName } from './sizes.js';
import { benchTimeline } from './timeline.js';
import { benchPermissionOverhead } from './permissions-bench.js';
import { systemActor, type Actor } from '../shared/actor.js';

export const BENCHES = ['ingest', 'timeline', 'live', 'rss', 'connectors', 'actions', 'search', 'duplicates', 'clv', 'permissions', 'browser'] as const;
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
    if (want('ingest') || want('timeline') || want('rss') || want('search') || want('duplicates') || want('browser')) {
      step(`ingest: ${sizes.events.toLocaleString('en-US')} events for ${sizes.customers.toLocaleString('en-US')} customers into SQLite through domain.ingest…`);
      const domain = await createDomain({ dataDir: sqliteDir, defaultRegion: 'US' });
      try {
        // The raw floor writes the same rows into its own database, interleaved batch by batch (untimed reads in between).
        const vsFloor = await benchIngestVsFloor(domain, dataset(), tmp, log);
        const load = vsFloor.load;
        const active = Number((domain.database.raw.dialect === 'sqlite' ? domain.database.raw.sqlite.prepare('select count(*) as n from customers where merged_into is null').get() as { n: number } : { n: 0 }).n);
        report.ingest = { ...load, customers: sizes.customers, activeCustomers: active, floor: vsFloor.floor, floorRatio: vsFloor.ratio };
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
    else if (a === '--only' || a.startsWith('--only=')) {
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
