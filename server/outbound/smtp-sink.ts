import { SMTPServer } from 'smtp-server';
import type { AddressInfo, Socket } from 'node:net';

/** A received mail: its Message-ID and raw text, and when it arrived (ms). */
export interface SunkMail {
  messageId: string | null;
  raw: string;
  atMs: number;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it receives: the tests kill and
 * restart it, the bench measures against it, demo mode shows replies in it. No TLS, no auth (local only).
 */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  private server: SMTPServer | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Called on each mail (e.g. to kill the server mid-run). */
  onMail: ((m: SunkMail) => void) | null = null;
  /** Recipients refused with 550 (a permanent failure). */
  readonly refuse = new Set<string>();

  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      size: 20 * 1024 * 1024,
      onConnect: (_session, cb) => cb(),
      onRcptTo: (address, _session, cb) => (this.refuse.has(address.address.toLowerCase()) ? cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })) : cb()),
      onData: (stream, _session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const m = /^message-id:\s*(<[^>]+>)/im.exec(raw);
          const mail = { messageId: m ? m[1]!.toLowerCase() : null, raw, atMs: Date.now() };
          this.mails.push(mail);
          cb();
          this.onMail?.(mail);
        });
      },
    });
    server.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Like a crash: open connections are cut, whatever they were sending. */
  async kill(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Distinct Message-IDs received. */
  distinct(): Set<string> {
    return new Set(this.mails.map((m) => m.messageId).filter((x): x is string => x !== null));
  }
}
