/*
 * Shared by the edge's tests (http/, realtime/, hub): a REAL domain on SQLite in a fresh temp dir,
 * fixed credentials, and event builders. Not imported by production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestEvent } from '../../shared/index.js';
import type { HubConfig } from '../config.js';
import { createDomain } from '../create-domain.js';
import type { Domain } from '../domain.js';
import { ForwardingFanOut } from '../realtime/forwarding-fan-out.js';

export const TEST_ADMIN = { email: 'admin@test.local', password: 'test-password-123' };
export const TEST_INGEST_KEY = 'test-ingest-key-0123456789abcdef';

export interface TestDomain {
  domain: Domain;
  fanOut: ForwardingFanOut;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDataDir(tag = 'edge'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `omni-${tag}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Real domain, bootstrapped with TEST_ADMIN and TEST_INGEST_KEY. */
export async function testDomain(): Promise<TestDomain> {
  const { dir, remove } = tempDataDir();
  const fanOut = new ForwardingFanOut();
  const domain = await createDomain({ dataDir: dir, defaultRegion: 'US', fanOut });
  await domain.bootstrap({ adminEmail: TEST_ADMIN.email, adminPassword: TEST_ADMIN.password, ingestKey: TEST_INGEST_KEY });
  return {
    domain,
    fanOut,
    dataDir: dir,
    close: async () => {
      await domain.close();
      remove();
    },
  };
}

/** Hub config for tests: free port, silent logs, no renderer unless given. */
export function testConfig(dataDir: string, over: Partial<HubConfig> = {}): HubConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
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
