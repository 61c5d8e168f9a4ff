import type { Migration } from 'kysely';
import type { ConnectorSettings } from './connectors/types.js';
import type { Domain } from './domain.js';
import type { DomainEventPublisher } from './events/bus.js';
import type { RouteSpec } from './route-spec.js';
import type { Db, Dialect } from './storage/schema.js';

/** What a feature's own services are built from: the database, the after-commit bus, and the core ports already wired. */
export interface WiringContext {
  db: Db;
  dialect: Dialect;
  /** Subscribe to facts (customer.merged, event.created, …) and publish the feature's own. */
  events: Domain['events'] & DomainEventPublisher;
  /** The core ports (customers, ingest, merges, …): call them with the caller's actor. */
  domain: Omit<Domain, 'features' | 'close' | 'bootstrap'>;
  onError(err: unknown): void;
}

/** A feature's services; `close` runs when the domain closes (before the database does). */
export type FeatureServices = object & { close?(): Promise<void> };

/** What a feature's routes are built from: the wired domain, its own services, the connector settings from config. */
export interface RouteContext<S = unknown> {
  domain: Domain;
  services: S;
  connectors: ConnectorSettings;
}

/**
 * One vertical feature (server/<feature>/module.ts): its schema, its services, its routes. The
 * storage layer runs every module's migrations (server/storage/migrations.ts), the composition root
 * builds every module's services (server/create-domain.ts) and the HTTP app registers every module's
 * routes (server/http/app.ts); a new feature is its folder, its contract in shared/ and one line in
 * server/modules.ts.
 */
export interface FeatureModule<S extends FeatureServices = FeatureServices> {
  name: string;
  /** Named `NNNN_what` with the next free number: the names are the database's record, never renamed. */
  migrations?: (dialect: Dialect) => Record<string, Migration>;
  /** The feature's own services, built after the core domain is wired (kept in `domain.features`). */
  services?: (ctx: WiringContext) => S;
  /** Declared JSON routes (server/route-spec.ts); the edge authenticates, parses and maps errors. */
  routes?: (ctx: RouteContext<S>) => readonly RouteSpec[];
  /** Edge-implemented routes this feature owns (see EdgeRoutes). */
  edgeRoutes?: EdgeRoutes;
}

/**
 * Routes the HTTP edge implements itself because they are not session JSON: liveness, login (no
 * session yet), `POST /api/v1/events` (ingest key, raw bytes kept for dead letters) and the webhooks
 * (signatures over raw bodies). A module names them; server/http/app.ts registers them.
 */
export type EdgeRoutes = 'health' | 'auth' | 'events' | 'webhooks';

/** Declares a module with its services' type flowing into its routes. */
export function defineModule<S extends FeatureServices = FeatureServices>(m: FeatureModule<S>): FeatureModule {
  return m as unknown as FeatureModule;
}
