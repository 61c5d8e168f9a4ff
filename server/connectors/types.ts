import type { Actor, ApiIssue, ConnectorName, IngestEvent } from '../../shared/index.js';
import type { Domain, MergeItem } from '../domain.js';
import { DomainError } from '../errors.js';

/** One delivery as received: exact body bytes (signatures are computed over them) and headers. */
export interface ConnectorRequest {
  /** Lower-cased header names, one value each. */
  headers: Record<string, string>;
  body: Buffer;
  /** Path + query string as received (Twilio signs the full URL). */
  url: string;
  query: Record<string, string>;
  contentType: string | null;
}

export interface ConnectorSettings {
  /** OMNI_SHOPIFY_SECRET: the app's webhook signing secret. */
  shopifySecret?: string;
  /** OMNI_TWILIO_AUTH_TOKEN: signs X-Twilio-Signature. */
  twilioAuthToken?: string;
  /** OMNI_PUBLIC_URL: the URL Twilio was given, without path (signatures cover the full URL). */
  publicUrl?: string;
  /** Where email attachments are written (`${dataDir}/attachments`); unset keeps metadata only. */
  attachmentsDir?: string;
  /** Largest attachment written to disk, bytes; larger ones are kept as metadata only. */
  maxAttachmentBytes: number;
  /** Region for phone numbers without a country code. */
  defaultRegion: string;
}

export interface ConnectorContext {
  domain: Domain;
  settings: ConnectorSettings;
  /** The connector as the caller of the domain's ports (`connector:<name>`), set by deliver(). */
  actor: Actor;
}

/** What a driver makes of a delivery: normalized events for ingest (optionally as upserts). */
export interface ConnectorOutput {
  events: IngestEvent[];
  /** Upsert: merge re-deliveries (same sourceEventId) into the stored item. */
  merge?: MergeItem;
  /** Accepted but nothing to ingest (unsupported topic, …): answered 202, kept as a dead letter. */
  ignored?: string;
  /** Accepted and kept (domain.held) until what it attaches to arrives: answered 202, not a dead letter. */
  held?: string;
  /** Accepted and acted on by the driver itself (a privacy request): answered 202, not a dead letter. */
  handled?: string;
  /**
   * Runs after `events` were ingested (committed): may ingest more through `ingest`, e.g. deliveries
   * that were held for what just arrived. A failure fails the delivery (the sender's retry runs it again).
   */
  followUp?: (ingest: (events: IngestEvent[]) => Promise<void>) => Promise<void>;
}

/** A driver: parse + verify one delivery into normalized events. Throw ConnectorError for a bad one. */
export interface Connector {
  name: ConnectorName;
  handle(req: ConnectorRequest, ctx: ConnectorContext): Promise<ConnectorOutput>;
  /** What of a failed delivery's body may be kept as a dead letter (e.g. card numbers masked). Default: all of it. */
  redact?(body: Buffer): Buffer;
  /**
   * Connectors reached without a key: whether this delivery's signature verifies. Failures of
   * deliveries that do not are dead-lettered within the unauthenticated budget (body kept only so far).
   */
  verify?(req: ConnectorRequest, settings: ConnectorSettings): boolean;
}

/** A delivery the driver refuses: unparseable / invalid, unsigned (`unauthorized`), too large or of a type it cannot read. */
export class ConnectorError extends DomainError {
  constructor(code: 'invalid_request' | 'unauthorized' | 'payload_too_large' | 'unsupported_media_type', message: string, issues: ApiIssue[] = [{ path: '(body)', message }]) {
    super(code, message, issues);
  }
}
