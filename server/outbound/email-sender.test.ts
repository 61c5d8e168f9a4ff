import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpEmailSender } from './email-sender.js';
import type { SendJob } from './sender.js';
import { SmtpSink } from './smtp-sink.js';

/*
 * The sender against a REAL SMTP server (smtp-server on a random port): the pool the hub configures is the one
 * it gets. createTransport({ url, pool, … }) silently dropped every option beside the URL — one connection
 * per mail, no timeouts — which capped the outbox far below the server's speed.
 */
const sink = new SmtpSink();
const connections: Socket[] = [];
let port = 0;

const job = (i: number): SendJob => ({
  outboxId: `out-${i}`,
  channel: 'email',
  idempotencyKey: `key-${i}`,
  to: `customer${i}@example.com`,
  from: 'Shop Support <support@shop.test>',
  subject: `Re: Order ${i}`,
  messageId: `<reply-${i}@shop.test>`,
  payload: { text: `Reply ${i}`, inReplyTo: `<m${i}@example.com>`, references: [`<m${i}@example.com>`] },
});

beforeAll(async () => {
  port = await sink.start();
  (sink as unknown as { server: { server: { on(e: 'connection', f: (s: Socket) => void): void } } }).server.server.on('connection', (s) => connections.push(s));
});
afterAll(() => sink.kill());

describe('SmtpEmailSender', () => {
  it('keeps its mails on the configured pool of connections (not one connection per mail)', async () => {
    const sender = new SmtpEmailSender(`smtp://127.0.0.1:${port}`, { maxConnections: 2 });
    const before = connections.length;
    try {
      // 30 mails, 6 at once: more at once than connections, so a pool that reuses nothing would open 30.
      let next = 0;
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (next < 30) await sender.send(job(next++));
        }),
      );
    } finally {
      sender.close();
    }
    expect(connections.length - before).toBeGreaterThanOrEqual(1);
    expect(connections.length - before).toBeLessThanOrEqual(2);
    const got = sink.distinct();
    for (let i = 0; i < 30; i++) expect(got.has(`<reply-${i}@shop.test>`)).toBe(true);
    const one = sink.mails.find((m) => m.messageId === '<reply-7@shop.test>')!;
    expect(one.raw).toMatch(/^In-Reply-To: <m7@example\.com>/im);
    expect(one.raw).toMatch(/^X-Omni-Outbox-Id: out-7/im);
  });

  it('applies its own timeouts: a server that never greets fails the send within the timeout, as retryable', async () => {
    // A TCP listener that accepts and says nothing (no SMTP greeting).
    const { createServer } = await import('node:net');
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    const sender = new SmtpEmailSender(`smtp://127.0.0.1:${silentPort}`, { maxConnections: 1, timeoutMs: 300 });
    const start = Date.now();
    try {
      const err = await sender.send(job(99)).then(
        () => null,
        (e: unknown) => e as { permanent: boolean },
      );
      expect(err).not.toBeNull();
      expect(err!.permanent).toBe(false);
      expect(Date.now() - start).toBeLessThan(5_000);
    } finally {
      sender.close();
      silent.close();
    }
  });
});
