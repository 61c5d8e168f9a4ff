import type { ColumnType, Generated, Kysely } from 'kysely';

/*
 * The hub's tables. Every timestamp is integer MICROseconds since the epoch (`*_us`),
 * never milliseconds: two events 1 µs apart must keep their order.
 */

export type IdentifierKind = 'email' | 'phone' | 'loyalty' | 'external';

export interface CustomersTable {
  id: string;
  display_name: string;
  /** Where display_name came from: 3 a name, 2 an email, 1 a phone, 0 a loyalty/external id. Higher replaces lower. */
  name_rank: number;
  /** searchName(display_name): lower case, no diacritics; what name search indexes (docs/search.md). */
  search_name: string;
  created_at_us: number;
  /** Survivor this customer was merged into; null while active. */
  merged_into: string | null;
  first_seen_us: number;
  last_activity_us: number;
  event_count: number;
  /** Profile stats kept at write time (server/customers/customer-stats.ts; migrations 0012, 0048). JSON object channel -> events, keys sorted. */
  channel_counts: Generated<string>;
  /** JSON object currency -> [net cents, orders in that currency], keys sorted. */
  spend: Generated<string>;
  /** Placed orders not cancelled. */
  order_count: Generated<number>;
}

export interface IdentifiersTable {
  kind: IdentifierKind;
  value: string;
  /** Always an active customer (re-pointed on merge). */
  customer_id: string;
  /** The customer this identifier first belonged to. */
  origin_customer_id: string;
  /** Reversed for suffix search as an index range: phones' digits ("ends with 5550142"), loyalty and external ids' whole value ("…100042", "…:7060"). */
  rev: string | null;
  created_at_us: number;
  /** The event that created this identifier (null for rows written before migration 0002). */
  origin_event_id?: string | null;
}

export interface EventsTable {
  /** Hub-wide ingest order (autoincrement / bigserial). */
  seq: Generated<number>;
  id: string;
  customer_id: string;
  origin_customer_id: string;
  source: string;
  source_event_id: string;
  channel: string;
  type: string;
  occurred_at_us: number;
  summary: string | null;
  /** JSON text (same in both dialects). */
  data: string;
  ingested_at_us: number;
  /** JSON `EventIdentity`: identifier keys + display candidate the event carried (null before migration 0002). */
  identity?: string | null;
}

/** Values on events a customer can be found by, e.g. kind 'order' = data.orderNumber. */
export interface EventRefsTable {
  kind: string;
  value: string;
  event_id: string;
  customer_id: string;
}

export interface MergesTable {
  id: string;
  from_id: string;
  into_id: string;
  reason: string;
  bridging_identifier: string | null;
  actor: string;
  at_us: number;
  undone_at_us: number | null;
  /** JSON `MergeMoved`: exactly what moved, so the merge can be undone. */
  moved: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at_us: number;
}

export interface SessionsTable {
  /** sha256 hex of the opaque token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at_us: number;
  /** Absolute end of the session (created + lifetime). */
  expires_at_us: number;
  /** Public id (`ses_…`): what the API lists and revokes (migration 0015). */
  id: string;
  /** Last use, written at most once a minute per session: the idle timeout counts from here. */
  last_seen_us: number;
  user_agent: string | null;
  client_address: string | null;
}

/** Login failures per `account:<email>` / `address:<ip>` (server/auth/login-throttle.ts). */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  locked_until_us: number;
  updated_at_us: number;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<string, string, string>;
}

/** One agent's feedback on a recommended action (server/actions). `until_us` ends a snooze. */
/** Recently asked-for action lists (server/actions), shared by the hubs of one PostgreSQL database. */
export interface ActionInterestTable {
  customer_id: string;
  until_us: number;
}

export interface ActionFeedbackTable {
  id: string;
  action_id: string;
  customer_id: string;
  kind: string;
  segment: string;
  /** accepted | dismissed | snoozed | executed */
  outcome: string;
  reason: string | null;
  user_id: string;
  catalog_version: number;
  at_us: number;
  until_us: number | null;
}

/** Beta-Bernoulli counts per (kind, segment): what agents accepted vs dismissed. */
export interface ActionStatsTable {
  kind: string;
  segment: string;
  accepted: number;
  dismissed: number;
}

/** A shared identifier met two people whose names or birth dates disagree: linked, not merged (migration 0006). */
export interface IdentityLinksTable {
  /** e.g. `loyalty:LC-123`. */
  identifier_key: string;
  /** Where the event landed. */
  customer_id: string;
  /** Who owns the identifier. */
  other_id: string;
  event_id: string;
  /** JSON MatchEvidence[] at link time. */
  evidence: string;
  created_at_us: number;
}

export interface Schema {
  identity_links: IdentityLinksTable;
  customers: CustomersTable;
  identifiers: IdentifiersTable;
  events: EventsTable;
  event_refs: EventRefsTable;
  merges: MergesTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  dead_letters: DeadLettersTable;
  connector_stats: ConnectorStatsTable;
  action_feedback: ActionFeedbackTable;
  action_interest: ActionInterestTable;
  action_stats: ActionStatsTable;
  held_deliveries: HeldDeliveriesTable;
  clv_models: ClvModelsTable;
  customer_values: CustomerValuesTable;
  customer_order_money: CustomerOrderMoneyTable;
}

