/*
 * The floor bench's hub (issue 13): the real hub in its own process, configured from the environment like
 * `npm run hub` (hub-child.ts), plus commands that load a day of contacts into it and time its updates, so
 * the RSS the bench reports is a hub's, not the bench driver's.
 *   `rss`                 -> { rssMB, heapUsedMB } (after a full GC when the process may run one)
 *   `load <contacts>`     -> 50 queues, 500 agents and `contacts` legs today written and folded: { loadSeconds }
 *   `measure <samples>`   -> update tick and its floor (alternating), event -> push latency
 *   `close`
 */
import { loadConfig } from '../server/config.js';
import type { SqlDomain } from '../server/create-domain.js';
import type { Contact } from '../server/metrics/figures.js';
import { localDayBounds } from '../server/metrics/metrics-service.js';
import { metricsDb } from '../server/metrics/tables.js';
import { startHub } from '../server/hub.js';
import type { Channel, Conversation } from '../shared/index.js';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { memory, peakRssMB as peakRssMB_, serveCommands } from './child.js';

const hub = await startHub(loadConfig(process.env, []));
const startMemory = memory();
const domain = hub.domain as unknown as SqlDomain;
const engine = domain.metricsEngine;
const db = metricsDb(domain.database.db as never);
const QUEUES = Number(process.env['BENCH_QUEUES'] ?? 50);
const AGENTS = Number(process.env['BENCH_AGENTS'] ?? 500);
const WORK_CHANNELS: Channel[] = ['chat', 'email', 'sms', 'phone'];
const queueIds = Array.from({ length: QUEUES }, (_, i) => `team_bench_${i}`);
const agentIds = Array.from({ length: AGENTS }, (_, i) => `usr_bench_${i}`);

const settle = async () => {
  // The high-water mark as the hub's own work left it: a forced compacting GC briefly maps new pages itself.
  const peakRssMB = peakRssMB_();
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ...memory(), peakRssMB };
};
/** A ULID-shaped id of the same length as the hub's (`mc_` + 26 characters), unique per index. */
const idOf = (prefix: string, k: number) => `${prefix}${String(k).padStart(26, '0')}`;

