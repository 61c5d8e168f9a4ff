/*
 * Web chat widget round trip (issue 12), against a raw socket.io floor measured in the same run:
 *   customer -> agent: the visitor's message on the widget socket until the agent's console socket hears the
 *     chat item (hub: zod parse, rate limit, ONE durable commit of the chat item, its grouping and the numbered
 *     message, fan-out);
 *   agent -> customer: the agent's HTTP reply until the widget hears it (hub: session, ONE durable commit of the
 *     chat item, the numbered message and its outbox row leased to this hub's worker, the push right after that
 *     commit; the row's `sent` state rides in a later commit, see server/widget/pushed-replies.ts).
 * Each leg pays one fsync (SQLite synchronous=FULL); the floor pays none, so on a busy disk the ratio grows.
 * The floor does the same two legs with nothing else: a socket relayed to a room, and an HTTP POST emitted to a
 * room. Target: hub p99 <= 2x floor p99 (per leg and for the whole round trip). Hub and floor run in this
 * process, in alternating blocks of ~30 samples (so both see the same machine load: other work on a 2-core box
 * moves a p99 more than anything measured here), and the hub's after-work (bus subscribers, the pushed replies'
 * `sent` states, the outbox worker) is waited out before each floor block so it never lands in the floor's samples.
 * p99 wants >= 300 samples (below 100 it is just the maximum).
 * `npm run bench -- --only widget`, or alone: `npx tsx bench/widget-bench.ts [samples]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Server } from 'socket.io';
import { io as connectIo, type Socket } from 'socket.io-client';
import type { WidgetMessage, WidgetWelcome } from '../shared/index.js';
import type { SqlDomain } from '../server/create-domain.js';
import { startHub, type RunningHub } from '../server/hub.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const ADMIN = { email: 'bench-admin@omni.local', password: 'bench-password-123' };
const INGEST_KEY = 'bench-ingest-key-0123456789abcdef';

export interface LegStats {
  p50: number;
  p99: number;
}
export interface WidgetBenchResult {
  samples: number;
  chats: number;
  floor: { toAgent: LegStats; toCustomer: LegStats; roundTrip: LegStats };
  hub: { toAgent: LegStats; toCustomer: LegStats; roundTrip: LegStats };
  /** hub p99 / floor p99. */
  ratio: { toAgent: number; toCustomer: number; roundTrip: number };
}

const stats = (xs: number[]): LegStats => ({ p50: pct(xs, 50), p99: pct(xs, 99) });
const client = (url: string, auth: Record<string, unknown>): Socket => connectIo(url, { path: '/socket.io', transports: ['websocket'], auth, reconnection: false, forceNew: true });
const connected = (s: Socket) => new Promise<void>((resolve, reject) => (s.connected ? resolve() : (s.once('connect', () => resolve()), s.once('connect_error', reject))));

/** One-shot waiters keyed by a message id: the listener resolves whichever sample is waiting for it. */
class Waiters {
  private readonly w = new Map<string, (at: number) => void>();
  wait(key: string): Promise<number> {
    return new Promise((resolve) => this.w.set(key, resolve));
  }
  hit(key: string): void {
    const f = this.w.get(key);
    if (f) {
      this.w.delete(key);
      f(performance.now());
    }
  }
}

