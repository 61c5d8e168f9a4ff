/*
 * Ports between the hub's layers. Data flows one way:
 * connectors -> ingest -> identity -> timeline store -> FanOut (realtime) -> renderer.
 * The edge (HTTP, sockets) depends on these interfaces, never on storage details.
 */
import type {
  CustomerProfile,
  CustomerSummary,
  IngestEvent,
  IngestResult,
  MergeRecord,
  TimelineItem,
  TimelinePage,
  TimelineQuery,
  User,
  Role,
} from '../shared/index.js';

/** Realtime fan-out driver (socket.io in-process, or via the Redis Streams adapter). */
export interface FanOut {
  timelineItem(customerId: string, item: TimelineItem): void;
  customerUpdated(customer: CustomerSummary): void;
  customerMerged(merge: MergeRecord): void;
}

export interface IngestOutcome {
  results: IngestResult[];
  /** New timeline rows, in ingest order (already attributed to survivors). */
  created: TimelineItem[];
  /** Merges this batch caused (an event bridging two customers). */
  merges: MergeRecord[];
  /** Customers whose summary changed (ids of survivors). */
  touchedCustomerIds: string[];
}

/** Thrown for input that passed the schema but is still unusable; `path` names the field (e.g. `events[2].customer.phone`). */
export class InputError extends Error {
  constructor(
    public readonly path: string,
    message: string,
    public readonly code: 'invalid_request' | 'not_found' | 'conflict' = 'invalid_request',
  ) {
    super(message);
  }
}

export interface IngestService {
  /** Validated events in; all-or-nothing: either every event is written (or found duplicate) or none is. Calls FanOut after commit. */
  ingest(events: IngestEvent[]): Promise<IngestOutcome>;
}

export interface CustomerQueries {
  search(q: string, limit: number): Promise<CustomerSummary[]>;
  /** Follows merges: a merged-away id resolves to its survivor. null when unknown. */
  resolveId(id: string): Promise<string | null>;
  summary(id: string): Promise<CustomerSummary | null>;
  profile(id: string): Promise<CustomerProfile | null>;
  /** Throws InputError('before', ...) for a cursor it did not issue. null when the customer is unknown. */
  timeline(id: string, query: TimelineQuery): Promise<TimelinePage | null>;
  /** Items with seq > sinceSeq for replay after reconnect, oldest first, at most `limit`. */
  itemsSince(id: string, sinceSeq: number, limit: number): Promise<TimelineItem[]>;
}

export interface AuthService {
  /** null for a wrong email or password (same answer for both). */
  login(email: string, password: string): Promise<{ token: string; user: User } | null>;
  userForToken(token: string): Promise<User | null>;
  createUser(input: { email: string; name: string; role: Role; password: string }): Promise<User>;
  /** Constant-time check of the ingest key. */
  checkIngestKey(key: string): boolean;
}

export interface BootstrapOptions {
  adminEmail?: string;
  adminPassword?: string;
  ingestKey?: string;
}
export interface BootstrapResult {
  adminEmail: string;
  /** Set only when the admin was created now with a generated password: print it once. */
  generatedAdminPassword?: string;
  ingestKey: string;
  /** True when the key was generated and stored now. */
  generatedIngestKey: boolean;
}

/** Everything below the edge, wired to one database. Built by `createDomain` (server/create-domain.ts). */
export interface Domain {
  dialect: 'sqlite' | 'postgres';
  ingest: IngestService;
  customers: CustomerQueries;
  auth: AuthService;
  /** Creates the admin user and ingest key if missing (idempotent). */
  bootstrap(opts: BootstrapOptions): Promise<BootstrapResult>;
  close(): Promise<void>;
}

export interface DomainOptions {
  /** SQLite file lives at `${dataDir}/omni.sqlite` unless databaseUrl is set. */
  dataDir: string;
  /** postgres://… -> PostgreSQL; unset -> SQLite. */
  databaseUrl?: string;
  /** Region for phone numbers without a country code (OMNI_DEFAULT_REGION, default US). */
  defaultRegion: string;
  fanOut: FanOut;
}
