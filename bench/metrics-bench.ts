/*
 * Team-lead floor (issue 13): incremental metrics with 50 queues, 500 agents and 100k contacts today.
 *   tick:    hub time of one update (a conversation change folded into the live state, its leg written, and
 *            the `metrics:updated` payload built for its queue); floor = the same leg's upsert alone (the
 *            write every update costs anyway), measured in the same run, alternating.
 *   latency: conversation fact published -> `metrics.updated` published for the leads (includes the 100 ms
 *            push coalescing; socket transport is measured by the widget/live benches).
 *   rss:     hub process RSS with the day loaded, against the same process before the hub was built.
 * Targets: tick <= 50 ms, latency p99 <= 2 s, RSS <= 150 MB. `npm run bench -- --only metrics`, or alone:
 * `npx tsx bench/metrics-bench.ts [contacts]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNELS, type Channel, type Conversation } from '../shared/index.js';
import { createDomain, type SqlDomain } from '../server/create-domain.js';
import { localDayBounds } from '../server/metrics/metrics-service.js';
import { metricsDb } from '../server/metrics/tables.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

export interface MetricsBenchResult {
  queues: number;
  agents: number;
  contacts: number;
  loadSeconds: number;
  tick: { p50: number; p99: number; max: number };
  floor: { p50: number; p99: number };
  /** tick p50 / floor p50. */
  ratio: number;
  latency: { p50: number; p99: number; samples: number };
  rss: { baselineMB: number; loadedMB: number; deltaMB: number };
}

const WORK_CHANNELS: Channel[] = ['chat', 'email', 'sms', 'phone'];

