/*
 * Test support: where the real payloads live (../shared/data next to the repo, never copied in)
 * and a hub app wired with test connector secrets. Not imported by production code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../http/app.js';
import { TEST_ADMIN, tempDataDir, testDomain, type TestDomain } from '../../http/test-support.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DATA_DIR = process.env['OMNI_TEST_DATA'] ?? resolve(repoRoot, '../shared/data');
export const hasData = (sub: string) => existsSync(join(DATA_DIR, sub));

export const TEST_SHOPIFY_SECRET = 'test-shopify-secret';
export const TEST_TWILIO_TOKEN = 'test-twilio-auth-token';
export const TEST_PUBLIC_URL = 'https://hub.example.test';

export interface ConnectorTestApp {
  t: TestDomain;
  app: FastifyInstance;
  attachmentsDir: string;
  adminToken: string;
  close(): Promise<void>;
}

export async function connectorApp(over: { maxAttachmentBytes?: number } = {}): Promise<ConnectorTestApp> {
  const t = await testDomain();
  const att = tempDataDir('att');
  const app = buildApp({
    domain: t.domain,
    config: { logLevel: 'silent', bodyLimit: 8 * 1024 * 1024, rendererDir: undefined, corsOrigins: [] },
    connectors: {
      shopifySecret: TEST_SHOPIFY_SECRET,
      twilioAuthToken: TEST_TWILIO_TOKEN,
      publicUrl: TEST_PUBLIC_URL,
      attachmentsDir: att.dir,
      maxAttachmentBytes: over.maxAttachmentBytes ?? 1024 * 1024,
      defaultRegion: 'US',
    },
  });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN });
  const adminToken = (login.json() as { token: string }).token;
  return {
    t,
    app,
    attachmentsDir: att.dir,
    adminToken,
    close: async () => {
      await app.close();
      await t.close();
      att.remove();
    },
  };
}

/** Files under a data folder, recursively, sorted. */
export function listFiles(sub: string, ext: string): string[] {
  const root = join(DATA_DIR, sub);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(ext)) out.push(p);
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