async function load(contacts: number): Promise<{ loadSeconds: number }> {
  const now = Date.now();
  const { startUs } = localDayBounds(engine['o'].timeZone, now);
  // Queues and agents as rows (no password hashing: the floor only reads names, roles and teams).
  await db.insertInto('teams').values(queueIds.map((id, i) => ({ id, key: `bench-${i}`, name: `Queue ${i + 1}`, name_folded: `queue ${i + 1}`, description: null, created_at_us: startUs }))).execute();
  for (let i = 0; i < agentIds.length; i += 100) {
    const chunk = agentIds.slice(i, i + 100);
    await db.insertInto('users').values(chunk.map((id) => ({ id, email: `${id}@bench.local`, name: `Agent ${id.slice(10)}`, role: 'agent', password_hash: 'x', created_at_us: startUs }))).execute();
    await db.insertInto('team_members').values(chunk.map((id, j) => ({ team_id: queueIds[(i + j) % QUEUES]!, user_id: id, added_at_us: startUs }))).execute();
  }
  // Contacts today spread over the day so far, the queues and channels; each from its own conversation and customer
  // (full-length ids, as the hub writes them), so the memory held per leg is what a real day holds.
  const t0 = performance.now();
  const span = Math.max(60_000_000, now * 1000 - startUs - 60_000_000);
  const batch = 5000;
  for (let i = 0; i < contacts; i += batch) {
    const legs: Contact[] = [];
    for (let k = i; k < Math.min(contacts, i + batch); k++) {
      const arrivedUs = startUs + Math.floor((k / contacts) * span);
      const abandoned = k % 17 === 0;
      const waitUs = (k % 90) * 1_000_000;
      const channel = WORK_CHANNELS[k % WORK_CHANNELS.length]!;
      const handleSec = 120 + (k % 300);
      legs.push({
        id: idOf('mc_', k),
        conversationId: channel === 'phone' ? null : idOf('cv_', k),
        callSid: channel === 'phone' ? `CA${String(k).padStart(32, '0')}` : null,
        customerId: idOf('cus_', k % 40_000),
        queueId: queueIds[k % QUEUES]!,
        channel,
        arrivedUs,
        answeredUs: abandoned ? null : arrivedUs + waitUs,
        endedUs: arrivedUs + waitUs + (abandoned ? 0 : handleSec * 1_000_000),
        outcome: abandoned ? 'abandoned' : 'answered',
        agentId: abandoned ? null : agentIds[k % AGENTS]!,
        handleSec: abandoned ? null : handleSec,
        version: 1,
      });
    }
    await engine.record(legs);
  }
  await domain.metrics.refreshSide(true);
  return { loadSeconds: (performance.now() - t0) / 1000 };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function measure(samples: number) {
  const { startUs } = localDayBounds(engine['o'].timeZone, Date.now());
  await domain.metrics.refreshSide(true);
  const conv = (i: number, status: Conversation['status'], assigneeId: string | null): Conversation =>
    ({ id: `cv_bench_${i}`, customerId: `cus_bench_${i}`, customerName: null, status, snoozedUntil: null, priority: 'normal', queueId: queueIds[i % QUEUES]!, assigneeId, tags: [], subject: 'bench', channels: ['chat'], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), firstResponseAt: null, lastCustomerMessageAt: null, waitingSince: null, solvedAt: null, slaPolicyId: 'default', firstResponseDueAt: null, nextResponseDueAt: null, resolutionDueAt: null, nextDueAt: null, itemCount: 1 }) as Conversation;
  // Tick vs floor, alternating: fold + write + payload, against the bare upsert of a leg row.
  const tick: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < samples; i++) {
    const a = performance.now();
    await engine.onConversations([conv(i, 'open', null)]);
    engine.changedRows([queueIds[i % QUEUES]!]);
    tick.push(performance.now() - a);
    const b = performance.now();
    await db
      .insertInto('metrics_contacts')
      .values({ id: `floor_${i}`, conversation_id: null, call_sid: null, customer_id: null, queue_id: 'floor', channel: 'chat', arrived_us: startUs, answered_us: null, ended_us: null, outcome: 'waiting', agent_id: null, handle_sec: null, version: 1, changed_us: startUs })
      .onConflict((oc) => oc.column('id').doUpdateSet({ version: 2 }))
      .execute();
    floor.push(performance.now() - b);
  }
  await db.deleteFrom('metrics_contacts').where('queue_id', '=', 'floor').execute();
  // Latency: the fact published on the bus -> the push published (what the socket layer sends on at once).
  const latency: number[] = [];
  for (let i = 0; i < Math.min(50, samples); i++) {
    const pushed = new Promise<number>((resolve) => (engine.onPushed = () => resolve(performance.now())));
    const a = performance.now();
    domain.events.publish('conversation.updated', { conversations: [conv(i, 'open', agentIds[i]!)], was: [{ queueId: queueIds[i % QUEUES]!, assigneeId: null }], counts: async () => ({}) as never });
    latency.push((await pushed) - a);
  }
  engine.onPushed = null;
  return {
    tick: { p50: pct(tick, 50), p99: pct(tick, 99), max: Math.max(...tick) },
    floor: { p50: pct(floor, 50), p99: pct(floor, 99) },
    latency: { p50: pct(latency, 50), p99: pct(latency, 99), samples: latency.length },
    legsFolded: engine.state.size,
    legsHeld: engine.state.held,
    afterStart: startMemory,
    afterMeasure: await settle(),
  };
}

serveCommands(async (line) => {
  const [command, arg] = line.split(/\s+/);
  if (command === 'rss') return settle();
  // Where the memory is (after a GC): the process's parts and V8's heap spaces; `snapshot <file>` for a closer look.
  if (command === 'detail') {
    await settle();
    const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
    const m = process.memoryUsage();
    return { rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)])), legsHeld: engine.state.held };
  }
  if (command === 'snapshot') {
    await settle();
    return { file: writeHeapSnapshot(arg) };
  }
  if (command === 'load') return load(Number(arg));
  if (command === 'measure') return measure(Number(arg));
  if (command === 'close') {
    await hub.close();
    setImmediate(() => process.exit(0));
    return { closed: true };
  }
  throw new Error(`unknown command ${command}`);
});
process.stdout.write(`${JSON.stringify({ url: hub.url, ...(await settle()) })}\n`);