export async function benchMetrics(opts: { contacts: number; queues?: number; agents?: number; samples?: number; log?: (l: string) => void }): Promise<MetricsBenchResult> {
  const log = opts.log ?? (() => {});
  const queues = opts.queues ?? 50;
  const agentCount = opts.agents ?? 500;
  const samples = opts.samples ?? 200;
  const dir = mkdtempSync(join(tmpdir(), 'omni-metrics-bench-'));
  globalThis.gc?.();
  const baselineMB = process.memoryUsage().rss / 2 ** 20;
  const domain = (await createDomain({ dataDir: dir, defaultRegion: 'US' })) as unknown as SqlDomain;
  try {
    const db = metricsDb(domain.database.db as never);
    const now = Date.now();
    const { startUs } = localDayBounds(domain.metricsEngine['o'].timeZone, now);
    // Queues and agents as rows (no password hashing: the floor only reads names, roles and teams).
    const queueIds = Array.from({ length: queues }, (_, i) => `team_bench_${i}`);
    await db.insertInto('teams').values(queueIds.map((id, i) => ({ id, key: `bench-${i}`, name: `Queue ${i + 1}`, name_folded: `queue ${i + 1}`, description: null, created_at_us: startUs }))).execute();
    const agentIds = Array.from({ length: agentCount }, (_, i) => `usr_bench_${i}`);
    for (let i = 0; i < agentIds.length; i += 100) {
      const chunk = agentIds.slice(i, i + 100);
      await db.insertInto('users').values(chunk.map((id) => ({ id, email: `${id}@bench.local`, name: `Agent ${id.slice(10)}`, role: 'agent', password_hash: 'x', created_at_us: startUs }))).execute();
      await db.insertInto('team_members').values(chunk.map((id, j) => ({ team_id: queueIds[(i + j) % queues]!, user_id: id, added_at_us: startUs }))).execute();
    }
    // 100k contacts today, spread over the day so far and over the queues and channels.
    const t0 = performance.now();
    const span = Math.max(60_000_000, now * 1000 - startUs - 60_000_000);
    const batch = 5000;
    for (let i = 0; i < opts.contacts; i += batch) {
      await domain.metrics.recordHistory(
        Array.from({ length: Math.min(batch, opts.contacts - i) }, (_, j) => {
          const k = i + j;
          const arrived = startUs + Math.floor((k / opts.contacts) * span);
          const abandoned = k % 17 === 0;
          const wait = (k % 90) * 1_000_000;
          return {
            queueId: queueIds[k % queues]!,
            channel: WORK_CHANNELS[k % WORK_CHANNELS.length]!,
            arrivedAt: new Date(arrived / 1000).toISOString(),
            answeredAt: abandoned ? null : new Date((arrived + wait) / 1000).toISOString(),
            abandonedAt: abandoned ? new Date((arrived + wait) / 1000).toISOString() : null,
            handleSec: 120 + (k % 300),
            agentId: agentIds[k % agentCount]!,
          };
        }),
      );
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    log(`metrics: ${opts.contacts} contacts loaded in ${loadSeconds.toFixed(1)} s`);
    await domain.metrics.refreshSide(true);

    const engine = domain.metricsEngine;
    const conv = (i: number, status: Conversation['status'], assigneeId: string | null): Conversation =>
      ({ id: `cv_bench_${i}`, customerId: `cus_bench_${i}`, customerName: null, status, snoozedUntil: null, priority: 'normal', queueId: queueIds[i % queues]!, assigneeId, tags: [], subject: 'bench', channels: ['chat'], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), firstResponseAt: null, lastCustomerMessageAt: null, waitingSince: null, solvedAt: null, slaPolicyId: 'default', firstResponseDueAt: null, nextResponseDueAt: null, resolutionDueAt: null, nextDueAt: null, itemCount: 1 }) as Conversation;

    // Tick vs floor, alternating: fold + write + payload, against the bare upsert of a leg row.
    const tick: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < samples; i++) {
      const a = performance.now();
      await engine.onConversations([conv(i, 'open', null)]);
      engine.changedRows([queueIds[i % queues]!]);
      tick.push(performance.now() - a);
      const b = performance.now();
      await db
        .insertInto('metrics_contacts')
        .values({ id: `floor_${i}`, conversation_id: null, call_sid: null, customer_id: null, queue_id: 'floor', channel: 'chat', arrived_us: startUs, answered_us: null, ended_us: null, outcome: 'waiting', agent_id: null, handle_sec: null, version: 1, changed_us: startUs })
        .onConflict((oc) => oc.column('id').doUpdateSet({ version: 2 }))
        .execute();
      floor.push(performance.now() - b);
    }
    // Latency: the fact published on the bus -> the push published (what the socket layer sends on at once).
    const latency: number[] = [];
    for (let i = 0; i < Math.min(50, samples); i++) {
      const pushed = new Promise<number>((resolve) => (engine.onPushed = () => resolve(performance.now())));
      const a = performance.now();
      domain.events.publish('conversation.updated', { conversations: [conv(i, 'open', agentIds[i]!)], was: [{ queueId: queueIds[i % queues]!, assigneeId: null }], counts: async () => ({}) as never });
      latency.push((await pushed) - a);
    }
    engine.onPushed = null;
    globalThis.gc?.();
    const loadedMB = process.memoryUsage().rss / 2 ** 20;
    const result: MetricsBenchResult = {
      queues,
      agents: agentCount,
      contacts: opts.contacts,
      loadSeconds,
      tick: { p50: pct(tick, 50), p99: pct(tick, 99), max: Math.max(...tick) },
      floor: { p50: pct(floor, 50), p99: pct(floor, 99) },
      ratio: pct(tick, 50) / Math.max(pct(floor, 50), 1e-6),
      latency: { p50: pct(latency, 50), p99: pct(latency, 99), samples: latency.length },
      rss: { baselineMB, loadedMB, deltaMB: loadedMB - baselineMB },
    };
    return result;
  } finally {
    await domain.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line of the summary table: the three targets, judged together. */
export function metricsSummaryRow(r: MetricsBenchResult): string {
  const pass = r.tick.p99 <= 50 && r.latency.p99 <= 2000 && r.rss.loadedMB <= 150;
  return `| Floor metrics: update tick p99 / event -> push p99 / hub RSS (${r.queues} queues, ${r.agents} agents, ${r.contacts.toLocaleString('en-US')} contacts) | <= 50 ms / <= 2 s / <= 150 MB | ${r.tick.p99.toFixed(1)} ms / ${r.latency.p99.toFixed(0)} ms / ${r.rss.loadedMB.toFixed(0)} MB | **${pass ? 'PASS' : 'MISS'}** |`;
}

export function metricsReportLines(r: MetricsBenchResult): string[] {
  return [
    `## Team-lead floor (issue 13)`,
    ``,
    `${r.queues} queues, ${r.agents} agents, ${r.contacts.toLocaleString('en-US')} contacts today (loaded in ${r.loadSeconds.toFixed(1)} s).`,
    ``,
    `| measure | value | target |`,
    `|---|---|---|`,
    `| update tick, hub time p50 / p99 / max | ${r.tick.p50.toFixed(2)} / ${r.tick.p99.toFixed(2)} / ${r.tick.max.toFixed(2)} ms | <= 50 ms |`,
    `| floor (the leg's upsert alone) p50 / p99 | ${r.floor.p50.toFixed(2)} / ${r.floor.p99.toFixed(2)} ms | |`,
    `| tick / floor (p50) | ${r.ratio.toFixed(2)}x | |`,
    `| event -> push published p50 / p99 (${r.latency.samples} samples, incl. 100 ms coalescing) | ${r.latency.p50.toFixed(1)} / ${r.latency.p99.toFixed(1)} ms | <= 2000 ms |`,
    `| hub RSS with the day loaded (process before the hub: ${r.rss.baselineMB.toFixed(0)} MB) | ${r.rss.loadedMB.toFixed(0)} MB (+${r.rss.deltaMB.toFixed(0)} MB) | <= 150 MB |`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const contacts = Number(process.argv[2] ?? 100_000);
  void CHANNELS;
  benchMetrics({ contacts, log: console.log })
    .then((r) => console.log(metricsReportLines(r).join('\n')))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
