/*
 * Ports between the hub's layers. Data flows one way:
 * connectors -> ingest -> identity -> timeline store -> (after commit) domain event bus -> realtime, actions, value.
 * The edge (HTTP, sockets) depends on these interfaces, never on storage details.
 * Every port method takes the caller (`Actor`, shared/actor.ts) first: a console user, or the system
 * (a connector, an import, a sweep) so permissions and masking can be applied where data is read and written.
 */
import type { SessionPolicy } from './auth/session-policy.js';
import type { TotpOptions } from './auth/totp-options.js';
import type {
  Actor,
  SessionInfo,
  ActionExecuteResponse,
  ActionFeedbackRequest,
  ActionFeedbackResponse,
  RecommendedAction,
  AuditEntry,
  DuplicateSuggestion,
  IdentifierKindName,
  UndoMergeResponse,
  ConnectorStatus,
  DeadLetter,
  DeadLetterListQuery,
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
  CustomerValue,
  ValueFitResponse,
  ValueReport,
  ValueReportQuery,
} from '../shared/index.js';
import type { Channel, Drilldown, DrilldownQuery, FloorAgents, Intervals, IntervalsQuery, LiveMetrics, LiveMetricsQuery, MetricsSettings, Presence, PresenceState, Staffing } from '../shared/index.js';
import type { DomainEventBus, DomainEvents } from './events/bus.js';

export interface IngestOutcome {
  results: IngestResult[];
  /** New timeline rows, in ingest order (already attributed to survivors). */
  created: TimelineItem[];
  /** Merges this batch caused (an event bridging two customers). */
  merges: MergeRecord[];
  /** Customers whose summary changed (ids of survivors). */
  touchedCustomerIds: string[];
  /** Of those, the ones whose name or identifiers changed (new, renamed, new identifier, merge survivor); absent = any may have. */
  identityChangedIds?: string[];
  /** Stored items an upsert changed (new seq, same id), in ingest order. */
  updated?: TimelineItem[];
}

/** Domain errors live in server/errors.ts; re-exported for the ports' callers. */
export { InputError } from './errors.js';

/**
 * Upsert: how a re-delivered event (same source + sourceEventId) changes the stored item, e.g. a call's
 * next status. Return null to keep the stored item unchanged (a plain duplicate). Runs inside the write transaction.
 */
export type MergeItem = (stored: TimelineItem, incoming: IngestEvent) => { type?: string; summary?: string | null; data: Record<string, unknown> } | null;

export interface IngestOptions {
  /** When set, duplicates are merged into the stored item, which is re-stamped with a new seq and published again as `event.updated` (clients replace it by id). */
  merge?: MergeItem;
  /**
   * The call's readers already saw its data as a preview (the widget's early delivery), so the hub serves other
   * requests before its commit's after-work: on embedded SQLite its fsync runs off the event loop, and its bus
   * facts wait for requests read meanwhile. Still durable before the caller is answered, still in commit order.
   */
  previewed?: boolean;
}

export interface IngestService {
  /** Validated events in; all-or-nothing: either every event is written (or found duplicate) or none is. Publishes its facts on the event bus after commit. */
  ingest(actor: Actor, events: IngestEvent[], opts?: IngestOptions): Promise<IngestOutcome>;
}

export interface CustomerQueries {
  search(actor: Actor, q: string, limit: number): Promise<CustomerSummary[]>;
  /** Follows merges: a merged-away id resolves to its survivor. null when unknown. */
  resolveId(actor: Actor, id: string): Promise<string | null>;
  summary(actor: Actor, id: string): Promise<CustomerSummary | null>;
  profile(actor: Actor, id: string): Promise<CustomerProfile | null>;
  /** Throws InputError('before', ...) for a cursor it did not issue. null when the customer is unknown. */
  timeline(actor: Actor, id: string, query: TimelineQuery): Promise<TimelinePage | null>;
  /** Items with seq > sinceSeq for replay after reconnect, oldest first, at most `limit`. */
  itemsSince(actor: Actor, id: string, sinceSeq: number, limit: number): Promise<TimelineItem[]>;
}

/** Where a login comes from: throttled per client address, shown in the session list. */
export interface LoginClient {
  address?: string;
  userAgent?: string;
}
/** A session ended (logout, revoke, idle): its sockets are disconnected. */
export interface RevokedSession {
  sessionId: string;
  userId: string;
}

