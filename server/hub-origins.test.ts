import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN, TEST_INGEST_KEY, testConfig, testStore, type TestStore } from './http/test-support.js';
import { startHub, type RunningHub } from './hub.js';
import { HubClient, openSocket } from './testing/hub-client.js';
import { startHubProcess, type HubProcess } from './testing/hub-process.js';

/*
 * The origin rules the docs promise (docs/api.md OMNI_CORS_ORIGINS, server/http/security.ts,
 * realtime originAllowed), checked at runtime against real started hubs: a hub PROCESS configured
 * through the environment, and a default in-process hub. Node clients send no Origin; the tests set one
 * as a browser page on that origin would.
 */
const DEV_ORIGIN = 'http://localhost:5173';
const FOREIGN = 'https://evil.example';
const creds = { adminEmail: TEST_ADMIN.email, adminPassword: TEST_ADMIN.password, ingestKey: TEST_INGEST_KEY };

async function socketOpens(url: string, token: string, origin: string | undefined, transport: 'websocket' | 'polling'): Promise<boolean> {
  try {
    (await openSocket(url, { token }, { transports: [transport], ...(origin ? { origin } : {}) })).close();
    return true;
  } catch {
    return false;
  }
}

const preflight = (url: string, origin: string) =>
  fetch(`${url}/api/v1/customers`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });

describe('a hub process started with OMNI_CORS_ORIGINS', () => {
  let store: TestStore;
  let hub: HubProcess;
  let token: string;
  beforeAll(async () => {
    store = await testStore('origins');
    hub = await startHubProcess({ name: 'hub', dataDir: store.dir, ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}), ...creds, corsOrigins: [DEV_ORIGIN] });
    token = await new HubClient(hub.url, creds).login();
  }, 90_000);
  afterAll(async () => {
    await hub?.stop();
    await store?.remove();
  });

  it.each(['websocket', 'polling'] as const)('socket over %s: no Origin, its own origin and the configured one connect; others are refused', async (transport) => {
    expect(await socketOpens(hub.url, token, undefined, transport)).toBe(true);
    expect(await socketOpens(hub.url, token, hub.url, transport)).toBe(true);
    expect(await socketOpens(hub.url, token, DEV_ORIGIN, transport)).toBe(true);
    expect(await socketOpens(hub.url, token, FOREIGN, transport)).toBe(false);
    expect(await socketOpens(hub.url, token, 'null', transport)).toBe(false);
    // The configured origin is matched exactly, not as a prefix or host.
    expect(await socketOpens(hub.url, token, `${DEV_ORIGIN}.evil.example`, transport)).toBe(false);
  });

  it('HTTP: a preflight from the configured origin is answered with CORS headers; a foreign one gets none', async () => {
    const ok = await preflight(hub.url, DEV_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(DEV_ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await preflight(hub.url, FOREIGN)).headers.get('access-control-allow-origin')).toBeNull();

    const get = (origin: string) => fetch(`${hub.url}/api/v1/customers?limit=1`, { headers: { origin, authorization: `Bearer ${token}` } });
    const allowed = await get(DEV_ORIGIN);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(DEV_ORIGIN);
    expect((await get(FOREIGN)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await get('null')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a hub with no extra origins (the default)', () => {
  let store: TestStore;
  let hub: RunningHub;
  let token: string;
  beforeAll(async () => {
    store = await testStore('origins-default');
    hub = await startHub(testConfig(store));
    token = await new HubClient(hub.url, creds).login();
  });
  afterAll(async () => {
    await hub?.close();
    await store?.remove();
  });

  it('allows only same-origin browsers (and non-browser clients) on the socket, and sends no CORS headers', async () => {
    expect(await socketOpens(hub.url, token, undefined, 'websocket')).toBe(true);
    expect(await socketOpens(hub.url, token, hub.url, 'websocket')).toBe(true);
    expect(await socketOpens(hub.url, token, DEV_ORIGIN, 'websocket')).toBe(false);
    expect(await socketOpens(hub.url, token, DEV_ORIGIN, 'polling')).toBe(false);
    const res = await preflight(hub.url, DEV_ORIGIN);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