/** The floor: socket.io and an HTTP endpoint with nothing else (no auth, no parse, no database). */
async function startFloor(): Promise<{ url: string; close(): Promise<void> }> {
  const server: HttpServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { room: string; payload: unknown };
      io.to(body.room).emit('msg', body.payload);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const io = new Server(server, { serveClient: false });
  io.on('connection', (socket) => {
    void socket.join(String((socket.handshake.auth as { room?: unknown }).room));
    socket.on('send', (p: { to: string; id: string }, ack: (a: unknown) => void) => {
      io.to(p.to).emit('msg', p);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

async function floorRound(url: string, n: number, out: { a: number[]; c: number[] }): Promise<void> {
  const customer = client(url, { room: 'customer' });
  const agent = client(url, { room: 'agent' });
  await Promise.all([connected(customer), connected(agent)]);
  const toAgent = new Waiters();
  const toCustomer = new Waiters();
  agent.on('msg', (p: { id: string }) => toAgent.hit(p.id));
  customer.on('msg', (p: { id: string }) => toCustomer.hit(p.id));
  for (let i = 0; i < n; i++) {
    const id = `f${i}-${Date.now()}`;
    const t0 = performance.now();
    const heard = toAgent.wait(id);
    customer.emit('send', { to: 'agent', id }, () => {});
    out.a.push((await heard) - t0);
    const t1 = performance.now();
    const back = toCustomer.wait(`${id}r`);
    await fetch(`${url}/emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room: 'customer', payload: { id: `${id}r`, text: 'reply' } }) });
    out.c.push((await back) - t1);
  }
  customer.close();
  agent.close();
}

interface HubSide {
  chats: { socket: Socket; conversationId: string }[];
  agent: Socket;
  token: string;
  toAgent: Waiters;
  toCustomer: Waiters;
}

async function hubSetup(hub: RunningHub, chats: number): Promise<HubSide> {
  const login = (await (await fetch(`${hub.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()) as { token: string };
  const agent = client(hub.url, { token: login.token });
  await connected(agent);
  const toAgent = new Waiters();
  const toCustomer = new Waiters();
  // The chat item carries every message; the newest one names the sample.
  agent.on('timeline:item', (e: { item: { data: { messages?: { id: string }[] } } }) => {
    const last = e.item.data.messages?.at(-1);
    if (last) toAgent.hit(last.id);
  });
  const db = (hub.domain as SqlDomain).database.db;
  const out: HubSide['chats'] = [];
  for (let c = 0; c < chats; c++) {
    const socket = client(`${hub.url}/widget`, { email: `widget-bench-${c}@example.com`, name: `Bench Visitor ${c}` });
    const welcome = await new Promise<WidgetWelcome>((resolve, reject) => (socket.once('widget:welcome', resolve), socket.once('connect_error', reject)));
    socket.on('widget:message', (m: WidgetMessage) => toCustomer.hit(m.text));
    await socket.timeout(10_000).emitWithAck('widget:send', { clientId: `warmup-${c}-000`, text: 'Hello' });
    const item = await db.selectFrom('events').select(['id', 'customer_id']).where('source', '=', 'chat').where('source_event_id', '=', welcome.chatId).executeTakeFirstOrThrow();
    const conv = await db.withTables<{ conversation_items: { event_id: string; conversation_id: string } }>().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', item.id).executeTakeFirstOrThrow();
    const ack = (await agent.timeout(10_000).emitWithAck('customer:watch', { customerId: item.customer_id })) as { ok: boolean };
    if (!ack.ok) throw new Error('the bench agent could not watch the chat customer');
    out.push({ socket, conversationId: conv.conversation_id });
  }
  return { chats: out, agent, token: login.token, toAgent, toCustomer };
}

/** Waits until the hub is quiet: nothing of its rounds may run (and fsync) inside a floor block. */
async function hubSettled(hub: RunningHub): Promise<void> {
  const domain = hub.domain as SqlDomain;
  await domain.events.idle();
  await domain.widget.settle();
  await domain.outboxWorker.settle();
}

async function hubRound(hub: RunningHub, side: HubSide, n: number, round: number, out: { a: number[]; c: number[] }): Promise<void> {
  for (let i = 0; i < n; i++) {
    const chat = side.chats[i % side.chats.length]!;
    const id = `bench-${round}-${i}-${Date.now()}`;
    const t0 = performance.now();
    const heard = side.toAgent.wait(id);
    chat.socket.emit('widget:send', { clientId: id, text: `Question ${i}` }, () => {});
    out.a.push((await heard) - t0);
    const text = `Answer ${id}`;
    const t1 = performance.now();
    const back = side.toCustomer.wait(text);
    const res = await fetch(`${hub.url}/api/v1/conversations/${chat.conversationId}/chat-replies`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${side.token}` }, body: JSON.stringify({ idempotencyKey: `${id}-reply`, text }) });
    if (res.status !== 201) throw new Error(`chat reply answered ${res.status}: ${await res.text()}`);
    out.c.push((await back) - t1);
  }
}

export async function benchWidget(opts: { samples?: number; chats?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<WidgetBenchResult> {
  const samples = opts.samples ?? 300;
  const chats = opts.chats ?? 10;
  // Blocks of ~30 samples, at least 3 (see the header).
  const rounds = opts.rounds ?? Math.max(3, Math.round(samples / 30));
  const log = opts.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'omni-widget-bench-'));
  const saved = { a: process.env['OMNI_WIDGET_SEND_PER_SEC'], b: process.env['OMNI_WIDGET_SEND_BURST'] };
  // The bench sends faster than a person: the per-socket limit is lifted for it (it is tested on its own).
  Object.assign(process.env, { OMNI_WIDGET_SEND_PER_SEC: '100000', OMNI_WIDGET_SEND_BURST: '100000' });
  const hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, adminEmail: ADMIN.email, adminPassword: ADMIN.password, ingestKey: INGEST_KEY, defaultRegion: 'US', logLevel: 'silent', bodyLimit: 5 * 1024 * 1024, corsOrigins: [] });
  const floor = await startFloor();
  try {
    const side = await hubSetup(hub, chats);
    const f = { a: [] as number[], c: [] as number[] };
    const h = { a: [] as number[], c: [] as number[] };
    // Warm both paths, untimed.
    await floorRound(floor.url, 20, { a: [], c: [] });
    await hubRound(hub, side, 20, -1, { a: [], c: [] });
    const per = Math.ceil(samples / rounds);
    for (let r = 0; r < rounds; r++) {
      await hubSettled(hub);
      await floorRound(floor.url, per, f);
      await hubRound(hub, side, per, r, h);
      if ((r + 1) % Math.ceil(rounds / 3) === 0 || r === rounds - 1) log(`widget: round ${r + 1}/${rounds}: floor p99 ${pct(f.a, 99).toFixed(1)} / ${pct(f.c, 99).toFixed(1)} ms, hub p99 ${pct(h.a, 99).toFixed(1)} / ${pct(h.c, 99).toFixed(1)} ms`);
    }
    for (const c of side.chats) c.socket.close();
    side.agent.close();
    const rt = (x: { a: number[]; c: number[] }) => x.a.map((v, i) => v + (x.c[i] ?? 0));
    const floorStats = { toAgent: stats(f.a), toCustomer: stats(f.c), roundTrip: stats(rt(f)) };
    const hubStats = { toAgent: stats(h.a), toCustomer: stats(h.c), roundTrip: stats(rt(h)) };
    return {
      samples: h.a.length,
      chats,
      floor: floorStats,
      hub: hubStats,
      ratio: { toAgent: hubStats.toAgent.p99 / floorStats.toAgent.p99, toCustomer: hubStats.toCustomer.p99 / floorStats.toCustomer.p99, roundTrip: hubStats.roundTrip.p99 / floorStats.roundTrip.p99 },
    };
  } finally {
    await floor.close();
    await hub.close();
    for (const [k, v] of [['OMNI_WIDGET_SEND_PER_SEC', saved.a], ['OMNI_WIDGET_SEND_BURST', saved.b]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchWidget({ samples: Number(process.argv[2] ?? 300), log: console.log });
  const f = (s: LegStats) => `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`;
  console.log(`widget round trip (${r.samples} samples, ${r.chats} chats):`);
  console.log(`  customer -> agent: hub ${f(r.hub.toAgent)}; floor ${f(r.floor.toAgent)}; p99 ratio ${r.ratio.toAgent.toFixed(2)}x`);
  console.log(`  agent -> customer: hub ${f(r.hub.toCustomer)}; floor ${f(r.floor.toCustomer)}; p99 ratio ${r.ratio.toCustomer.toFixed(2)}x`);
  console.log(`  round trip:        hub ${f(r.hub.roundTrip)}; floor ${f(r.floor.roundTrip)}; p99 ratio ${r.ratio.roundTrip.toFixed(2)}x (target <= 2x)`);
  process.exit(0);
}

export const WIDGET_TARGET_RATIO = 2;

export function widgetSummaryRow(r: WidgetBenchResult): string {
  return `| Chat widget round trip p99 (customer → agent socket, agent reply → widget), ${r.samples} samples | ≤ ${WIDGET_TARGET_RATIO}× raw socket.io floor p99 | hub ${r.hub.roundTrip.p99.toFixed(1)} ms vs floor ${r.floor.roundTrip.p99.toFixed(1)} ms (${r.ratio.roundTrip.toFixed(2)}×) | ${r.ratio.roundTrip <= WIDGET_TARGET_RATIO ? '**PASS**' : '**MISS**'} |`;
}

export function widgetSection(r: WidgetBenchResult): string[] {
  const row = (name: string, h: LegStats, f: LegStats, ratio: number) => `| ${name} | ${h.p50.toFixed(1)} ms | ${h.p99.toFixed(1)} ms | ${f.p50.toFixed(1)} ms | ${f.p99.toFixed(1)} ms | ${ratio.toFixed(2)}× |`;
  return [
    '## Chat widget round trip',
    '',
    `A hub on SQLite and a raw socket.io floor in the same process, alternating blocks of ~30 samples (the hub's after-work waited out before each floor block); ${r.chats} widget chats, one agent socket watching their customers. Customer → agent: a widget message until the agent's socket hears the chat item (parse, rate limit, one commit of chat item + grouping + numbered message, fan-out). Agent → customer: the agent's HTTP reply until the widget hears it (session, one commit of chat item + message + outbox row, the push right after it). The floor relays a socket message to a room and an HTTP POST to a room, nothing else.`,
    '',
    '| Leg | hub p50 | hub p99 | floor p50 | floor p99 | p99 ratio |',
    '|---|---|---|---|---|---|',
    row('Customer → agent', r.hub.toAgent, r.floor.toAgent, r.ratio.toAgent),
    row('Agent → customer', r.hub.toCustomer, r.floor.toCustomer, r.ratio.toCustomer),
    row('Round trip', r.hub.roundTrip, r.floor.roundTrip, r.ratio.roundTrip),
    '',
  ];
}
