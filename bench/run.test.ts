import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCHES, parseArgs, runBench } from './run.js';

// Proves the harness end to end at a tiny size (real domain, real hub processes, real sockets). No timing assertions.
describe('bench harness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omni-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses flags and rejects unknown ones', () => {
    expect(parseArgs([])).toEqual({ size: 'full' });
    expect(parseArgs(['--quick', '--only', 'live,rss', '--out=x.md'])).toEqual({ size: 'quick', only: ['live', 'rss'], out: 'x.md' });
    expect(parseArgs(['--only', 'connectors,actions'])).toEqual({ size: 'full', only: ['connectors', 'actions'] });
    expect(parseArgs(['--only', 'ingest', '--events', '200000'])).toEqual({ size: 'full', only: ['ingest'], events: 200_000 });
    expect(() => parseArgs(['--events', 'lots'])).toThrow(/--events expects/);
    expect(() => parseArgs(['--only', 'nope'])).toThrow(/--only expects/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument --fast/);
    expect(parseArgs(['--size', '10m', '--only', 'ingest'])).toEqual({ size: '10m', only: ['ingest'] });
    expect(() => parseArgs(['--size=huge'])).toThrow(/--size expects/);
  });

  it('runs every bench at a tiny size and writes the report', async () => {
    const out = join(dir, 'benchmarks.md');
    const lines: string[] = [];
    const databaseUrl = process.env['DATABASE_URL'];
    // The browser benches (browser, counter, scroll) need a built renderer and Chromium; they run in `npm run bench`, not here.
    const only = BENCHES.filter((b) => b !== 'browser' && b !== 'counter' && b !== 'scroll');
    const report = await runBench({ size: 'tiny', only, out, log: (l) => lines.push(l), ...(databaseUrl ? { databaseUrl } : {}) });

    expect(report.ingest!.events).toBe(2000);
    expect(report.ingest!.merges).toBeGreaterThan(0);
    // Fragmented customers with fewer than 5 events never meet their bridging event and stay split.
    expect(report.ingest!.activeCustomers).toBeGreaterThanOrEqual(200);
    expect(report.ingest!.activeCustomers).toBeLessThan(230);
    // The raw floor wrote the same rows; durability ran on both settings and grouped concurrent requests.
    expect(report.ingest!.floor!.eventsPerSecond).toBeGreaterThan(0);
    expect(report.ingest!.floorRatio).toBeGreaterThan(0);
    expect(report.durability!.bulk.map((r) => r.synchronous)).toEqual(['NORMAL', 'FULL']);
    expect(report.durability!.sequential[1]!.transactions).toBe(report.durability!.requests);
    expect(report.durability!.concurrent[1]!.transactions).toBeLessThan(report.durability!.requests);
    const sqlite = report.timeline!.sqlite;
    expect(sqlite.length).toBeGreaterThan(0);
    for (const row of sqlite) {
      expect(row.domain.n).toBe(20);
      expect(row.floor.p50).toBeGreaterThan(0);
    }
    if (databaseUrl) expect(report.timeline!.postgres!.length).toBeGreaterThan(0);
    else expect(report.skipped.join()).toMatch(/DATABASE_URL/);
    expect(report.live!.hub.received).toBe(report.live!.hub.sent);
    expect(report.live!.floor.received).toBe(report.live!.floor.sent);
    expect(report.live!.hub.latency.n).toBeGreaterThan(0);
    expect(report.rss!.runs.map((r) => r.runtime)).toEqual(['compiled', 'tsx']);
    for (const r of report.rss!.runs) expect(r.rssMB).toBeGreaterThan(report.rss!.nodeBaselineMB);
    expect(report.connectors!.rows.map((r) => [r.connector, r.sequential.deliveries, r.concurrent.deliveries, r.concurrent.concurrency])).toEqual([
      ['shopify-orders', 10, 40, 8],
      ['mime-email', 10, 40, 8],
    ]);
    expect(report.actions!.customers).toBeGreaterThan(0);
    expect(report.actions!.warm.n).toBe(report.actions!.customers * 5);
    expect(report.search!.rows.map((r) => [r.kind, r.samples])).toEqual([
      ['email', 20],
      ['phone', 20],
      ['name', 20],
    ]);

    expect(report.outbox!.emailsPerSec).toBeGreaterThan(0);
    expect(report.routing).toBeDefined();
    expect(report.widget!.ratio.roundTrip).toBeGreaterThan(0);
    expect(report.metrics!.tick.p50).toBeGreaterThan(0);

    expect(existsSync(out)).toBe(true);
    const md = readFileSync(out, 'utf8');
    for (const heading of ['## Machine', '## Summary', '## Ingest with identity', '## Cost of durability', '## Timeline page of 200', '## Live ingest → socket latency', '## Hub memory', '## Connector throughput', '## Next-action recompute', '## Customer search over HTTP']) expect(md).toContain(heading);
    expect(md).toMatch(/\*\*(PASS|MISS)\*\*/);
    expect(lines.some((l) => l.includes('wrote'))).toBe(true);
  }, 420_000);
});
