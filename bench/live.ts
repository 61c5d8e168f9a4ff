import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { IngestEvent, TimelineItemEvent } from '../shared/index.js';
import { benchHubEnv, spawnChild, type Child } from './child.js';
import { summarize, type Summary } from './stats.js';

export interface LiveResult {
  target: 'hub' | 'floor';
  watchers: number;
  eventsPerSecond: number;
  sent: number;
  received: number;
  latency: Summary;
  /** Server process RSS at the end of the run. */
  serverRssMB: number;
}

const WARMUP_SECONDS = 2;
/** Floor and hub alternate in this many rounds, so bursts of other load on the machine hit both alike. */
const ROUNDS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Target {
  child: Child<{ url: string }>;
  /** Auth for watcher i's socket and the call that subscribes it. */
  auth(i: number): Record<string, string>;
  subscribe(socket: Socket, i: number): Promise<void>;
  /** Sends an event for watcher i; the payload carries `key` back as item.sourceEventId. */
  send(i: number, key: string): Promise<Response>;
  cleanup(): void;
}

interface Session {
  kind: 'hub' | 'floor';
  /** Sends `eventsPerSecond` for `seconds`; returns latencies (ms) of the items that arrived. */
  phase(eventsPerSecond: number, seconds: number): Promise<{ sent: number; received: number; samples: number[] }>;
  rssMB(): Promise<number>;
  close(): Promise<void>;
}

/**
 * `watchers` socket.io clients per server, each watching its own customer; events at
 * `eventsPerSecond` round-robin over them, each sent as one HTTP request. Latency = request start ->
 * the item arriving at the watching socket, on this process's clock. Servers run in child processes.
 * The floor and the hub are both up for the whole run and measured in alternating rounds.
 */