export interface AuthService {
  /** null for a wrong email or password (same answer for both); throws LoginThrottledError (429) while the account or address waits. */
  login(email: string, password: string, client?: LoginClient): Promise<{ token: string; user: User; passwordChangeRequired: boolean } | null>;
  userForToken(token: string): Promise<User | null>;
  /** The user and session id of a live token; null when unknown, revoked, expired or idle too long. */
  sessionForToken(token: string): Promise<{ user: User; sessionId: string; passwordChangeRequired: boolean } | null>;
  /** The caller's own password (server/auth): current one checked (400 naming `currentPassword`), other sessions ended. */
  changePassword(session: { user: User; sessionId: string }, currentPassword: string, newPassword: string): Promise<void>;
  logout(token: string): Promise<boolean>;
  listSessions(userId: string, currentSessionId?: string): Promise<SessionInfo[]>;
  /** The caller's own session, or anyone's for an admin; false when not found (or not theirs). */
  revokeSession(caller: User, sessionId: string): Promise<boolean>;
  onSessionRevoked(listener: (revoked: RevokedSession) => void): () => void;
  /** Which of these session ids still belong to a live session of an active user (sockets of the others are dropped). */
  liveSessionIds?(sessionIds: readonly string[]): Promise<Set<string>>;
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

export interface NewDeadLetter {
  connector: string;
  httpStatus: number;
  reason: string;
  headers: Record<string, string>;
  url: string;
  contentType: string | null;
  body: Buffer;
  /** From a sender that proved nothing (signature not verified): the body is kept only within a budget (server/dead-letters/budget.ts). */
  unauthenticated?: boolean;
}

/** Connector bookkeeping: dead letters, delivery counters, and lookups of items a connector stored earlier. */
export interface ConnectorStore {
  recordDeadLetter(actor: Actor, d: NewDeadLetter): Promise<DeadLetter>;
  listDeadLetters(actor: Actor, q: DeadLetterListQuery): Promise<DeadLetter[]>;
  getDeadLetter(actor: Actor, id: string): Promise<DeadLetter | null>;
  /** Counts a replay attempt: resolved when ok, else the reason is updated. null when unknown. */
  replayAttempted(actor: Actor, id: string, ok: boolean, reason?: string): Promise<DeadLetter | null>;
  /** Counts one delivery for the status page. */
  delivered(actor: Actor, connector: string, ok: boolean, error?: string): Promise<void>;
  status(actor: Actor): Promise<ConnectorStatus[]>;
  /** The item stored for (source, sourceEventId), attributed to the current survivor; null when none. */
  findItem(actor: Actor, source: string, sourceEventId: string): Promise<TimelineItem | null>;
}

/** A delivery kept until what it attaches to arrives (e.g. a Shopify refund before its order). */
export interface HeldDelivery {
  holdKey: string;
  deliveryKey: string;
  topic: string;
  /** The parsed body as JSON text. */
  body: string;
  receivedAt: string;
}

/** Deliveries that arrived early (server/connectors/held-deliveries.ts): kept durably, read back when their anchor arrives. */
export interface HeldDeliveries {
  /** Idempotent per (connector, holdKey, deliveryKey): a retry of the same delivery is kept once. */
  hold(actor: Actor, connector: string, h: HeldDelivery): Promise<void>;
  /** What waits for `holdKey`, oldest first. */
  list(actor: Actor, connector: string, holdKey: string): Promise<HeldDelivery[]>;
  /** Forgets deliveries that have been applied. */
  release(actor: Actor, connector: string, holdKey: string, deliveryKeys: readonly string[]): Promise<void>;
}

/** Manual merges and exact undo (server/merges). Errors are InputErrors naming the field (`id`, `otherId`, `mergeId`). */
export interface MergeService {
  /** Merges two active customers; the older survives. `actor` is who asked (audited by user id). */
  merge(actor: Actor, customerId: string, otherId: string, reason?: string): Promise<MergeRecord>;
  /** Restores both sides exactly; 409 when already undone or when a later merge of the survivor must be undone first. */
  undo(actor: Actor, mergeId: string, reason?: string): Promise<UndoMergeResponse>;
  /** Audit rows naming this customer (either side), newest first. */
  audit(actor: Actor, customerId: string, limit: number): Promise<AuditEntry[]>;
}

/** Probabilistic duplicate suggestions (server/identity/matching); never merges by itself. */
export interface DuplicateFinder {
  /** null when the customer is unknown; a merged-away id is answered for its survivor. */
  duplicates(actor: Actor, customerId: string, limit: number): Promise<DuplicateSuggestion[] | null>;
}

/**
 * Recommended next actions (server/actions). Reads the timeline beside the data flow, never inside ingest.
 * Errors: InputError naming `id` (400 malformed, 404 unknown customer, 409 no longer applies), ActionForbiddenError (403).
 */
export interface ActionService {
  /** Ranked actions for the user's role; null when the customer is unknown (a merged-away id answers for its survivor). Users only (ForbiddenError otherwise). */
  list(actor: Actor, customerId: string): Promise<RecommendedAction[] | null>;
  feedback(actor: Actor, actionId: string, input: ActionFeedbackRequest): Promise<ActionFeedbackResponse>;
  /** Writes the note/task/credit/suppression as a timeline event through ingest (pushed live like any ingest). */
  execute(actor: Actor, actionId: string): Promise<ActionExecuteResponse>;
}

/** Customer value and churn risk (server/clv): BG/NBD + Gamma-Gamma. */
export interface ValueService {
  /** Figures of a survivor now; null when they never bought. */
  valueOf(actor: Actor, customerId: string): Promise<CustomerValue | null>;
  /** The leads' report from the newest fit (fits first when there is none). */
  report(actor: Actor, q: ValueReportQuery): Promise<ValueReport>;
  /** Refits now (single flight); `rebuild` re-reads every purchase summary from the timeline first. */
  fit(actor: Actor, opts?: { rebuild?: boolean }): Promise<ValueFitResponse>;
  /** Fit soon after start when missing or stale, then daily (the hub calls this; tests and the bench do not). */
  startSchedule(): void;
}

/** Everything below the edge, wired to one database. Built by `createDomain` (server/create-domain.ts). */
export interface Domain {
  dialect: 'sqlite' | 'postgres';
  ingest: IngestService;
  customers: CustomerQueries;
  auth: AuthService;
  merges: MergeService;
  duplicates: DuplicateFinder;
  connectors: ConnectorStore;
  held: HeldDeliveries;
  actions: ActionService;
  value: ValueService;
  /** Facts committed by this domain (server/events/bus.ts): realtime and later features subscribe here. */
  events: DomainEvents;
  /** Each feature module's own services by module name (server/modules.ts), built after the ports above. */
  features: ReadonlyMap<string, object>;
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
  /** The bus the domain publishes its after-commit facts on; default: a new one reporting failures to console.error. */
  events?: DomainEventBus;
  /** Identifier kinds a household may share: link and suggest, never auto-merge disagreeing people (OMNI_SHARED_IDENTIFIERS, default loyalty). */
  sharedIdentifiers?: readonly IdentifierKindName[];
  /** Session idle timeouts and lifetime (server/auth; OMNI_SESSION_*); unset parts keep their defaults. */
  sessions?: Partial<SessionPolicy>;
  /** Two-step sign-in: OMNI_TOTP_KEY (or the data dir's key file) and OMNI_REQUIRE_2FA. */
  totp?: TotpOptions;
}

/** A past contact for the demo's history: answered, abandoned or (neither) still waiting. */
export interface HistoryContact {
  queueId: string | null;
  channel: Channel;
  arrivedAt: string;
  answeredAt: string | null;
  abandonedAt: string | null;
  handleSec: number;
  customerId?: string;
  agentId?: string;
  /** The conversation it was: its running leg is replaced (the demo settling its seeded conversations). */
  conversationId?: string;
}

/** The team-lead floor (server/metrics, issue 13): what its routes, the demo and the bench call. */
export interface MetricsPort {
  live(q: LiveMetricsQuery): Promise<LiveMetrics>;
  intervals(q: IntervalsQuery): Promise<Intervals>;
  staffing(): Promise<Staffing>;
  agents(q: { queue?: string | undefined }): Promise<FloorAgents>;
  drilldown(q: DrilldownQuery): Promise<Drilldown>;
  settings(): MetricsSettings;
  putSettings(actor: Actor, s: MetricsSettings): Promise<MetricsSettings>;
  setAgentState(actor: Actor, userId: string, state: PresenceState): Promise<{ presence: Presence }>;
  recordHistory(contacts: readonly HistoryContact[]): Promise<void>;
}