/** One customer's order (or receipt, or lone money event) per currency: its summed money facts (net-purchases.ts). */
export interface CustomerOrderMoneyTable {
  customer_id: string;
  order_key: string;
  currency: string;
  /** Sum of the facts' amounts in millionths (integers add up the same in any order). */
  amount_micros: number;
  events: number;
  bought: number;
  cancelled: number;
  /** When the order's first money event happened (migration 0047; customer value reads purchases from these rows). */
  first_us: number | null;
  /** Its earliest event that added money (null: none did) and that event's channel and source. */
  buy_us: number | null;
  buy_channel: string | null;
  buy_source: string | null;
}

/** A connector delivery that could not be ingested (server/dead-letters). */
export interface DeadLettersTable {
  id: string;
  connector: string;
  status: string;
  http_status: number;
  reason: string;
  /** JSON object of header name -> value (Authorization removed). */
  headers: string;
  url: string;
  content_type: string | null;
  /** Raw body, base64. */
  body: string;
  body_bytes: number;
  received_at_us: number;
  attempts: number;
  last_attempt_at_us: number | null;
  resolved_at_us: number | null;
}

/** Per-connector delivery counters for the admin status page. */
export interface ConnectorStatsTable {
  connector: string;
  last_delivery_us: number | null;
  last_ok_us: number | null;
  last_error_us: number | null;
  last_error: string | null;
  ok_count: number;
  error_count: number;
}

/** A delivery that arrived before what it attaches to (a Shopify refund before its order), kept until it can be applied. */
export interface HeldDeliveriesTable {
  connector: string;
  /** What it waits for, e.g. the Shopify order id. */
  hold_key: string;
  /** The sender's delivery id (stays the same across retries). */
  delivery_key: string;
  topic: string;
  /** The parsed body re-serialized as JSON (never raw bytes: no NUL reaches PostgreSQL text). */
  body: string;
  received_at: string;
  held_at_us: number;
}

/** A fitted (or prior) customer-value model (server/clv); the newest row is in force. */
export interface ClvModelsTable {
  id: string;
  /** fitted | prior */
  source: string;
  fitted_at_us: number;
  /** JSON: { bgnbd: {r, alpha, a, b}, gammaGamma: {p, q, v}, annualDiscountRate, minCustomersToFit } */
  params: string;
  purchasing_customers: number;
  repeat_customers: number;
  purchases: number;
  currency: string;
  log_likelihood: number | null;
  duration_ms: number;
  /** JSON number[101]: expected 12-month value at percentiles 0..100. */
  value_quantiles: string;
  /** JSON StoredReport (server/clv/report-build.ts): the leads' cohorts, channels and at-risk list at fit time. */
  report: string;
}

/** One purchasing customer's purchase summary (server/clv) and the figures of their last scoring. */
export interface CustomerValuesTable {
  customer_id: string;
  first_purchase_us: number;
  last_purchase_us: number;
  occasions: number;
  repeat_spend: number;
  total_spend: number;
  /** JSON number[]: months (since 1970-01) with a purchase. */
  months: string;
  acquisition_channel: string;
  acquisition_source: string;
  value_12m: number;
  p_alive: number;
  scored_at_us: number;
}

export type Db = Kysely<Schema>;
export type Dialect = 'sqlite' | 'postgres';

/** Snapshot of a customer's own columns, kept in merge records. */
export interface CustomerSnapshot {
  displayName: string;
  nameRank: number;
  eventCount: number;
  firstSeenUs: number;
  lastActivityUs: number;
}

/** Who did what to which subject, and with what (server/audit; general shape since migration 0013). */
export interface AuditLogTable {
  id: string;
  at_us: number;
  /** 'user' | 'system' | 'anonymous' (a failed sign-in) */
  actor_kind: string;
  /** users.id when a user acted (the reader joins users for name and email). */
  actor_user_id: string | null;
  /** The system actor's name (`connector:shopify`, `import`, …), or what an older row recorded when no user matched. */
  actor_name: string | null;
  action: string;
  /** e.g. 'customer' */
  subject_type: string;
  subject_id: string;
  /** A second subject the entry names, indexed (a merge's other customer). */
  related_id: string | null;
  /** JSON: the action's details (a merge's mergeId, otherId, reason). */
  payload: string;
  /** Position in the hash chain, 1, 2, … (migration 0017; server/audit/audit-chain.ts). */
  seq: number | null;
  /** `hash` of the row with seq - 1 (64 zeros for the first). */
  prev_hash: string | null;
  /** sha256 over this row's canonical serialization and prev_hash. */
  hash: string | null;
}

/** `events.identity`: what the event carried, so an undo can send post-merge events where their identifiers point. */
export interface EventIdentity {
  keys: string[];
  name: string;
  rank: number;
}

/** `merges.moved`: what a merge re-pointed from `from_id` to `into_id`. */
export interface MergeMoved {
  identifiers: { kind: IdentifierKind; value: string }[];
  eventIds: string[];
  /** Rows of other `undo: 'recorded'` tables (storage/customer-owned-tables.ts) by primary key, per table. */
  rows?: Record<string, (string | number)[][]>;
  from: CustomerSnapshot;
  into: CustomerSnapshot;
  /** Manual merges: the highest event seq when it was made (later events are post-merge). */
  afterSeq?: number;
  /** Ingest merges: the event whose identifiers bridged the two (it and later events are post-merge). */
  bridgingEventId?: string;
}
