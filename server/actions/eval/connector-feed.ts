import type { ConnectorResponse, IngestEvent } from '../../../shared/index.js';
import { chatConnector } from '../../connectors/chat/chat-connector.js';
import { deliver } from '../../connectors/deliver.js';
import { emailConnector } from '../../connectors/email/email-connector.js';
import { sendgridConnector } from '../../connectors/email/sendgrid-connector.js';
import { eventsConnector } from '../../connectors/events/events-connector.js';
import { posConnector } from '../../connectors/pos/pos-connector.js';
import { shopifyConnector } from '../../connectors/shopify/shopify-connector.js';
import { shopifySignature } from '../../connectors/shopify/verify.js';
import { twilioMessagingConnector, twilioVoiceConnector } from '../../connectors/twilio/twilio-connector.js';
import { twilioSignature } from '../../connectors/twilio/verify.js';
import type { Connector, ConnectorSettings } from '../../connectors/types.js';
import type { Domain } from '../../domain.js';

/*
 * Feeds payloads, shaped as each sender sends them (signed Shopify JSON, signed Twilio forms, raw
 * MIME, SendGrid multipart, chat / POS / events JSON), through the connectors' REAL delivery path
 * (driver mapping + ingest + upsert merges) into a domain. The eval scenarios and the vocabulary
 * contract test use it, so the engine is judged on what connectors actually write.
 */

export const FEED_SETTINGS: ConnectorSettings = {
  shopifySecret: 'feed-shopify-secret',
  twilioAuthToken: 'feed-twilio-token',
  publicUrl: 'https://hub.feed.test',
  maxAttachmentBytes: 0,
  defaultRegion: 'US',
};

/** Twilio's timestamp format (RFC 2822), as its callbacks carry it. */
export const rfc2822 = (ms: number) => new Date(ms).toUTCString();

export class ConnectorFeed {
  /** Customer ids the deliveries landed on, newest last. */
  readonly customerIds: string[] = [];
  private n = 0;

  constructor(
    private readonly domain: Domain,
    private readonly settings: ConnectorSettings = FEED_SETTINGS,
  ) {}

  /** A Shopify webhook: JSON body signed with the app secret, topic and event id headers. */
  shopify(topic: string, payload: object, triggeredAtMs?: number): Promise<ConnectorResponse> {
    const body = Buffer.from(JSON.stringify(payload));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': shopifySignature(this.settings.shopifySecret!, body),
      'x-shopify-event-id': `feed-${++this.n}`,
      ...(triggeredAtMs !== undefined ? { 'x-shopify-triggered-at': new Date(triggeredAtMs).toISOString() } : {}),
    };
    return this.send(shopifyConnector, '/api/v1/connectors/shopify', headers, body);
  }

  /** A Twilio voice status callback (form post, X-Twilio-Signature over the public URL + params). */
  twilioVoice(params: Record<string, string>): Promise<ConnectorResponse> {
    return this.twilio(twilioVoiceConnector, '/api/v1/connectors/twilio/voice', params);
  }

  /** A Twilio messaging webhook (incoming message or outbound status callback). */
  twilioMessaging(params: Record<string, string>): Promise<ConnectorResponse> {
    return this.twilio(twilioMessagingConnector, '/api/v1/connectors/twilio/messaging', params);
  }

  /** One raw RFC 822 message (CRLF line ends). */
  email(raw: string): Promise<ConnectorResponse> {
    return this.send(emailConnector, '/api/v1/connectors/email', { 'content-type': 'message/rfc822' }, Buffer.from(raw.replace(/\r?\n/g, '\r\n')));
  }

  /** SendGrid Inbound Parse, parsed mode: one multipart field per value. */
  sendgrid(fields: Record<string, string>): Promise<ConnectorResponse> {
    const boundary = `feed${++this.n}xYz`;
    const body = Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('');
    return this.send(sendgridConnector, '/api/v1/connectors/sendgrid', { 'content-type': `multipart/form-data; boundary=${boundary}` }, Buffer.from(`${body}--${boundary}--\r\n`));
  }

  chat(payload: object): Promise<ConnectorResponse> {
    return this.json(chatConnector, '/api/v1/connectors/chat', payload);
  }

  pos(payload: object): Promise<ConnectorResponse> {
    return this.json(posConnector, '/api/v1/connectors/pos', payload);
  }

  /** The generic events API (what other integrations, and the demo data, send). */
  events(...events: IngestEvent[]): Promise<ConnectorResponse> {
    return this.json(eventsConnector, '/api/v1/events', events.length === 1 ? events[0]! : { events });
  }

  private twilio(connector: Connector, path: string, params: Record<string, string>): Promise<ConnectorResponse> {
    const list = Object.entries(params);
    const signature = twilioSignature(this.settings.twilioAuthToken!, this.settings.publicUrl! + path, list);
    return this.send(connector, path, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, Buffer.from(new URLSearchParams(list).toString()));
  }

  private json(connector: Connector, path: string, payload: object): Promise<ConnectorResponse> {
    return this.send(connector, path, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(payload)));
  }

  private async send(connector: Connector, url: string, headers: Record<string, string>, body: Buffer): Promise<ConnectorResponse> {
    const res = await deliver(connector, { headers, body, url, query: {}, contentType: headers['content-type'] ?? null }, { domain: this.domain, settings: this.settings });
    for (const r of res.results) this.customerIds.push(r.customerId);
    return res;
  }
}
