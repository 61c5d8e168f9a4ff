import { sql } from 'kysely';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { domainOn, type SqlDomain } from '../../create-domain.js';
import { TEST_PUBLIC_URL, TEST_SHOPIFY_SECRET, TEST_TWILIO_TOKEN } from '../../connectors/test/fixtures.js';
import { DomainEventBus } from '../../events/bus.js';
import type { Dialect } from '../../storage/schema.js';
import { openTestDatabase } from '../../storage/test-database.js';
import { buildApp } from '../app.js';
import { TEST_ADMIN, TEST_INGEST_KEY, tempDataDir } from '../test-support.js';
import type { FuzzRequest } from './route-cases.js';

/*
 * A real hub (HTTP edge + domain) on a fresh database of either dialect, with the connector secrets
 * the fuzz cases sign with, and the row counts the invariants compare. Test support only.
 */

export interface RowCounts {
  events: number;
  customers: number;
  identifiers: number;
  deadLetters: number;
}

export interface FuzzHub {
  app: FastifyInstance;
  domain: SqlDomain;
  adminToken: string;
  /** Errors the domain reported after a commit (fan-out, next-action recompute). */
  backgroundErrors: unknown[];
  /** Errors that became (or may have become) a 5xx answer, newest last. */
  serverErrors: Error[];
  counts(): Promise<RowCounts>;
  send(req: FuzzRequest): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function fuzzHub(dialect: Dialect): Promise<FuzzHub> {
  const database = await openTestDatabase(dialect);
  // Durability is not under test here, input handling is: an fsync per commit would be most of the run time.
  if (database.raw.dialect === 'sqlite') database.raw.sqlite.pragma('synchronous = NORMAL');
  const backgroundErrors: unknown[] = [];
  const domain = await domainOn(database, { defaultRegion: 'US', events: new DomainEventBus({ onError: (e) => backgroundErrors.push(e) }) });
  await domain.bootstrap({ adminEmail: TEST_ADMIN.email, adminPassword: TEST_ADMIN.password, ingestKey: TEST_INGEST_KEY });
  const att = tempDataDir('fuzz-att');
  const app = buildApp({
    domain,
    config: { logLevel: 'silent', bodyLimit: 8 * 1024 * 1024, rendererDir: undefined, corsOrigins: [] },
    connectors: { shopifySecret: TEST_SHOPIFY_SECRET, twilioAuthToken: TEST_TWILIO_TOKEN, publicUrl: TEST_PUBLIC_URL, attachmentsDir: att.dir, maxAttachmentBytes: 64 * 1024, defaultRegion: 'US' },
  });
  // The 500 body says only "internal error": keep each 5xx's stack for the failure report.
  const serverErrors: Error[] = [];
  app.addHook('onError', async (_req, reply, err) => {
    if (reply.statusCode >= 500 || !('statusCode' in err) || Number(err.statusCode) >= 500) serverErrors.push(err);
  });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN });
  const adminToken = (login.json() as { token: string }).token;
  const db = database.db;
  return {
    app,
    domain,
    adminToken,
    backgroundErrors,
    serverErrors,
    async counts() {
      const r = await sql<{ events: number | string; customers: number | string; identifiers: number | string; dead_letters: number | string }>`
        select (select count(*) from events) as events, (select count(*) from customers) as customers,
               (select count(*) from identifiers) as identifiers, (select count(*) from dead_letters) as dead_letters`.execute(db);
      const row = r.rows[0]!;
      return { events: Number(row.events), customers: Number(row.customers), identifiers: Number(row.identifiers), deadLetters: Number(row.dead_letters) };
    },
    send: (req) => app.inject({ method: 'POST', url: req.url, headers: req.headers, payload: req.payload }),
    async close() {
      await app.close();
      await domain.close();
      att.remove();
    },
  };
}
