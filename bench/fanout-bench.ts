/*
 * Presence and offer fan-out to console sockets (issue 11: p99 <= 2x the raw socket.io floor), hub and floor each
 * in their own process, both up for the whole run and measured in alternating rounds:
 *   presence: one user's `PUT /api/v1/presence` (away <-> online) until `presence:updated` reaches each of the N
 *             agents' sockets; floor: one `POST /everyone` until the same-sized event reaches each of N sockets.
 *   offers:   one bulk `POST /api/v1/conversations/bulk` puts N waiting conversations in the agents' queue while
 *             the queue's email units (100) leave no agent room (each already holds a 10-unit note); once every
 *             socket has the bulk's N rows (untimed; one `conversations:updated` since 2026-12-04), one `PUT /api/v1/routing/queues/:id` back to
 *             10 units lets the hub's dispatch round offer one to each online agent. Why the gate: every agent reads
 *             conversations, so the bulk sent N x N inbox updates (200 x 200 = 40k frames, ~28 MB) into this one
 *             process standing in for N consoles; offers queued behind them measured this process parsing that
 *             backlog (the hub sat idle meanwhile, CPU profile 2026-12-04), not the offers' fan-out. (The hub now
 *             sends a bulk's rows that share their rooms as one event per socket; the gate stays.) A real console
 *             gets N, and work arriving one conversation at a time sends 1 each. Fan-out = from the round's first offer published
 *             (after its offers committed; the hub child's `offer-clock`) -> `routing:offer` at each agent's socket;
 *             floor: one `POST /each` emitting one message per agent room, all stamped once before the first emit,
 *             stamp -> arrival. Both sides thus include the queue of emits ahead of each message and neither the
 *             decision (the routing bench measures that). Reported beside it: from the dispatch round's start
 *             (expiresAt minus the offer timeout: the round's reads, line walk and offers transaction included) and
 *             the whole trigger -> offer time (the units update, the 10 ms coalescing kick, the dispatch).
 * Agents are real users with sessions (seeded untimed); every socket is a signed-in console.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { hashPassword } from '../server/auth/passwords.js';
import { createDomain } from '../server/create-domain.js';
import { NO_DEADLINE_US } from '../server/conversations/tables.js';
import { seedRoutingLoad } from '../server/routing/seed-load.js';
import type { Presence, RoutingOffer } from '../shared/index.js';
import { benchHubEnv, spawnChild, type Child } from './child.js';
import { compileChild } from './compile.js';
import { rssByMapping } from './rss.js';
import { INBOX_FANOUT_SIZES, type SizeName } from './sizes.js';
import { ms, summarize, type Summary } from './stats.js';

export const FANOUT_TARGET_RATIO = 2;
const ADMIN = { email: 'bench@omni.local', password: 'bench-admin-password' };
const AGENT_PASSWORD = 'bench-fanout-agent-password';
const OFFER_TIMEOUT_MS = 60_000;
/** Queue units for email that leave no agent room (each holds a 10-unit note) and the default that lets the round go. */
const GATE_UNITS = { closed: 100, open: 10 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FanoutResult {
  agents: number;
  rounds: number;
  /** `answered`: the hub's PUT from request start to its HTTP answer (the write and its commit are inside it). */
  presence: { hub: Summary; floor: Summary; answered: Summary; ratioP99: number; missing: number };
  offers: { hub: Summary; floor: Summary; ratioP99: number; fromRoundStart: Summary; triggerToOffer: Summary; missing: number };
  hubRssMB: number;
  /** The hub's memory at the end: V8 heap used and reserved, and outside it (Buffers). */
  hubMemory: {
    heapUsedMB: number;
    heapTotalMB: number;
    externalMB: number;
    arrayBuffersMB: number;
    readyMB: number;
    connectedMB: number;
    /** The highest RSS seen right after a round's bulk had reached every socket, and the process's high-water mark (VmHWM) at the end. */
    afterBulkMB: number;
    peakMB: number;
    byMapping: Record<string, number> | null;
  };
  load: [number, number];
}

interface Hub {
  child: Child<{ url: string; rssMB: number }>;
  dir: string;
  adminToken: string;
  agentTokens: string[];
  /** Per round, N waiting conversations not routed yet (no queue). */
  pool: string[][];
  queueId: string;
}

/** Seeds N agents online in one queue with sessions, and rounds x N unqueued conversations, then starts the hub. */
async function startHub(agents: number, rounds: number): Promise<Hub> {
  const dir = mkdtempSync(join(tmpdir(), 'omni-bench-fanout-'));
  const domain = await createDomain({ dataDir: dir, defaultRegion: 'US' });
  const agentTokens: string[] = [];
  const pool: string[][] = [];
  let queueId: string;
  try {
    const seeded = await seedRoutingLoad(domain.database.db, { agents, queues: 1, conversations: 0, customers: 1, seed: 3 });
    queueId = seeded.queueIds[0]!;
    if (domain.database.raw.dialect !== 'sqlite') throw new Error('the fan-out bench seeds SQLite');
    const db = domain.database.raw.sqlite;
    db.prepare('update users set password_hash = ? where id like ?').run(await hashPassword(AGENT_PASSWORD), 'usr_load_%');
    for (const id of seeded.agentIds) {
      const s = await domain.auth.login(`${id}@load.example`, AGENT_PASSWORD);
      if (!s) throw new Error(`fan-out agent ${id} could not sign in`);
      agentTokens.push(s.token);
    }
    const now = Date.now() * 1000;
    const insert = db.prepare(
      `insert into conversations (id, customer_id, status, snoozed_until_us, priority, priority_rank, queue_id, assignee_id, tags, subject, channels, created_at_us, updated_at_us, last_activity_us,
         first_response_at_us, last_customer_message_at_us, waiting_since_us, solved_at_us, closed_at_us, sla_policy_id, first_response_due_us, next_response_due_us, resolution_due_us, sla_due_us, pauses, item_count)
       values (?, ?, 'open', null, 'normal', 2, null, null, '[]', ?, '["email"]', ?, ?, ?, null, ?, ?, null, null, 'default', null, null, null, ?, '[]', 1)`,
    );
    db.transaction(() => {
      // Each agent's own 10-unit note (no queue): with it, 100 email units leave them no room (the round's gate).
      const held = db.prepare(`update conversations set assignee_id = ?, queue_id = null, channels = '["note"]' where id = ?`);
      seeded.agentIds.forEach((agentId, i) => {
        const id = `cnv_fanout_held_${String(i).padStart(4, '0')}`;
        insert.run(id, `cus_fanout_${i}`, `Held ${i}`, now, now, now, now, now, NO_DEADLINE_US);
        held.run(agentId, id);
      });
      for (let r = 0; r < rounds; r++) {
        const ids = Array.from({ length: agents }, (_, i) => `cnv_fanout_${String(r).padStart(3, '0')}_${String(i).padStart(4, '0')}`);
        ids.forEach((id, i) => insert.run(id, `cus_fanout_${i}`, `Fan-out ${r}.${i}`, now, now, now, now, now, NO_DEADLINE_US));
        pool.push(ids);
      }
    })();
  } finally {
    await domain.close();
  }
  const compiled = await compileChild('hub-child.ts');
  // Only queued work is pushed (the pool waits unrouted until a round queues it); offers live long enough to measure.
  const env = { ...benchHubEnv(dir, 'bench-ingest-key-0123456789', ADMIN), OMNI_ROUTING_UNQUEUED_ROLES: '', OMNI_ROUTING_OFFER_TIMEOUT_MS: String(OFFER_TIMEOUT_MS), OMNI_BENCH_OFFER_CLOCK: '1' };
  const child = await spawnChild<{ url: string; rssMB: number }>('hub-child.ts', env, compiled);
  const login = await fetch(`${child.ready.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (login.status !== 200) throw new Error(`hub login failed: ${login.status}`);
  return { child, dir, adminToken: ((await login.json()) as { token: string }).token, agentTokens, pool, queueId };
}

async function connectAll(url: string, auths: Record<string, string>[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (const auth of auths) {
    const s = connect(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
    sockets.push(s);
    await new Promise<void>((ok, fail) => {
      s.once('connect', () => ok());
      s.once('connect_error', (err) => fail(err));
    });
  }
  return sockets;
}

/** Waits until `count()` reaches `want` or `ms` pass; returns how many are missing. */
async function until(count: () => number, want: number, ms: number): Promise<number> {
  const deadline = performance.now() + ms;
  while (count() < want && performance.now() < deadline) await sleep(5);
  return Math.max(0, want - count());
}

export async function benchFanout(opts: { agents: number; rounds: number; log?: (line: string) => void }): Promise<FanoutResult> {
  const { agents, rounds } = opts;
  const log = opts.log ?? (() => {});
  const load0 = loadavg()[0]!;
  const hub = await startHub(agents, rounds);
  const floor = await spawnChild<{ url: string }>('fanout-floor-child.ts', {});
  const sockets: Socket[] = [];
  try {
    const hubSockets = await connectAll(hub.child.ready.url, hub.agentTokens.map((token) => ({ token })));
    const floorSockets = await connectAll(floor.ready.url, hub.agentTokens.map((_, i) => ({ room: `user:${i}` })));
    sockets.push(...hubSockets, ...floorSockets);
    const connectedMB = (await hub.child.request<{ rssMB: number }>('rss')).rssMB;
    log(`  fanout: ${agents} signed-in agent sockets on the hub, ${agents} on the floor; ${rounds} rounds each…`);
    const post = (base: string, path: string, body: unknown, token?: string, method = 'POST') =>
      fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then(async (res) => {
        if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
        return res.json() as Promise<unknown>;
      });

    // Presence: arrivals of the expected state, per socket.
    const pres = { hub: [] as number[], floor: [] as number[], answered: [] as number[], missing: 0 };
    // OMNI_BENCH_FANOUT_ROUNDS=1: one line per round and side (where the tail comes from: whole rounds or single sockets).
    const perRound = process.env['OMNI_BENCH_FANOUT_ROUNDS'] === '1';
    let expect: { state: string; t0: number; got: number; into: number[] } | null = null;
    const onPresence = (e: { presence: Presence }) => {
      if (expect && e.presence.state === expect.state) {
        expect.into.push(performance.now() - expect.t0);
        expect.got++;
      }
    };
    for (const s of [...hubSockets, ...floorSockets]) s.on('presence:updated', onPresence);
    const sample = { userId: 'usr_admin', name: 'Bench Admin', state: 'away', since: new Date().toISOString(), reason: 'chosen' };
    // Offers: hub arrivals (offer creation -> socket, trigger -> socket) and floor arrivals (stamp -> socket).
    const offers = { hub: [] as number[], fromRound: [] as number[], trigger: [] as number[], floor: [] as number[], missing: 0 };
    let offerRound: { t0: number; got: number } | null = null;
    // This round's hub arrivals (offerId, ms clock), turned into fan-out times once the hub says when it published.
    let arrivals: { offerId: string; at: number }[] = [];
    const ended = { n: 0 };
    const inboxUpdates = { n: 0 };
    for (const s of hubSockets) {
      s.on('conversation:updated', () => inboxUpdates.n++);
      // A bulk's rows that share their rooms come as one event (server/realtime/conversation-push.ts).
      s.on('conversations:updated', (e: { conversations: unknown[] }) => (inboxUpdates.n += e.conversations.length));
      s.on('routing:offer', (o: RoutingOffer) => {
        const now = Date.now();
        if (!offerRound) return;
        offers.fromRound.push(now - (Date.parse(o.expiresAt) - OFFER_TIMEOUT_MS));
        offers.trigger.push(performance.now() - offerRound.t0);
        arrivals.push({ offerId: o.offerId, at: now });
        offerRound.got++;
      });
      s.on('routing:offer-ended', () => ended.n++);
    }
    for (const s of floorSockets) {
      s.on('routing:offer', (o: { at: number }) => {
        if (!offerRound) return;
        offers.floor.push(Date.now() - o.at);
        offerRound.got++;
      });
    }
    const floorOffer = { offerId: 'rof_floor', conversationId: 'cnv_floor', customerName: 'Customer 1', channel: 'email', subject: 'Fan-out 0.0', priority: 'normal', expiresAt: new Date().toISOString() };

    let state = 'away';
    let afterBulkMB = 0;
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? (['floor', 'hub'] as const) : (['hub', 'floor'] as const)) {
        // presence
        expect = { state, t0: performance.now(), got: 0, into: pres[side] };
        const t0 = expect.t0;
        if (side === 'hub') {
          await post(hub.child.ready.url, '/api/v1/presence', { state }, hub.adminToken, 'PUT');
          pres.answered.push(performance.now() - t0);
        } else await post(floor.ready.url, '/everyone', { event: 'presence:updated', payload: { presence: { ...sample, state } } });
        const cur: { got: number; into: number[] } = expect;
        const from = cur.into.length - cur.got;
        pres.missing += await until(() => cur.got, agents, 5000);
        if (perRound) {
          const got = cur.into.slice(from);
          log(`  fanout: round ${round} presence ${side}: first ${ms(Math.min(...got))}, max ${ms(Math.max(...got))}${side === 'hub' ? `, answered ${ms(pres.answered.at(-1)!)}` : ''}`);
        }
        expect = null;
        // offers
        const units = (email: number) => post(hub.child.ready.url, `/api/v1/routing/queues/${hub.queueId}`, { units: { email } }, hub.adminToken, 'PUT');
        if (side === 'hub') {
          // Untimed: the round's work queued behind the units gate, and its N x N inbox updates received by every socket.
          await units(GATE_UNITS.closed);
          inboxUpdates.n = 0;
          await post(hub.child.ready.url, '/api/v1/conversations/bulk', { ids: hub.pool[round]!, patch: { queueId: hub.queueId } }, hub.adminToken);
          const late = await until(() => inboxUpdates.n, agents * agents, 20_000);
          if (late > 0) throw new Error(`fan-out: ${late} inbox updates of the round's bulk never arrived`);
          afterBulkMB = Math.max(afterBulkMB, (await hub.child.request<{ rssMB: number }>('rss')).rssMB);
          await sleep(50); // the inbox counts that follow them
        }
        offerRound = { t0: performance.now(), got: 0 };
        if (side === 'hub') await units(GATE_UNITS.open);
        else await post(floor.ready.url, '/each', { event: 'routing:offer', rooms: hub.agentTokens.map((_, i) => `user:${i}`), payload: floorOffer });
        const r: { got: number } = offerRound;
        offers.missing += await until(() => r.got, agents, 10_000);
        offerRound = null;
        if (side === 'hub') {
          const published = await hub.child.request<Record<string, number>>('offer-clock');
          const start = Math.min(...arrivals.map((a) => published[a.offerId] ?? Infinity));
          for (const a of arrivals) offers.hub.push(a.at - start);
          arrivals = [];
          // Untimed: the round's conversations are solved, the sweep withdraws their offers, every agent is free again.
          ended.n = 0;
          await post(hub.child.ready.url, '/api/v1/conversations/bulk', { ids: hub.pool[round]!, patch: { status: 'solved' } }, hub.adminToken);
          await until(() => ended.n, agents, 10_000);
        }
      }
      state = state === 'away' ? 'online' : 'away';
      if ((round + 1) % 10 === 0) log(`  fanout: round ${round + 1}/${rounds}`);
    }
    const { rssMB: hubRssMB, heapUsedMB, heapTotalMB, externalMB, arrayBuffersMB, peakRssMB } = await hub.child.request<{ rssMB: number; peakRssMB: number } & FanoutResult['hubMemory']>('memory-detail');
    const byMapping = rssByMapping(hub.child.pid);
    // What the hub's V8 heap holds after the rounds, for DevTools' Memory tab (after the figures: a snapshot briefly doubles the heap).
    const snapshot = process.env['OMNI_BENCH_HEAP_SNAPSHOT'];
    if (snapshot) log(`  fanout: heap snapshot ${(await hub.child.request<{ file: string }>(`heap-snapshot ${resolve(snapshot)}`)).file}`);
    const p = { hub: summarize(pres.hub), floor: summarize(pres.floor), answered: summarize(pres.answered) };
    const o = { hub: summarize(offers.hub), floor: summarize(offers.floor) };
    return {
      agents,
      rounds,
      presence: { ...p, ratioP99: p.hub.p99 / p.floor.p99, missing: pres.missing },
      offers: { ...o, ratioP99: o.hub.p99 / o.floor.p99, fromRoundStart: summarize(offers.fromRound), triggerToOffer: summarize(offers.trigger), missing: offers.missing },
      hubRssMB,
      hubMemory: { heapUsedMB, heapTotalMB, externalMB, arrayBuffersMB, readyMB: hub.child.ready.rssMB, connectedMB, afterBulkMB, peakMB: peakRssMB, byMapping },
      load: [load0, loadavg()[0]!],
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await hub.child.close();
    await floor.close();
    rmSync(hub.dir, { recursive: true, force: true });
  }
}

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**MISS**');
export const fanoutPass = (x: { ratioP99: number; missing: number }) => x.ratioP99 <= FANOUT_TARGET_RATIO && x.missing === 0;

