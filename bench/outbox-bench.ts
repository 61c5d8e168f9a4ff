/*
 * Outbox to a local SMTP server (the real smtp-server package, SmtpSink): the worker draining a backlog of
 * replies spread over many conversations (sustained emails/s, target >= 200), beside a floor measured in the
 * same run — the same mails sent straight through the same pooled nodemailer transport, no database — and
 * send-to-delivered latency (reply committed -> mail at the server) p50/p99 at a paced rate.
 * `npm run bench -- --only outbox`, or alone: `npx tsx bench/outbox-bench.ts [count]` (SQLite in a temp dir).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemActor } from '../shared/actor.js';
import { createDomain, type SqlDomain } from '../server/create-domain.js';
import { SmtpEmailSender } from '../server/outbound/email-sender.js';
import { toJob } from '../server/outbound/outbox-store.js';
import type { ReplyService } from '../server/outbound/reply-service.js';
import { outDb } from '../server/outbound/tables.js';
import type { OutboxWorker } from '../server/outbound/worker.js';
import { spawnChild } from './child.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export interface OutboxBenchResult {
  count: number;
  conversations: number;
  emailsPerSec: number;
  /** Raw pooled nodemailer -> the same SMTP server, same mails, no outbox. */
  floorEmailsPerSec: number;
  /** emailsPerSec / floorEmailsPerSec: the target is >= ~1.0 (the outbox costs the sends nothing measurable). */
  floorShare: number;
  /** CPU of the bench process (the hub's side: sender, and for the outbox its database work) per mail, ms. */
  cpuMsPerMail: { floor: number; outbox: number };
  /** 1-minute load average when the floor and the drain started (the machine is shared: figures beside it). */
  loadAvg: { floor: number; outbox: number };
  paced: { count: number; perSec: number; p50Ms: number; p99Ms: number };
  smtpConnections: number;
  concurrency: number;
  batch: number;
}

export interface OutboxBenchOptions {
  count?: number;
  conversations?: number;
  paced?: number;
  pacedPerSec?: number;
  log?: (line: string) => void;
}

const SETTINGS = { OMNI_OUTBOX_BATCH: '200', OMNI_OUTBOX_CONCURRENCY: '20', OMNI_OUTBOX_POLL_MS: '50', OMNI_SMTP_MAX_CONNECTIONS: '10' };

