import { z } from 'zod';
import { SendError, type OutboundSender, type SendJob, type SendOutcome } from './sender.js';

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** Default https://api.twilio.com (OMNI_TWILIO_API_BASE). */
  apiBase: string;
  /** Where Twilio posts MessageStatus callbacks for a row (null: none, e.g. no OMNI_PUBLIC_URL). */
  statusCallbackFor(outboxId: string): string | null;
  timeoutMs?: number;
}

/** Twilio's answers: a Message resource, or an error object with its numeric code. */
const MessageResource = z.object({ sid: z.string(), status: z.string() }).passthrough();
const TwilioErrorBody = z.object({ code: z.number().optional(), message: z.string().optional() }).passthrough();

/** Errors worth another try later: rate limits and Twilio's own trouble. */
const RETRYABLE_HTTP = new Set([408, 429, 500, 502, 503, 504]);

/** SMS through the Twilio Messages REST API (POST …/Accounts/{Sid}/Messages.json, Basic auth, form fields). */
export class TwilioSmsSender implements OutboundSender {
  readonly channel = 'sms' as const;

  constructor(private readonly o: TwilioSmsOptions) {}

  async send(job: SendJob): Promise<SendOutcome> {
    const url = `${this.o.apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(this.o.accountSid)}/Messages.json`;
    const form = new URLSearchParams({ To: job.to, From: job.from, Body: job.payload.text });
    const callback = this.o.statusCallbackFor(job.outboxId);
    if (callback) form.set('StatusCallback', callback);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.o.accountSid}:${this.o.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          // Twilio drops a repeated request carrying the same token: a retry after a lost answer sends once.
          'i-twilio-idempotency-token': job.idempotencyKey,
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new SendError(`Twilio unreachable: ${(err as Error).message}`, false, 'network');
    }
    const body: unknown = await res.json().catch(() => ({}));
    if (res.ok) {
      const m = MessageResource.safeParse(body);
      if (!m.success) throw new SendError('Twilio answered without a message sid', false, 'bad_response');
      return { providerId: m.data.sid, providerStatus: m.data.status };
    }
    const e = TwilioErrorBody.safeParse(body);
    const code = e.success && e.data.code !== undefined ? String(e.data.code) : String(res.status);
    const text = (e.success && e.data.message) || `HTTP ${res.status}`;
    throw new SendError(text, !RETRYABLE_HTTP.has(res.status), code);
  }
}
