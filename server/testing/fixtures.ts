/*
 * Test fixtures every harness shares (edge suites, hub processes, two hubs): fixed credentials, a
 * fresh store per test on this pass's backend, and event builders. Imports nothing of the HTTP edge,
 * so the harness in server/testing stays inside the lint layering. Not imported by production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestEvent } from '../../shared/index.js';
import type { Dialect } from '../storage/schema.js';
import { freshPostgresSchema } from '../storage/test-database.js';
import { seedMigratedSqlite } from '../storage/sqlite-template.js';

export const TEST_ADMIN = { email: 'admin@test.local', password: 'test-password-123' };
export const TEST_INGEST_KEY = 'test-ingest-key-0123456789abcdef';

export function tempDataDir(tag = 'edge'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `omni-${tag}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The backend the edge suites run on: PostgreSQL in the PG pass (DATABASE_URL set), SQLite otherwise. */
export function testBackend(): Dialect {
  return process.env['DATABASE_URL'] ? 'postgres' : 'sqlite';
}

/** Where a test hub keeps its state: a temp data dir, plus a fresh PostgreSQL schema on the PG pass. */
export interface TestStore {
  dir: string;
  backend: Dialect;
  /** PostgreSQL only: DATABASE_URL pointed at this store's own schema. */
  databaseUrl?: string;
  /** Drops the schema and the dir; call after the hub using it is closed. */
  remove(): Promise<void>;
}

export async function testStore(tag = 'edge'): Promise<TestStore> {
  const { dir, remove } = tempDataDir(tag);
  if (testBackend() === 'sqlite') {
    await seedMigratedSqlite(join(dir, 'omni.sqlite'));
    return { dir, backend: 'sqlite', remove: async () => remove() };
  }
  const schema = await freshPostgresSchema('hub');
  return {
    dir,
    backend: 'postgres',
    databaseUrl: schema.url,
    remove: async () => {
      await schema.drop();
      remove();
    },
  };
}

let n = 0;
/** A unique customer per call so tests never share identities. */
export function uniqueWho(tag = 'c') {
  const id = `${Date.now().toString(36)}${(n++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  return { email: `${tag}.${id}@example.com`, name: `Test ${tag} ${id}`, loyaltyId: `LOY-${id}`.toUpperCase() };
}

export function makeEvent(who: { email?: string; loyaltyId?: string; name?: string }, over: Partial<IngestEvent> = {}): IngestEvent {
  return {
    source: 'test',
    sourceEventId: `ev-${Date.now().toString(36)}-${n++}`,
    channel: 'email',
    type: 'email.received',
    occurredAt: new Date(Date.now() - 60_000 + n).toISOString(),
    customer: { ...(who.email ? { email: who.email } : {}), ...(who.loyaltyId ? { loyaltyId: who.loyaltyId } : {}), ...(who.name ? { name: who.name } : {}) },
    summary: 'Where is my order?',
    data: { subject: 'Where is my order?' },
    ...over,
  };
}
