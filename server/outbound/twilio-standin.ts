import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioSignature } from '../connectors/twilio/verify.js';

/** One message the stand-in accepted. */
export interface StandInMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  idempotencyToken: string | null;
}

export interface TwilioStandInOptions {
  accountSid: string;
  authToken: string;
  /** What happens to a message after it was accepted: the statuses it reports, in order (with an error code for failures). */
  fate?: (m: StandInMessage) => { status: string; errorCode?: string }[];
  /** Refuse a send up front with Twilio's error (e.g. 21610 for an unsubscribed recipient). */
  refuse?: (to: string) => { httpStatus: number; code: number; message: string } | null;
}

/**
 * A local HTTP server speaking the Twilio Messages API as documented: POST /2010-04-01/Accounts/{Sid}/Messages.json
 * with Basic auth and form fields To / From / Body / StatusCallback, JSON answers (a Message resource, or an error
 * with its numeric code), and status callbacks POSTed back form-encoded and signed (X-Twilio-Signature).
 */
export class TwilioStandIn {
  readonly messages: StandInMessage[] = [];
  /** Requests that repeated an idempotency token (answered with the first message, not sent again). */
  repeats = 0;
  private server: Server | null = null;
  private seq = 0;
  private readonly byToken = new Map<string, StandInMessage>();
  private readonly callbacks: Promise<void>[] = [];

  constructor(private readonly o: TwilioStandInOptions) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.callbacks);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves when every status callback sent so far was answered. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.callbacks);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = `/2010-04-01/Accounts/${this.o.accountSid}/Messages.json`;
    if (req.method !== 'POST' || req.url !== path) return this.json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const expected = `Basic ${Buffer.from(`${this.o.accountSid}:${this.o.authToken}`).toString('base64')}`;
    if (req.headers['authorization'] !== expected) return this.json(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To');
    const from = form.get('From');
    const body = form.get('Body');
    if (!to) return this.json(res, 400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
    if (!from) return this.json(res, 400, { code: 21603, message: "A 'From' phone number is required.", status: 400 });
    if (!body) return this.json(res, 400, { code: 21602, message: 'Message body is required.', status: 400 });
    const refusal = this.o.refuse?.(to);
    if (refusal) return this.json(res, refusal.httpStatus, { code: refusal.code, message: refusal.message, status: refusal.httpStatus });
    const token = (req.headers['i-twilio-idempotency-token'] as string | undefined) ?? null;
    const known = token ? this.byToken.get(token) : undefined;
    if (known) {
      this.repeats++;
      return this.json(res, 201, this.resource(known, 'queued'));
    }
    const m: StandInMessage = { sid: `SM${(++this.seq).toString(16).padStart(32, '0')}`, to, from, body, statusCallback: form.get('StatusCallback'), idempotencyToken: token };
    this.messages.push(m);
    if (token) this.byToken.set(token, m);
    this.json(res, 201, this.resource(m, 'queued'));
    const fate = this.o.fate?.(m) ?? [{ status: 'sent' }, { status: 'delivered' }];
    if (m.statusCallback) this.callbacks.push(this.report(m, fate));
  }

  private resource(m: StandInMessage, status: string) {
    return { sid: m.sid, account_sid: this.o.accountSid, to: m.to, from: m.from, body: m.body, status, error_code: null, error_message: null, num_segments: '1', direction: 'outbound-api', uri: `/2010-04-01/Accounts/${this.o.accountSid}/Messages/${m.sid}.json` };
  }

  /** Posts each status in order to the StatusCallback, signed like Twilio does. */
  private async report(m: StandInMessage, steps: { status: string; errorCode?: string }[]): Promise<void> {
    for (const step of steps) {
      const params: [string, string][] = [
        ['AccountSid', this.o.accountSid],
        ['MessageSid', m.sid],
        ['SmsSid', m.sid],
        ['MessageStatus', step.status],
        ['SmsStatus', step.status],
        ['To', m.to],
        ['From', m.from],
        ['ApiVersion', '2010-04-01'],
        ...(step.errorCode ? ([['ErrorCode', step.errorCode]] as [string, string][]) : []),
      ];
      const signature = twilioSignature(this.o.authToken, m.statusCallback!, params);
      await fetch(m.statusCallback!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() }).then((r) => r.arrayBuffer());
    }
  }
}