export async function benchLive(watchers: number, eventsPerSecond: number, seconds: number, log: (line: string) => void = () => {}): Promise<{ floor: LiveResult; hub: LiveResult }> {
  const sessions: Session[] = [];
  try {
    sessions.push(await openSession('floor', watchers), await openSession('hub', watchers));
    for (const s of sessions) await s.phase(eventsPerSecond, WARMUP_SECONDS);
    const totals = new Map(sessions.map((s) => [s.kind, { sent: 0, received: 0, samples: [] as number[] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 === 0 ? sessions : [...sessions].reverse()) {
        const r = await s.phase(eventsPerSecond, seconds / ROUNDS);
        const t = totals.get(s.kind)!;
        t.sent += r.sent;
        t.received += r.received;
        t.samples.push(...r.samples);
      }
      log(`  live round ${round + 1}/${ROUNDS} done`);
    }
    const result = async (s: Session): Promise<LiveResult> => {
      const t = totals.get(s.kind)!;
      return { target: s.kind, watchers, eventsPerSecond, sent: t.sent, received: t.received, latency: summarize(t.samples), serverRssMB: await s.rssMB() };
    };
    return { floor: await result(sessions[0]!), hub: await result(sessions[1]!) };
  } finally {
    for (const s of sessions) await s.close();
  }
}

async function openSession(kind: 'hub' | 'floor', watchers: number): Promise<Session> {
  const target = kind === 'hub' ? await hubTarget(watchers) : await floorTarget();
  const sockets: Socket[] = [];
  const sentAt = new Map<string, number>();
  let samples: number[] = [];
  let received = 0;
  let counter = 0;
  const close = async () => {
    for (const s of sockets) s.disconnect();
    await target.child.close();
    target.cleanup();
  };
  try {
    for (let i = 0; i < watchers; i++) {
      const socket = connect(target.child.ready.url, { transports: ['websocket'], auth: target.auth(i), reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', (err) => reject(err));
      });
      socket.on('timeline:item', (e: TimelineItemEvent) => {
        const t0 = sentAt.get(e.item.sourceEventId);
        if (t0 === undefined) return;
        sentAt.delete(e.item.sourceEventId);
        received += 1;
        samples.push(performance.now() - t0);
      });
      await target.subscribe(socket, i);
    }
  } catch (err) {
    await close();
    throw err;
  }

  return {
    kind,
    async phase(eventsPerSecond, seconds) {
      samples = [];
      received = 0;
      const total = Math.round(eventsPerSecond * seconds);
      const interval = 1000 / eventsPerSecond;
      const inFlight = new Set<Promise<unknown>>();
      let failures = 0;
      const start = performance.now();
      for (let n = 0; n < total; n++) {
        const due = start + n * interval;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const key = `k${counter++}`;
        sentAt.set(key, performance.now());
        const p = target.send(n % watchers, key).then(
          (res) => {
            if (res.status !== 202) failures += 1;
            return res.arrayBuffer();
          },
          () => (failures += 1),
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      await Promise.all(inFlight);
      const deadline = performance.now() + 5000;
      while (received < total && performance.now() < deadline) await sleep(20);
      if (failures > 0) throw new Error(`${failures} of ${total} ${kind} requests failed`);
      sentAt.clear();
      return { sent: total, received, samples };
    },
    rssMB: async () => (await target.child.request<{ rssMB: number }>('rss')).rssMB,
    close,
  };
}

const ADMIN = { email: 'bench@omni.local', password: 'bench-admin-password' };

async function hubTarget(watchers: number): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'omni-bench-live-'));
  const ingestKey = 'bench-ingest-key-0123456789';
  const child = await spawnChild<{ url: string }>('hub-child.ts', benchHubEnv(dataDir, ingestKey, ADMIN));
  const url = child.ready.url;
  const post = (path: string, body: unknown, auth?: string) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify(body) });
  const login = await post('/api/v1/auth/login', ADMIN);
  if (login.status !== 200) throw new Error(`hub login failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const email = (i: number) => `live${i}@bench.example`;
  const event = (i: number, key: string): IngestEvent => ({
    source: 'bench-live',
    sourceEventId: key,
    channel: 'sms',
    type: 'sms.received',
    occurredAt: new Date().toISOString(),
    customer: { email: email(i) },
    summary: 'Is my order on its way?',
    data: { direction: 'inbound', body: 'Is my order on its way?' },
  });
  // One customer per watcher, created up front.
  const ids: string[] = [];
  for (let i = 0; i < watchers; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, watchers - i) }, (_, k) => ({ ...event(i + k, `setup-${i + k}`), customer: { email: email(i + k), name: `Live Watcher ${i + k}` } }));
    const res = await post('/api/v1/events', { events: batch }, ingestKey);
    if (res.status !== 202) throw new Error(`hub setup ingest failed: ${res.status} ${await res.text()}`);
    ids.push(...((await res.json()) as { results: { customerId: string }[] }).results.map((r) => r.customerId));
  }
  return {
    child,
    auth: () => ({ token }),
    subscribe: async (socket, i) => {
      const ack = (await socket.timeout(10_000).emitWithAck('customer:watch', { customerId: ids[i]! })) as { ok: boolean };
      if (!ack.ok) throw new Error(`watch refused: ${JSON.stringify(ack)}`);
    },
    send: (i, key) => post('/api/v1/events', event(i, key), ingestKey),
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function floorTarget(): Promise<Target> {
  const child = await spawnChild<{ url: string }>('floor-child.ts', {});
  const url = child.ready.url;
  return {
    child,
    auth: (i) => ({ room: `c${i}` }),
    subscribe: async () => {},
    send: (i, key) => {
      const now = new Date().toISOString();
      // Same shape and size as the hub's `timeline:item`.
      const item = { id: `evt_${key}`, customerId: `c${i}`, channel: 'sms', type: 'sms.received', occurredAt: now, summary: 'Is my order on its way?', source: 'bench-live', sourceEventId: key, data: { direction: 'inbound', body: 'Is my order on its way?' }, seq: 1 };
      return fetch(`${url}/emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room: `c${i}`, payload: { customerId: `c${i}`, item, seq: 1 } }) });
    },
    cleanup: () => {},
  };
}
