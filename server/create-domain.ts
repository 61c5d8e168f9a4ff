import { identifierScopes } from '../shared/index.js';
import type { Domain, DomainOptions } from './domain.js';
import { bootstrap } from './auth/bootstrap.js';
import { buildFeatures } from './build-features.js';
import { DomainEventBus } from './events/bus.js';
import type { ServiceRegistry } from './feature-module.js';
import { assertRegion } from './identity/normalize.js';
import { MODULES } from './modules.js';
import { Mutex } from './storage/mutex.js';
import { openDatabase, type OpenedDatabase } from './storage/open-database.js';

/**
 * The domain with the concrete services (tests and bench call `domain.ingest`, `domain.customers`, …):
 * every entry of the typed ServiceRegistry that the modules built, plus the bus and the database.
 */
export type SqlDomain = Omit<Domain, keyof ServiceRegistry | 'events'> & ServiceRegistry & { events: DomainEventBus; database: OpenedDatabase };

/** The ports `Domain` promises (server/domain.ts): checked after wiring, so a module dropped from MODULES fails at start, not at first use. */
const DOMAIN_PORTS = {
  ingest: true,
  customers: true,
  auth: true,
  merges: true,
  duplicates: true,
  connectors: true,
  held: true,
  actions: true,
  value: true,
} as const satisfies Record<Exclude<keyof Domain, 'dialect' | 'events' | 'features' | 'bootstrap' | 'close'>, true>;

/** Opens (and migrates) the database and wires every module's services on it. */
export async function createDomain(opts: DomainOptions): Promise<SqlDomain> {
  const region = assertRegion(opts.defaultRegion || 'US');
  const database = await openDatabase({ dataDir: opts.dataDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) });
  return domainOn(database, { ...opts, defaultRegion: region });
}

/**
 * The composition root: wires the domain on an already opened database (tests use openTestDatabase).
 * Every service comes from a module of MODULES, built in list order on the services it needs.
 * Closing the domain closes the database.
 */
export async function domainOn(
  database: OpenedDatabase,
  opts: Pick<DomainOptions, 'defaultRegion' | 'events' | 'sharedIdentifiers' | 'sessions' | 'totp'>,
): Promise<SqlDomain> {
  const config = { defaultRegion: assertRegion(opts.defaultRegion || 'US'), identifierScopes: identifierScopes(opts.sharedIdentifiers), ...(opts.sessions ? { sessions: opts.sessions } : {}), ...(opts.totp ? { totp: opts.totp } : {}) };
  // After-commit facts (server/events/bus.ts). Built first: services publish or subscribe while they are built.
  const events = opts.events ?? new DomainEventBus();
  const built = await buildFeatures(MODULES, {
    database,
    db: database.db,
    dialect: database.dialect,
    events,
    config,
    writeLock: new Mutex(database.writeGate),
    onError: (err) => events.reportError(err),
  });
  const missing = Object.keys(DOMAIN_PORTS).filter((port) => !(port in built.registry));
  if (missing.length > 0) {
    await built.close();
    throw new Error(`no module in MODULES provides the domain port(s) ${missing.join(', ')}`);
  }
  const { auth } = built.registry;
  let closed = false;
  return {
    ...built.registry,
    dialect: database.dialect,
    events,
    database,
    features: built.byModule,
    bootstrap: (b) => bootstrap(auth, b),
    async close() {
      if (closed) return;
      closed = true;
      // Subscribers still working on facts already published finish first (they may read the database).
      await events.idle();
      await built.close();
      await database.close();
    },
  };
}