export function fanoutSummaryRows(r: FanoutResult): string[] {
  return [
    `| Presence fan-out p99, \`presence:updated\` to ${r.agents} console sockets | ≤ ${FANOUT_TARGET_RATIO}× raw socket.io floor p99 | hub ${ms(r.presence.hub.p99)} vs floor ${ms(r.presence.floor.p99)} (${r.presence.ratioP99.toFixed(2)}×); ${r.presence.missing} missing | ${verdict(fanoutPass(r.presence))} |`,
    `| Offer fan-out p99, a dispatch round's \`routing:offer\` to ${r.agents} agents (first offer published → socket) | ≤ ${FANOUT_TARGET_RATIO}× raw socket.io floor p99 | hub ${ms(r.offers.hub.p99)} vs floor ${ms(r.offers.floor.p99)} (${r.offers.ratioP99.toFixed(2)}×); ${r.offers.missing} missing | ${verdict(fanoutPass(r.offers))} |`,
  ];
}

export function fanoutSection(r: FanoutResult): string[] {
  const row = (name: string, s: Summary) => `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} |`;
  return [
    '## Presence and offer fan-out (issue 11)',
    '',
    `A compiled hub process (SQLite) with ${r.agents} agents online in one queue, each a signed-in console socket, and a raw socket.io floor process with as many sockets, measured in ${r.rounds} alternating rounds. ` +
      '**Presence**: a user sets their presence (`PUT /api/v1/presence`, away ↔ online): request start → `presence:updated` at each socket; floor: one HTTP POST → `io.emit` of the same event. ' +
      `**Offers**: one bulk update queues ${r.agents} waiting conversations; the dispatch round offers one to each agent; fan-out measured from the round's first offer published (after the offers committed) → \`routing:offer\` at each agent's socket; floor: one emit per agent room, all stamped once before the first emit → arrival (both include the emits queued ahead of each message; the decision is the routing bench's). ` +
      `Reported beside it: from the dispatch round's start (expiresAt − the ${OFFER_TIMEOUT_MS / 1000} s timeout: the round's reads, line walk and offers transaction included) and trigger → offer (the whole decision). ` +
      `The round is queued by one bulk update behind a units gate (100 email units; each agent holds a 10-unit note), and released by setting the queue back to 10 units once every socket has the bulk's ${r.agents} rows (one \`conversations:updated\` each; before 2026-12-04 ${r.agents} × ${r.agents} \`conversation:updated\`, a backlog this one client process, standing in for ${r.agents} consoles, parsed before the offers). ` +
      `Load average ${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)}; hub RSS ${r.hubMemory.readyMB.toFixed(0)} MB when ready, ${r.hubMemory.connectedMB.toFixed(0)} MB with the sockets, at most ${r.hubMemory.afterBulkMB.toFixed(0)} MB right after a bulk's updates reached every socket, ${r.hubRssMB.toFixed(0)} MB at the end, high-water mark ${r.hubMemory.peakMB.toFixed(0)} MB (V8 heap ${r.hubMemory.heapUsedMB.toFixed(0)} of ${r.hubMemory.heapTotalMB.toFixed(0)} MB, external ${r.hubMemory.externalMB.toFixed(0)} MB, of it ArrayBuffers ${r.hubMemory.arrayBuffersMB.toFixed(0)} MB; by mapping: ${Object.entries(r.hubMemory.byMapping ?? {}).filter(([, mb]) => mb >= 1).map(([k, mb]) => `${k} ${mb.toFixed(0)}`).join(', ') || 'n/a'} MB).`,
    '',
    '| Measure | Deliveries | p50 | p99 | max |',
    '|---|---|---|---|---|',
    row('Presence, hub (request → socket)', r.presence.hub),
    row('Presence, floor (request → socket)', r.presence.floor),
    row('Presence, hub (request → HTTP answer, reported)', r.presence.answered),
    row('Offer, hub (first offer published → socket)', r.offers.hub),
    row('Offer, floor (stamp before the first emit → socket)', r.offers.floor),
    row('Offer, hub (dispatch round start → socket, reported)', r.offers.fromRoundStart),
    row('Offer, hub (units update → socket, reported)', r.offers.triggerToOffer),
    '',
    `p99 ratios: presence ${r.presence.ratioP99.toFixed(2)}× (${verdict(fanoutPass(r.presence))}), offers ${r.offers.ratioP99.toFixed(2)}× (${verdict(fanoutPass(r.offers))}); missing deliveries: presence ${r.presence.missing}, offers ${r.offers.missing}.`,
    '',
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const size = (process.argv[2] ?? 'quick') as SizeName;
  const shape = INBOX_FANOUT_SIZES[size];
  benchFanout({ agents: shape.fanoutAgents, rounds: shape.fanoutRounds, log: (l) => console.log(l) })
    .then((r) => console.log([...fanoutSummaryRows(r), '', ...fanoutSection(r)].join('\n')))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
