import type { Migration } from 'kysely';
import type { Server } from 'socket.io';
import type { ClientEventName, IdentifierScopes } from '../shared/index.js';
import type { SessionPolicy } from './auth/session-policy.js';
import type { TotpOptions } from './auth/totp-options.js';
import type { ConnectorSettings } from './connectors/types.js';
import type { Domain } from './domain.js';
import type { DomainEventBus } from './events/bus.js';
import type { ClientEventHandler } from './realtime/client-events.js';
import type { HubSocket } from './realtime/hub-io.js';
import type { RouteSpec } from './route-spec.js';
import type { Mutex } from './storage/mutex.js';
import type { OpenedDatabase } from './storage/database-handle.js';
import type { Db, Dialect } from './storage/schema.js';

/**
 * Every service the hub wires, by name: `customers`, `ingest`, `merges`, … Each module adds its own
 * entries from its module.ts (`declare module '../feature-module.js' { interface ServiceRegistry { … } }`),
 * so the registry is typed without a central list. The built registry is the domain (`SqlDomain`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceRegistry {}
export type ServiceName = keyof ServiceRegistry;

/** Domain-wide settings a service may need (from DomainOptions, validated). */
export interface DomainConfig {
  /** Region for phone numbers without a country code (already checked). */
  defaultRegion: string;
  /** Which identifier kinds identify a person and which a household may share. */
  identifierScopes: IdentifierScopes;
  /** Session idle timeouts and lifetime (server/auth); unset parts keep their defaults. */
  sessions?: Partial<SessionPolicy>;
  /** Two-step sign-in (server/auth/totp-service.ts): the key sealing secrets, and whether admins must use it. */
  totp?: TotpOptions;
}

/** What a module's services are built from: the database, the after-commit bus, config, and the services it `needs`. */
export interface WiringContext<N extends ServiceName = never> {
  database: OpenedDatabase;
  db: Db;
  dialect: Dialect;
  /** Subscribe to facts (customer.merged, event.created, …) and publish the feature's own, after commit. */
  events: DomainEventBus;
  config: DomainConfig;
  /** One write lock for every writer that changes identity (ingest, merges, undos): they never interleave in this process. */
  writeLock: Mutex;
  /** Exactly the services named in `needs`, already built by modules earlier in MODULES. */
  services: Pick<ServiceRegistry, N>;
  /** Runs when the domain closes, after the bus is idle, in reverse order of registration (later modules first). */
  onClose(fn: () => Promise<void> | void): void;
  onError(err: unknown): void;
}

/** What a feature's routes are built from: the wired domain, its own services, the connector settings from config. */
export interface RouteContext<S = unknown> {
  domain: Domain;
  services: S;
  connectors: ConnectorSettings;
}

/** Client -> hub socket events a module handles; names and zod schemas stay declared once in shared/socket.ts (CLIENT_EVENTS). */
export type SocketHandlers = { [E in ClientEventName]?: (socket: HubSocket) => ClientEventHandler<E> };

/** What a module's socket handlers are built from: its own services and the hub's socket limits. */
export interface SocketContext<S = unknown> {
  services: S;
  /** Most items replayed on one watch; most customers one socket may watch. */
  limits: { replayCap: number; maxWatches: number };
  log?: (line: string) => void;
}

/**
 * One vertical feature (server/<feature>/module.ts): its schema, its services, its routes, its socket
 * handlers. The storage layer runs every module's migrations (server/storage/migrations.ts), the
 * composition root builds every module's services in list order (server/create-domain.ts), the HTTP
 * app registers every module's routes (server/http/app.ts) and the socket server every module's
 * client events (server/realtime/server.ts); a new feature is its folder, its contract in shared/ and
 * one line in server/modules.ts.
 */
export interface FeatureModule<N extends ServiceName = ServiceName, S extends Partial<ServiceRegistry> = Partial<ServiceRegistry>> {
  name: string;
  /** Named `NNNN_what` with the next free number: the names are the database's record, never renamed. */
  migrations?: (dialect: Dialect) => Record<string, Migration>;
  /** Services this module's factory is given; each must be provided by a module earlier in MODULES (checked at wiring). */
  needs?: readonly N[];
  /** Builds the module's services (entries of ServiceRegistry); kept in the domain and in `domain.features` under the module's name. */
  services?: (ctx: WiringContext<N>) => S | Promise<S>;
  /** Declared JSON routes (server/route-spec.ts); the edge authenticates, parses and maps errors. */
  routes?: (ctx: RouteContext<S>) => readonly RouteSpec[];
  /** Client -> hub socket events (server/realtime/client-events.ts parses each payload before the handler). */
  socket?: (ctx: SocketContext<S>) => SocketHandlers;
  /** Edge-implemented routes this feature owns (see EdgeRoutes). */
  edgeRoutes?: EdgeRoutes;
  /** Socket.io namespaces of its own beside the console's (e.g. customers of the chat widget): set up once the socket server runs. */
  namespaces?: (ctx: { io: Server; services: S; log?: (line: string) => void }) => void;
  /** Public GET assets without a session (a script a shop embeds, a demo page): served as they are, not JSON. */
  publicAssets?: () => readonly PublicAsset[];
}

/** One sessionless GET answer of a module (server/http/app.ts registers them; hidden from OpenAPI). */
export interface PublicAsset {
  path: string;
  /** One line for the API document. */
  summary: string;
  contentType: string;
  /** Other sites may load it (a script a shop embeds): `Cross-Origin-Resource-Policy: cross-origin`. */
  embeddable?: boolean;
  body: () => string;
}

/** A module with its types erased, as MODULES holds it. */
export type AnyFeatureModule = FeatureModule<ServiceName, Partial<ServiceRegistry>>;

/**
 * Routes the HTTP edge implements itself because they are not session JSON: liveness, login (no
 * session yet), `POST /api/v1/events` (ingest key, raw bytes kept for dead letters) and the webhooks
 * (signatures over raw bodies). A module names them; server/http/app.ts registers them.
 */
export type EdgeRoutes = 'health' | 'auth' | 'events' | 'webhooks';

/** Declares a module with its needs typing its factory and its services' type flowing into its routes and socket handlers. */
export function defineModule<N extends ServiceName = never, S extends Partial<ServiceRegistry> = Partial<ServiceRegistry>>(m: FeatureModule<N, S>): AnyFeatureModule {
  return m as unknown as AnyFeatureModule;
}
