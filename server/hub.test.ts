import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CustomerSearchResponseSchema } from '../shared/index.js';
import { startHub, type RunningHub } from './hub.js';
import { TEST_INGEST_KEY, testBackend, testConfig, testStore } from './http/test-support.js';
import { connect, login } from './realtime/test-client.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fresh store on this pass's backend (SQLite dir, or a PostgreSQL schema when DATABASE_URL is set). */
async function dataDir() {
  const d = await testStore('hub');
  cleanups.push(d.remove);
  return d;
}
async function start(...args: Parameters<typeof startHub>): Promise<RunningHub> {
  const hub = await startHub(...args);
  cleanups.push(() => hub.close());
  return hub;
}

const customersOf = async (hub: RunningHub, token: string) =>
  CustomerSearchResponseSchema.parse(await (await fetch(`${hub.url}/api/v1/customers?limit=100`, { headers: { authorization: `Bearer ${token}` } })).json()).customers;

describe('startHub', () => {
  it('listens on a free port when asked for port 0 and serves HTTP + sockets on it', async () => {
    const lines: string[] = [];
    const hub = await start(testConfig(await dataDir()), { log: (l) => lines.push(l) });
    expect(hub.port).toBeGreaterThan(0);
    expect(hub.url).toBe(`http://127.0.0.1:${hub.port}`);
    expect(hub.domain.dialect).toBe(testBackend());
    expect(hub.bootstrap).toMatchObject({ ingestKey: TEST_INGEST_KEY, generatedIngestKey: false });
    expect(hub.bootstrap.generatedAdminPassword).toBeUndefined();
    const res = await fetch(`${hub.url}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok' });
    const socket = await connect(hub.url, { token: await login(hub.url) });
    expect(socket.connected).toBe(true);
    socket.close();
    expect(lines.some((l) => l.includes(hub.url))).toBe(true);
  });

  it('generates the admin password and ingest key once, then keeps them across restarts', async () => {
    const dir = await dataDir();
    const config = testConfig(dir, { adminPassword: undefined, ingestKey: undefined });
    const first = await startHub(config);
    const { generatedAdminPassword, ingestKey, generatedIngestKey } = first.bootstrap;
    expect(generatedAdminPassword).toBeTruthy();
    expect(generatedIngestKey).toBe(true);
    const login1 = await fetch(`${first.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.adminEmail, password: generatedAdminPassword }) });
    expect(login1.status).toBe(200);
    await first.close();

    const second = await start(config);
    expect(second.bootstrap.generatedAdminPassword).toBeUndefined();
    expect(second.bootstrap.generatedIngestKey).toBe(false);
    expect(second.bootstrap.ingestKey).toBe(ingestKey);
  });

  it('close() is idempotent, disconnects sockets and frees the port', async () => {
    const hub = await startHub(testConfig(await dataDir()));
    const socket = await connect(hub.url, { token: await login(hub.url) });
    const disconnected = new Promise<string>((r) => socket.on('disconnect', r));
    await Promise.all([hub.close(), hub.close()]);
    await disconnected;
    socket.close();
    // The port is free again.
    await new Promise<void>((resolve, reject) => {
      const probe = createServer().once('error', reject);
      probe.listen(hub.port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });

  it('a port in use fails with a message naming the setting, and cleans up', async () => {
    const hub = await start(testConfig(await dataDir()));
    await expect(startHub(testConfig(await dataDir(), { port: hub.port }))).rejects.toThrow(/already in use.*OMNI_PORT/);
  });

  it('demo mode seeds an empty database once and runs the simulator', async () => {
    const dir = await dataDir();
    const lines: string[] = [];
    const first = await startHub(testConfig(dir, { demo: true }), { demo: { customers: 5, seed: 7, intervalMs: 60_000, realDataDir: null }, log: (l) => lines.push(l) });
    const token = await login(first.url);
    const seeded = await customersOf(first, token);
    expect(seeded.length).toBeGreaterThan(0);
    await first.close();

    const second = await start(testConfig(dir, { demo: true }), { demo: { customers: 5, seed: 7, intervalMs: 60_000, realDataDir: null }, log: (l) => lines.push(l) });
    expect((await customersOf(second, await login(second.url))).map((c) => c.id).sort()).toEqual(seeded.map((c) => c.id).sort());
    expect(lines.some((l) => l.includes('not seeding'))).toBe(true);
  });
});
