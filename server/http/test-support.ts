/*
 * Shared by the edge's tests (http/, realtime/, connectors/, hub): a REAL domain or hub on a fresh,
 * isolated database (SQLite in a temp dir; PostgreSQL in a fresh schema when DATABASE_URL is set,
 * i.e. in the `npm run test:pg` pass), fixed credentials, and event builders (server/testing/fixtures.ts).
 * Not imported by production code.
 */
import type { HubConfig } from '../config.js';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDomain, domainOn, type SqlDomain } from '../create-domain.js';
import { seedMigratedSqlite } from '../storage/sqlite-template.js';
import { openTestDatabase } from '../storage/test-database.js';
import { TEST_ADMIN, TEST_INGEST_KEY, tempDataDir, testBackend, type TestStore } from '../testing/fixtures.js';

export { TEST_ADMIN, TEST_INGEST_KEY, makeEvent, tempDataDir, testBackend, testStore, uniqueWho, type TestStore } from '../testing/fixtures.js';

export interface TestDomain {
  domain: SqlDomain;
  dataDir: string;
  close(): Promise<void>;
}

/** Real domain on testBackend(), bootstrapped with TEST_ADMIN and TEST_INGEST_KEY. */
export async function testDomain(): Promise<TestDomain> {
  const { dir, remove } = tempDataDir();
  try {
    const domain =
      testBackend() === 'postgres'
        ? await domainOn(await openTestDatabase('postgres'), { defaultRegion: 'US' }) // closing the domain drops its schema
        : await seedMigratedSqlite(join(dir, 'omni.sqlite')).then(() => createDomain({ dataDir: dir, defaultRegion: 'US' }));
    await domain.bootstrap({ adminEmail: TEST_ADMIN.email, adminPassword: TEST_ADMIN.password, ingestKey: TEST_INGEST_KEY });
    return {
      domain,
      dataDir: dir,
      close: async () => {
        await domain.close();
        remove();
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}

/** One testDomain() for a whole test file: opened before its tests, closed after them; read `.domain` inside a test. */
export function testDomainPerFile(): { readonly domain: SqlDomain } {
  let t: TestDomain | undefined;
  beforeAll(async () => {
    t = await testDomain();
  });
  afterAll(async () => {
    await t?.close();
  });
  return {
    get domain() {
      if (!t) throw new Error('testDomainPerFile: the domain opens in beforeAll; read it inside a test');
      return t.domain;
    },
  };
}

/** Hub config for tests: free port, silent logs, no renderer unless given. A TestStore also selects its database. */
export function testConfig(where: string | TestStore, over: Partial<HubConfig> = {}): HubConfig {
  const store = typeof where === 'string' ? { dir: where } : where;
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: store.dir,
    ...('databaseUrl' in store && store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}),
    demo: false,
    adminEmail: TEST_ADMIN.email,
    adminPassword: TEST_ADMIN.password,
    ingestKey: TEST_INGEST_KEY,
    defaultRegion: 'US',
    logLevel: 'silent',
    bodyLimit: 5 * 1024 * 1024,
    corsOrigins: [],
    ...over,
  };
}

