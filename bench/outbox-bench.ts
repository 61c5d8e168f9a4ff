/*
 * Outbox to a local SMTP server (the real smtp-server package): sustained throughput of the worker draining a
 * backlog (target >= 200 emails/s), and send-to-delivered latency (reply committed -> mail at the server) p50/p99
 * at a paced 100 replies/s. Run: `npx tsx bench/outbox-bench.ts [count]` (SQLite in a temp dir).
 * Not yet wired into bench/run.ts `--only outbox` (integrator: call benchOutbox() from there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemActor } from '../shared/actor.js';
import { createDomain } from '../server/create-domain.js';
import type { ReplyService } from '../server/outbound/reply-service.js';
import { SmtpSink } from '../server/outbound/smtp-sink.js';
import { outDb } from '../server/outbound/tables.js';
import type { OutboxWorker } from '../server/outbound/worker.js';
import type { SqlDomain } from '../server/create-domain.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

export async function benchOutbox(count = 2000): Promise<{ emailsPerSec: number; p50Ms: number; p99Ms: number }> {
  const sink = new SmtpSink();
  const port = await sink.start();
  const dir = mkdtempSync(join(tmpdir(), 'omni-outbox-bench-'));
  Object.assign(process.env, { OMNI_SMTP_URL: `smtp://127.0.0.1:${port}`, OMNI_OUTBOX_WORKER: 'off', OMNI_OUTBOX_BATCH: '100', OMNI_OUTBOX_CONCURRENCY: '20', OMNI_OUTBOX_POLL_MS: '20' });
  const domain = await createDomain({ dataDir: dir, defaultRegion: 'US' });
  try {
    const actor = systemActor('bench');
    const [r] = (await domain.ingest.ingest(actor, [{ source: 'bench', sourceEventId: 'm1', channel: 'email', type: 'email.received', occurredAt: new Date().toISOString(), customer: { email: 'bench@example.com' }, data: { direction: 'inbound', subject: 'Bench', from: 'bench@example.com', messageId: '<m1@example.com>' } }])).results;
    const db = outDb((domain as SqlDomain).database.db);
    const conv = (await db.selectFrom('conversation_items').select('conversation_id').where('event_id', '=', r!.eventId).executeTakeFirstOrThrow()).conversation_id;
    const f = domain.features.get('outbound') as { replies: ReplyService; outboxWorker: OutboxWorker };
    // 1. Backlog, then drain: the worker's sustained rate.
    for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => f.replies.reply(actor, conv, { idempotencyKey: `bench-${i + j}-key`, text: `Reply ${i + j}` })));
    const start = Date.now();
    f.outboxWorker.start();
    while (sink.distinct().size < count) await new Promise((res) => setTimeout(res, 10));
    const emailsPerSec = count / ((Date.now() - start) / 1000);
    // 2. Paced: latency from committed reply to the mail at the server.
    const paced = Math.min(500, count);
    const committed = new Map<string, number>();
    for (let i = 0; i < paced; i++) {
      const m = await f.replies.reply(actor, conv, { idempotencyKey: `paced-${i}-key`, text: `Paced ${i}` });
      committed.set(m.message.messageId!.toLowerCase(), Date.now());
      await new Promise((res) => setTimeout(res, 10));
    }
    while (sink.distinct().size < count + paced) await new Promise((res) => setTimeout(res, 10));
    const lat = sink.mails.filter((m) => m.messageId && committed.has(m.messageId)).map((m) => m.atMs - committed.get(m.messageId!)!);
    return { emailsPerSec, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99) };
  } finally {
    await domain.close();
    await sink.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchOutbox(Number(process.argv[2] ?? 2000));
  console.log(`outbox -> SMTP: ${r.emailsPerSec.toFixed(0)} emails/s sustained (target >= 200); send-to-delivered p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
  process.exit(r.emailsPerSec >= 200 ? 0 : 1);
}