export async function benchOutbox(opts: OutboxBenchOptions = {}): Promise<OutboxBenchResult> {
  const count = opts.count ?? 2000;
  const conversations = opts.conversations ?? 100;
  const paced = opts.paced ?? 500;
  const pacedPerSec = opts.pacedPerSec ?? 100;
  const log = opts.log ?? (() => {});
  // The SMTP server runs in its own process, as a mail server would; it reports counts and arrival times.
  const sink = await spawnChild<{ port: number }>('smtp-sink-child.ts', {});
  const port = sink.ready.port;
  const arrived = new Map<string, number>();
  let received = 0;
  const collect = async () => {
    const { mails } = await sink.request<{ mails: [string | null, number][] }>('mails');
    for (const [id, at] of mails) {
      received++;
      if (id) arrived.set(id, at);
    }
  };
  const until = async (n: number) => {
    for (;;) {
      await collect();
      if (received >= n) return;
      await sleep(5);
    }
  };
  const dir = mkdtempSync(join(tmpdir(), 'omni-outbox-bench-'));
  const saved = Object.fromEntries(['OMNI_SMTP_URL', 'OMNI_OUTBOX_WORKER', ...Object.keys(SETTINGS)].map((k) => [k, process.env[k]]));
  Object.assign(process.env, { OMNI_SMTP_URL: `smtp://127.0.0.1:${port}`, OMNI_OUTBOX_WORKER: 'off', ...SETTINGS });
  const domain = (await createDomain({ dataDir: dir, defaultRegion: 'US' })) as SqlDomain;
  try {
    const actor = systemActor('bench');
    const now = Date.now();
    const inbound = Array.from({ length: conversations }, (_, c) => ({ source: 'bench', sourceEventId: `m${c}`, channel: 'email' as const, type: 'email.received', occurredAt: new Date(now - 60_000).toISOString(), customer: { email: `bench${c}@example.com` }, data: { direction: 'inbound', subject: `Order ${c}`, from: `bench${c}@example.com`, messageId: `<m${c}@example.com>` } }));
    const { results } = await domain.ingest.ingest(actor, inbound);
    const db = outDb(domain.database.db);
    const convs = await db.selectFrom('conversation_items').select('conversation_id').where('event_id', 'in', results.map((r) => r.eventId!)).execute();
    const convIds = [...new Set(convs.map((c) => c.conversation_id))];
    const f = domain.features.get('outbound') as { replies: ReplyService; outboxWorker: OutboxWorker };

    // 1. Backlog (the worker is off): replies spread over the conversations, each a timeline item + an outbox row.
    for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => f.replies.reply(actor, convIds[(i + j) % convIds.length]!, { idempotencyKey: `bench-${i + j}-key`, text: `Reply ${i + j}` })));

    // Its after-commit work (next actions, stats, pushes) finishes first: floor and drain measure the sends alone.
    await domain.events.idle();

    // 2. Floor: the backlog's own mails (same headers, thread chain and size; a Message-ID of their own) sent
    // straight through the hub's SMTP sender — the same pooled nodemailer transport, pool size and sockets —
    // with the worker's concurrency, no database.
    const floorN = Math.min(count, 1000);
    const rows = await db.selectFrom('outbox_messages').selectAll().where('status', '=', 'queued').orderBy('next_attempt_us').limit(floorN).execute();
    const jobs = rows.map((r, i) => ({ ...toJob(r), messageId: `<floor-${i}@omni.local>` }));
    const floorSender = new SmtpEmailSender(`smtp://127.0.0.1:${port}`, { maxConnections: Number(SETTINGS.OMNI_SMTP_MAX_CONNECTIONS) });
    const floorLoad = loadavg()[0]!;
    const floorCpu = process.cpuUsage();
    const floorStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Number(SETTINGS.OMNI_OUTBOX_CONCURRENCY) }, async () => {
        while (next < jobs.length) await floorSender.send(jobs[next++]!);
      }),
    );
    const floorEmailsPerSec = jobs.length / ((performance.now() - floorStart) / 1000);
    const floorCpuMs = cpuMs(process.cpuUsage(floorCpu)) / jobs.length;
    floorSender.close();
    await until(jobs.length);
    const base = received;
    log(`outbox: floor ${floorEmailsPerSec.toFixed(0)} emails/s (the hub's pooled SMTP sender, ${jobs.length} of the backlog's mails, no database); draining a backlog of ${count} replies over ${convIds.length} conversations…`);

    // 3. Drain: the worker's sustained rate, over the same sink and pool size.
    const outboxLoad = loadavg()[0]!;
    const outboxCpu = process.cpuUsage();
    const start = performance.now();
    f.outboxWorker.start();
    await until(base + count);
    const emailsPerSec = count / ((performance.now() - start) / 1000);
    // The drain's own writes (last states, timeline re-statements) land before the CPU is read.
    await f.outboxWorker.settle();
    const outboxCpuMs = cpuMs(process.cpuUsage(outboxCpu)) / count;
    log(`outbox: drained ${count} at ${emailsPerSec.toFixed(0)} emails/s; paced ${paced} replies at ${pacedPerSec}/s…`);

    // 4. Paced: latency from the committed reply to the mail at the server.
    const committed = new Map<string, number>();
    const pacedStart = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < paced; i++) {
      const due = pacedStart + (i * 1000) / pacedPerSec;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(
        f.replies.reply(actor, convIds[i % convIds.length]!, { idempotencyKey: `paced-${i}-key`, text: `Paced ${i}` }).then((m) => {
          committed.set(m.message.messageId!.toLowerCase(), Date.now());
        }),
      );
    }
    await Promise.all(inFlight);
    const pacedPerSecReal = paced / ((performance.now() - pacedStart) / 1000);
    await until(base + count + paced);
    const lat = [...committed].filter(([id]) => arrived.has(id)).map(([id, at]) => Math.max(0, arrived.get(id)! - at));
    const s = SETTINGS;
    return { count, conversations: convIds.length, emailsPerSec, floorEmailsPerSec, floorShare: emailsPerSec / floorEmailsPerSec, cpuMsPerMail: { floor: floorCpuMs, outbox: outboxCpuMs }, loadAvg: { floor: floorLoad, outbox: outboxLoad }, paced: { count: lat.length, perSec: pacedPerSecReal, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99) }, smtpConnections: Number(s.OMNI_SMTP_MAX_CONNECTIONS), concurrency: Number(s.OMNI_OUTBOX_CONCURRENCY), batch: Number(s.OMNI_OUTBOX_BATCH) };
  } finally {
    await domain.close();
    await sink.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export const OUTBOX_TARGET_PER_SEC = 200;
/** "≥ ~1.0× the floor": the outbox may cost at most a few percent of the floor's rate. */
export const OUTBOX_TARGET_FLOOR_SHARE = 0.95;
const outboxPass = (r: OutboxBenchResult) => r.emailsPerSec >= OUTBOX_TARGET_PER_SEC && r.floorShare >= OUTBOX_TARGET_FLOOR_SHARE;

export function outboxSummaryRow(r: OutboxBenchResult): string {
  return `| Outbox → local SMTP server, ${r.count.toLocaleString('en-US')} replies sustained | ≥ ${OUTBOX_TARGET_PER_SEC} emails/s and ≥ ~1.0× the floor (the hub's SMTP sender, no database) | ${r.emailsPerSec.toFixed(0)} emails/s (floor ${r.floorEmailsPerSec.toFixed(0)}/s, ${r.floorShare.toFixed(2)}×; load ${r.loadAvg.outbox.toFixed(1)}); send→delivered p99 ${r.paced.p99Ms} ms | ${outboxPass(r) ? '**PASS**' : '**MISS**'} |`;
}

export function outboxSection(r: OutboxBenchResult): string[] {
  return [
    '## Outbox to SMTP',
    '',
    `Replies written through the reply service (timeline item + outbox row in one transaction) on SQLite, spread over ${r.conversations} conversations, then drained by the outbox worker (claims of ${r.batch} refilled at half, ${r.concurrency} sends at once, finished rows written by group commit) to the real \`smtp-server\` in its own process, over a pool of ${r.smtpConnections} nodemailer connections. The floor sends the backlog's own mails (same headers and size, a Message-ID of their own) straight through the hub's SMTP sender — the same pooled transport, pool size and concurrency — with no database: the outbox's target is ≥ ~1.0× of it. Send→delivered: replies paced at ${r.paced.perSec.toFixed(0)}/s, from the committed reply to the mail at the server.`,
    '',
    '| Measure | Value |',
    '|---|---|',
    `| Sustained (backlog of ${r.count.toLocaleString('en-US')}) | ${r.emailsPerSec.toFixed(0)} emails/s |`,
    `| Floor: the hub's SMTP sender, no database | ${r.floorEmailsPerSec.toFixed(0)} emails/s |`,
    `| Outbox / floor | ${r.floorShare.toFixed(2)}× |`,
    `| CPU per mail, bench process: outbox / floor | ${r.cpuMsPerMail.outbox.toFixed(2)} ms / ${r.cpuMsPerMail.floor.toFixed(2)} ms |`,
    `| 1-min load average at floor / drain | ${r.loadAvg.floor.toFixed(1)} / ${r.loadAvg.outbox.toFixed(1)} |`,
    `| Send→delivered p50 / p99 (${r.paced.count} mails) | ${r.paced.p50Ms} ms / ${r.paced.p99Ms} ms |`,
    '',
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchOutbox({ count: Number(process.argv[2] ?? 2000), log: console.log });
  console.log(`outbox -> SMTP: ${r.emailsPerSec.toFixed(0)} emails/s sustained (target >= 200; floor ${r.floorEmailsPerSec.toFixed(0)}/s, ratio ${r.floorShare.toFixed(2)}x); CPU/mail ${r.cpuMsPerMail.outbox.toFixed(2)} ms vs floor ${r.cpuMsPerMail.floor.toFixed(2)} ms; send-to-delivered at ${r.paced.perSec.toFixed(0)}/s: p50 ${r.paced.p50Ms} ms, p99 ${r.paced.p99Ms} ms; load average ${r.loadAvg.floor.toFixed(1)} / ${r.loadAvg.outbox.toFixed(1)}`);
  process.exit(outboxPass(r) ? 0 : 1);
}
