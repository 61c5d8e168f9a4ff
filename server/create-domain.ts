import { identifierScopes } from '../shared/index.js';
import type { Domain, DomainOptions } from './domain.js';
import { SqlActionService, withActionRecompute } from './actions/action-service.js';
import { SqlAuthService } from './auth/auth-service.js';
import { bootstrap } from './auth/bootstrap.js';
import { SqlCustomerQueries } from './customers/customer-queries.js';
import { ClvService } from './clv/service.js';
import { withValueRefresh } from './clv/fan-out.js';
import { SqlConnectorStore } from './dead-letters/connector-store.js';
import { SqlHeldDeliveries } from './connectors/held-deliveries.js';
import { assertRegion } from './identity/normalize.js';
import { SqlIngestService } from './ingest/ingest-service.js';
import { Mutex } from './storage/mutex.js';
import { SqlMergeService } from './merges/merge-service.js';
import { SqlDuplicateFinder } from './identity/matching/duplicate-finder.js';
import { openDatabase, type OpenedDatabase } from './storage/open-database.js';

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
  opts: Pick<DomainOptions, 'defaultRegion' | 'fanOut' | 'sharedIdentifiers'> & { onFanOutError?: (err: unknown) => void },
): Promise<SqlDomain> {
  const region = assertRegion(opts.defaultRegion || 'US');
  const { db, dialect } = database;
  const customers = new SqlCustomerQueries(db, region);
  const auth = new SqlAuthService(db);
  // A key stored by an earlier run is accepted before bootstrap runs again.
  auth.useIngestKey(await auth.storedIngestKey());
  // One write lock for ingest and merges/undos: identity changes never interleave in this process.
  const writeLock = new Mutex(database.writeGate);
  const onFanOutError = opts.onFanOutError ?? ((err: unknown) => console.error('omni: fan-out failed after commit:', err));
  // Next actions read the timeline beside the data flow: recomputed after fan-out, never inside ingest.
  const actions = new SqlActionService({ db, customers, ingest: () => ingest, fanOut: opts.fanOut, onError: onFanOutError });
  // Customer value (server/clv): purchase summaries refreshed after commit when purchases, merges or undos touch a customer.
  const value = new ClvService({ db, ...(database.raw.dialect === 'sqlite' ? { sqliteFile: database.raw.sqlite.name } : {}), onError: onFanOutError });
  customers.valueOf = (id) => value.valueOf(id);
  const fanOut = withValueRefresh(withActionRecompute(opts.fanOut, (ids) => actions.touched(ids)), (ids) => value.touched(ids));
  // Which identifiers identify a person and which a household may share (loyalty by default).
  const scopes = identifierScopes(opts.sharedIdentifiers);
  const ingest = new SqlIngestService({
    identifierScopes: scopes,
    db,
    dialect,
    defaultRegion: region,
    fanOut,
    queries: customers,
    writeLock,
    onFanOutError,
    ...(database.writeGate ? { writeGate: database.writeGate } : {}),
    ...(database.raw.dialect === 'sqlite' ? { sqlite: database.raw.sqlite } : {}),
  });
  const merges = new SqlMergeService({ db, dialect, fanOut, queries: customers, writeLock, onFanOutError });
  let closed = false;
  return {
    dialect,
    database,
    ingest,
    customers,
    auth,
    merges,
    duplicates: new SqlDuplicateFinder(db, undefined, scopes),
    connectors: new SqlConnectorStore(db),
    held: new SqlHeldDeliveries(db),
    actions,
    value,
    bootstrap: (b) => bootstrap(auth, b),
    async close() {
      if (closed) return;
      closed = true;
      actions.close();
      await actions.idle();
      await value.close();
      await database.close();
    },
  };
}
