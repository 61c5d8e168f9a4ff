import type { ReplyChannel } from '../../shared/index.js';

/** What the outbox keeps for a sender beside the row's own columns (JSON in `payload`). */
export interface OutboxPayload {
  text: string;
  html?: string;
  /** Email thread headers, computed at compose time from the conversation's mails. */
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; contentType: string; contentBase64: string }[];
}

/** One delivery attempt of one outbox row. */
export interface SendJob {
  outboxId: string;
  channel: ReplyChannel;
  /** The compose's idempotency key: carried to the provider (Message-ID, Twilio idempotency token). */
  idempotencyKey: string;
  to: string;
  from: string;
  subject: string | null;
  messageId: string | null;
  payload: OutboxPayload;
}

export interface SendOutcome {
  /** Twilio MessageSid; for email the accepted Message-ID. */
  providerId: string | null;
  providerStatus: string | null;
}

/** A failed attempt: `permanent` ends retries at once (a 5xx SMTP reply, Twilio 21610 unsubscribed). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** One outbound channel's provider; every customer-facing byte leaves through one of these. */
export interface OutboundSender {
  readonly channel: ReplyChannel;
  send(job: SendJob): Promise<SendOutcome>;
  close?(): Promise<void> | void;
}
