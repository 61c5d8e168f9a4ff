import type { Domain, DomainOptions } from './domain.js';
import { SqlAuthService } from './auth/auth-service.js';
import { bootstrap } from './auth/bootstrap.js';
import { SqlCustomerQueries } from './customers/customer-queries.js';
import { assertRegion } from './identity/normalize.js';
import { SqlIngestService } from './ingest/ingest-service.js';
import { Mutex } from './storage/mutex.js';
import { openDatabase, type OpenedDatabase } from './storage/open-database.js';

/** The domain plus the concrete services, for callers (tests, bench) that need more than the port. */
export interface SqlDomain extends Domain {
  customers: SqlCustomerQueries;
  ingest: SqlIngestService;
  auth: SqlAuthService;
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
  opts: Pick<DomainOptions, 'defaultRegion' | 'fanOut'> & { onFanOutError?: (err: unknown) => void },
): Promise<SqlDomain> {
  const region = assertRegion(opts.defaultRegion || 'US');
  const { db, dialect } = database;
  const customers = new SqlCustomerQueries(db, region);
  const auth = new SqlAuthService(db);
  // A key stored by an earlier run is accepted before bootstrap runs again.
  auth.useIngestKey(await auth.storedIngestKey());
  const ingest = new SqlIngestService({
    db,
    dialect,
    defaultRegion: region,
    fanOut: opts.fanOut,
    queries: customers,
    writeLock: new Mutex(),
    onFanOutError: opts.onFanOutError ?? ((err) => console.error('omni: fan-out failed after commit:', err)),
  });
  let closed = false;
  return {
    dialect,
    database,
    ingest,
    customers,
    auth,
    bootstrap: (b) => bootstrap(auth, b),
    async close() {
      if (closed) return;
      closed = true;
      await database.close();
    },
  };
}
