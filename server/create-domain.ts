import { identifierScopes } from '../shared/index.js';
import type { Domain, DomainOptions } from './domain.js';
import { SqlActionService } from './actions/action-service.js';
import { SqlAuthService } from './auth/auth-service.js';
import { bootstrap } from './auth/bootstrap.js';
import { SqlCustomerQueries } from './customers/customer-queries.js';
import { ClvService } from './clv/service.js';
import { subscribeValueRefresh } from './clv/value-refresh.js';
import { SqlConnectorStore } from './dead-letters/connector-store.js';
import { SqlHeldDeliveries } from './connectors/held-deliveries.js';
import { DomainEventBus } from './events/bus.js';
import { assertRegion } from './identity/normalize.js';
import { SqlIngestService } from './ingest/ingest-service.js';
import { Mutex } from './storage/mutex.js';
import { SqlMergeService } from './merges/merge-service.js';
import { SqlDuplicateFinder } from './identity/matching/duplicate-finder.js';
import { openDatabase, type OpenedDatabase } from './storage/open-database.js';
import { buildFeatures } from './build-features.js';

/** The domain plus the concrete services, for callers (tests, bench) that need more than the port. */
export interface SqlDomain extends Domain {
  customers: SqlCustomerQueries;
  ingest: SqlIngestService;
  auth: SqlAuthService;
  merges: SqlMergeService;
  duplicates: SqlDuplicateFinder;
  connectors: SqlConnectorStore;
  actions: SqlActionService;
  value: ClvService;
  events: DomainEventBus;
  database: OpenedDatabase;
}

/** Opens (and migrates) the database and wires storage, identity, ingest, queries and auth. */
export async function createDomain(opts: DomainOptions): Promise<SqlDomain> {
  const region = assertRegion(opts.defaultRegion || 'US');
  const database = await openDatabase({ dataDir: opts.dataDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) });
  return domainOn(database, { ...opts, defaultRegion: region });
}

/** Wires the domain on an already opened database (tests use openTestDatabase). Closing the domain closes it. */
export async function domainOn(
  database: OpenedDatabase,
  opts: Pick<DomainOptions, 'defaultRegion' | 'events' | 'sharedIdentifiers'>,
): Promise<SqlDomain> {
  const region = assertRegion(opts.defaultRegion || 'US');
  const { db, dialect } = database;
  const customers = new SqlCustomerQueries(db, region);
  const auth = new SqlAuthService(db);
  // A key stored by an earlier run is accepted before bootstrap runs again.
  auth.useIngestKey(await auth.storedIngestKey());
  // One write lock for ingest and merges/undos: identity changes never interleave in this process.
  const writeLock = new Mutex(database.writeGate);
  // After-commit facts (server/events/bus.ts). Built first: every service below publishes or subscribes.
  const events = opts.events ?? new DomainEventBus();
  const onError = (err: unknown) => events.reportError(err);
  // Which identifiers identify a person and which a household may share (loyalty by default).
  const scopes = identifierScopes(opts.sharedIdentifiers);
  const ingest = new SqlIngestService({
    identifierScopes: scopes,
    db,
    dialect,
    defaultRegion: region,
    events,
    queries: customers,
    writeLock,
    ...(database.writeGate ? { writeGate: database.writeGate } : {}),
    ...(database.raw.dialect === 'sqlite' ? { sqlite: database.raw.sqlite } : {}),
  });
  const merges = new SqlMergeService({ db, dialect, events, queries: customers, writeLock });
  // Next actions read the timeline beside the data flow: recomputed after customer.updated, never inside ingest.
  const actions = new SqlActionService({ db, dialect, customers, ingest, events, onError });
  // Customer value (server/clv): purchase summaries refreshed after commit when purchases, merges or undos touch a customer.
  const value = new ClvService({ db, ...(database.raw.dialect === 'sqlite' ? { sqliteFile: database.raw.sqlite.name } : {}), onError });
  customers.valueOf = (actor, id) => value.valueOf(actor, id);
  const stopValueRefresh = subscribeValueRefresh(events, (ids) => value.touched(ids));
  // Duplicate suggestions (server/identity/matching): match keys kept current from the facts above, refits in a worker.
  const duplicates = SqlDuplicateFinder.wire({ db, events, scopes, onError, ...(database.raw.dialect === 'sqlite' ? { sqliteFile: database.raw.sqlite.name } : {}) });
  const core = { dialect, ingest, customers, auth, merges, duplicates, connectors: new SqlConnectorStore(db), held: new SqlHeldDeliveries(db), actions, value, events };
  // Every feature module's own services (server/modules.ts), built on the core ports above.
  const features = buildFeatures({ db, dialect, events, domain: core, onError });
  let closed = false;
  return {
    ...core,
    database,
    features: features.services,
    bootstrap: (b) => bootstrap(auth, b),
    async close() {
      if (closed) return;
      closed = true;
      // Subscribers still working on facts already published finish first (they may read the database).
      await events.idle();
      await features.close();
      stopValueRefresh();
      actions.close();
      await actions.idle();
      await value.close();
      await duplicates.close();
      await database.close();
    },
  };
}
