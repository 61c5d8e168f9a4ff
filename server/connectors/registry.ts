import type { ConnectorName } from '../../shared/index.js';
import { chatConnector } from './chat/chat-connector.js';
import { emailConnector } from './email/email-connector.js';
import { sendgridConnector } from './email/sendgrid-connector.js';
import { eventsConnector } from './events/events-connector.js';
import { posConnector } from './pos/pos-connector.js';
import { shopifyConnector } from './shopify/shopify-connector.js';
import { twilioMessagingConnector, twilioVoiceConnector } from './twilio/twilio-connector.js';
import type { Connector } from './types.js';

/** How a connector's sender proves itself: a signature the driver checks, the ingest key (Bearer), or the key via Basic auth / ?key=. */
export type ConnectorAuth = 'signature' | 'ingest-key' | 'ingest-key-basic-or-query';

export interface ConnectorRoute {
  connector: Connector;
  /** Route path; null for connectors reached through other routes (events). */
  path: string | null;
  auth: ConnectorAuth;
  summary: string;
}

export const CONNECTOR_ROUTES: readonly ConnectorRoute[] = [
  { connector: shopifyConnector, path: '/api/v1/connectors/shopify', auth: 'signature', summary: 'Shopify webhooks (X-Shopify-Hmac-Sha256 over the raw body with OMNI_SHOPIFY_SECRET)' },
  { connector: twilioVoiceConnector, path: '/api/v1/connectors/twilio/voice', auth: 'signature', summary: 'Twilio voice status callbacks (X-Twilio-Signature); one timeline item per CallSid' },
  { connector: twilioMessagingConnector, path: '/api/v1/connectors/twilio/messaging', auth: 'signature', summary: 'Twilio messaging webhooks (X-Twilio-Signature); one item per MessageSid' },
  { connector: emailConnector, path: '/api/v1/connectors/email', auth: 'ingest-key', summary: 'Raw RFC 822 message (Content-Type: message/rfc822)' },
  { connector: sendgridConnector, path: '/api/v1/connectors/sendgrid', auth: 'ingest-key-basic-or-query', summary: 'SendGrid Inbound Parse (multipart, raw or parsed mode); key via Basic auth or ?key=' },
  { connector: chatConnector, path: '/api/v1/connectors/chat', auth: 'ingest-key', summary: 'Chat transcript / message events; one item per conversation, growing live' },
  { connector: posConnector, path: '/api/v1/connectors/pos', auth: 'ingest-key', summary: 'Store POS receipts, returns and pickups (card last4 only; full PANs rejected)' },
  { connector: eventsConnector, path: null, auth: 'ingest-key', summary: 'POST /api/v1/events (replay of dead-lettered payloads)' },
];

export function connectorByName(name: string): Connector | null {
  return CONNECTOR_ROUTES.find((r) => r.connector.name === (name as ConnectorName))?.connector ?? null;
}
