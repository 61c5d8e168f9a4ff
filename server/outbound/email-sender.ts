import net from 'node:net';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Transporter } from 'nodemailer';
import { SendError, type OutboundSender, type SendJob, type SendOutcome } from './sender.js';

/**
 * Email over SMTP (nodemailer, pooled): Message-ID from the compose key (a resend after a crash carries the
 * same id, so the receiving side can tell), In-Reply-To and the References chain, text + HTML alternatives.
 */
export class SmtpEmailSender implements OutboundSender {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(smtpUrl: string, opts: { maxConnections?: number; timeoutMs?: number } = {}) {
    const timeout = opts.timeoutMs ?? 30_000;
    // The pool is built here, not by createTransport({ url, pool, … }): given a `url`, createTransport keeps
    // only what the URL says and drops every other option, so that transport opened (and closed) one
    // connection per mail and applied none of these timeouts. SMTPPool merges the URL into the options.
    this.transport = nodemailer.createTransport(
      new SMTPPool({
        url: smtpUrl,
        pool: true,
        // Sends overlap on several pooled connections (the worker runs up to OMNI_OUTBOX_CONCURRENCY at once).
        maxConnections: opts.maxConnections ?? smtpPoolSize(),
        maxMessages: Infinity,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        getSocket: noDelaySocket,
      }),
    );
  }

  async send(job: SendJob): Promise<SendOutcome> {
    const p = job.payload;
    try {
      const info = await this.transport.sendMail({
        from: job.from,
        to: job.to,
        subject: job.subject ?? '',
        text: p.text,
        ...(p.html ? { html: p.html } : {}),
        ...(job.messageId ? { messageId: job.messageId } : {}),
        ...(p.inReplyTo ? { inReplyTo: p.inReplyTo } : {}),
        ...(p.references && p.references.length > 0 ? { references: p.references } : {}),
        attachments: (p.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
        headers: { 'X-Omni-Outbox-Id': job.outboxId },
      });
      return { providerId: info.messageId ?? job.messageId, providerStatus: 'accepted' };
    } catch (err) {
      const e = err as { responseCode?: number; message?: string; code?: string };
      // 5xx: the server refuses this message for good; 4xx and connection trouble: try again later.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
      throw new SendError(e.message ?? String(err), permanent, e.responseCode !== undefined ? String(e.responseCode) : (e.code ?? null));
    }
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * Each pooled connection's socket, opened with TCP_NODELAY. nodemailer writes a mail's body and its closing
 * `.` as separate small writes, then waits for the server's 250: with Nagle's algorithm on, the `.` waits for
 * the ACK of the body, which the server delays (~40 ms on Linux) — so every mail on every connection took
 * 40+ ms however fast both ends were (bench/outbox-bench.ts: ~190 mails/s over 10 connections). nodemailer
 * takes the socket as already opened (`connection`): it still upgrades smtps:// (port 465) to TLS on it, and
 * its greeting timeout covers a connect that hangs.
 */
export function noDelaySocket(options: SMTPPool.Options, callback: (err: Error | null, socket?: { connection: net.Socket }) => void): void {
  // The same defaults nodemailer's SMTP connection applies.
  const port = Number(options.port) || (options.secure ? 465 : 587);
  const host = options.host || 'localhost';
  callback(null, { connection: net.connect({ host, port, noDelay: true }) });
}

/** OMNI_SMTP_MAX_CONNECTIONS (default 10): pooled SMTP connections per hub. */
function smtpPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env['OMNI_SMTP_MAX_CONNECTIONS'] ?? '');
  return Number.isInteger(n) && n > 0 ? Math.min(n, 100) : 10;
}
