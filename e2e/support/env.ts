import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.env.E2E_PORT ?? 4199);

/** One hub for the whole e2e run: fixed credentials so tests can log in and ingest. */
export const E2E_HUB = {
  url: `http://127.0.0.1:${port}`,
  adminEmail: 'admin@omni.local',
  adminPassword: 'e2e-admin-password',
  ingestKey: 'e2e-ingest-key-0123456789',
  shopifySecret: 'e2e-shopify-secret',
  dataDir: join(tmpdir(), `omni-e2e-${port}`),
  get env(): Record<string, string> {
    return {
      OMNI_PORT: String(port),
      OMNI_HOST: '127.0.0.1',
      OMNI_DATA_DIR: this.dataDir,
      OMNI_DEMO: '1',
      // The demo floor's agents take unassigned work (server/demo/floor-traffic.ts): specs must see their own conversations untouched.
      OMNI_DEMO_FLOOR: '0',
      // Routing pushes only queued work here (the demo's unqueued backlog would be offered first), and offers time out in 8 s.
      OMNI_ROUTING_UNQUEUED_ROLES: '',
      OMNI_ROUTING_OFFER_TIMEOUT_MS: '8000',
      OMNI_ADMIN_EMAIL: this.adminEmail,
      OMNI_ADMIN_PASSWORD: this.adminPassword,
      OMNI_INGEST_KEY: this.ingestKey,
      OMNI_SHOPIFY_SECRET: this.shopifySecret,
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
    };
  },
};

/** Debian's Chromium with the flags this sandbox needs (no network, no GPU). */
export function chromiumLaunchOptions() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return {
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  };
}
