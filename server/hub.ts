import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { sessionPolicyFromConfig } from './auth/session-policy.js';
import { totpKeyFile } from './auth/totp-key-file.js';
import type { HubConfig } from './config.js';
import { createDomain, type SqlDomain } from './create-domain.js';
import { deploymentId } from './storage/deployment-id.js';
import type { DemoDataSummary } from './demo/real-data.js';
import type { BootstrapResult, Domain } from './domain.js';
import { buildApp } from './http/app.js';
import { memoryDriver, redisStreamsDriver, type RealtimeDriver } from './realtime/driver.js';
import { createRealtime, type Realtime } from './realtime/server.js';
import { systemActor } from '../shared/index.js';

export interface RunningHub {
  /** Where the console and API answer, e.g. `http://127.0.0.1:4100`. */
  url: string;
  /** The real port (config.port 0 picks a free one). */
  port: number;
  domain: Domain;
  bootstrap: BootstrapResult;
  /** Stops the simulator, sockets, HTTP server and database, in that order. Idempotent. */
  close(): Promise<void>;
  /** Demo hubs: the background import of real sample data, started after listening (null: no data dir, or stopped by close()). */
  demoData?: Promise<DemoDataSummary | null>;
}

export interface StartHubOptions {
  /** Lifecycle lines (listening, seeding, …); request logs go to Fastify's logger per config.logLevel. */
  log?: (line: string) => void;
  /** Demo tuning when config.demo is on (tests use a handful of customers; defaults are the demo helper's). */
  demo?: { seed?: number; customers?: number; intervalMs?: number; /** Real sample data to import (default OMNI_DEMO_DATA_DIR or ../shared/data); null: none. */ realDataDir?: string | null };
}

/** Starts the whole hub in this process: used by the CLI, by Electron's main process and by tests. */
export async function startHub(given: HubConfig, opts: StartHubOptions = {}): Promise<RunningHub> {
  const log = opts.log ?? (() => {});
  mkdirSync(given.dataDir, { recursive: true });
  // Demo hubs reply on every channel: an embedded SMTP sink and Twilio stand-in unless real ones are set (server/demo/outbound-demo.ts).
  const demoOutbound = given.demo ? await (await import('./demo/outbound-demo.js')).startDemoOutbound(given, log) : null;
  const config = demoOutbound?.config ?? given;

  // The socket server needs the HTTP server, which needs the domain: realtime subscribes to the domain's
  // event bus once sockets exist (facts committed before that have nobody to tell).
  const domain = await createDomain({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    defaultRegion: config.defaultRegion,
    ...(config.sharedIdentifiers ? { sharedIdentifiers: config.sharedIdentifiers } : {}),
    sessions: sessionPolicyFromConfig(config),
    totp: { key: config.totpKey ?? totpKeyFile(config.dataDir), ...(config.require2fa === 'admin' ? { requireFor: 'admin' as const } : {}) },
  });

  const stops: (() => Promise<void> | void)[] = [() => domain.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        log(`shutdown: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  try {
    const bootstrap = await domain.bootstrap({
      ...(config.adminEmail ? { adminEmail: config.adminEmail } : {}),
      ...(config.adminPassword ? { adminPassword: config.adminPassword } : {}),
      ...(config.ingestKey ? { ingestKey: config.ingestKey } : {}),
    });

    // The stream is named for the deployment (its database): deployments sharing one Redis stay apart.
    const driver: RealtimeDriver = config.redisUrl
      ? await redisStreamsDriver(config.redisUrl, { log, streamName: `omni:${await deploymentId(domain.database.db)}` })
      : memoryDriver();
    stops.push(() => driver.close());

    const app = buildApp({ domain, config });
    stops.push(() => app.close());
    await app.ready();

    const realtime: Realtime = createRealtime(app.server, {
      auth: domain.auth,
      features: domain.features,
      events: domain.events,
      driver,
      corsOrigins: config.corsOrigins,
      log,
    });
    // Sockets close before the app: engine.io's open connections would otherwise hold server.close().
    stops.push(() => realtime.close());
    // The demo's SMTP sink and Twilio stand-in stop first: a stand-in callback still open would hold the HTTP server's close.
    if (demoOutbound) stops.push(() => demoOutbound.stop());

    if (config.demo) await seedDemoIfEmpty(domain, log, opts.demo ?? {});
    // Demo staff (server/demo/staff.ts): created once, their demo passwords printed at every start.
    if (config.demo) await seedDemoStaffAndSay(domain, log);
    // Customer value: fit soon after start when missing or a day old, then daily (server/clv, off the event loop).
    domain.value.startSchedule();
    // SLA warnings and breaches, snooze wake-ups, closing solved work (server/sla/sla-sweep.ts; one hub at a time on PostgreSQL).
    domain.slaSweep.start();

    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new Error(`port ${config.port} on ${config.host} is already in use (set OMNI_PORT or --port)`);
      if (code === 'EADDRNOTAVAIL') throw new Error(`cannot bind to host ${config.host} (set OMNI_HOST or --host)`);
      throw err;
    }
    const port = (app.server.address() as AddressInfo).port;
    const url = config.publicUrl ?? `http://${browsableHost(config.host)}:${port}`;
    log(`Omni Console hub listening on ${url} (${domain.dialect}${driver.kind === 'redis-streams' ? ', Redis Streams fan-out' : ''})`);

    if (config.demo) {
      const { startSimulator } = await import('./demo/index.js');
      const simulator = startSimulator(domain.ingest, {
        ...(opts.demo?.intervalMs !== undefined ? { intervalMs: opts.demo.intervalMs } : {}),
        ...(opts.demo?.seed !== undefined ? { seed: opts.demo.seed } : {}),
        ...(opts.demo?.customers !== undefined ? { customers: opts.demo.customers } : {}),
      });
      stops.push(() => simulator.stop());
      log('demo: live simulator running');
      // The team-lead floor moving (server/demo/floor-traffic.ts): queues filling and draining, agents working.
      const { demoFloorEnabled, startDemoFloor } = await import('./demo/floor-start.js');
      const floor = demoFloorEnabled() ? await startDemoFloor(domain, { ...(opts.demo?.seed !== undefined ? { seed: opts.demo.seed } : {}), ...(opts.demo?.customers !== undefined ? { customers: opts.demo.customers } : {}) }) : null;
      if (floor) {
        stops.push(() => floor.stop());
        log('demo: live floor traffic running');
      }
    }
    const demoData = config.demo && opts.demo?.realDataDir !== null ? importRealDemoData(domain, config, opts.demo?.realDataDir, log, stops) : undefined;

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      domain,
      bootstrap,
      close: () => (closing ??= stopAll()),
      ...(demoData ? { demoData } : {}),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Seeds only an empty database, so restarting a demo hub keeps its data (and the simulator's additions). */
async function seedDemoIfEmpty(domain: Domain, log: (line: string) => void, tuning: { seed?: number; customers?: number }): Promise<void> {
  if ((await domain.customers.search(systemActor('demo'), '', 1)).length > 0) {
    log('demo: data already present, not seeding');
    return;
  }
  // Loaded lazily: faker is large and only demo hubs need it.
  const { seedDemo } = await import('./demo/index.js');
  log('demo: seeding data set…');
  const seeded = await seedDemo(domain.ingest, {
    ...(tuning.seed !== undefined ? { seed: tuning.seed } : {}),
    ...(tuning.customers !== undefined ? { customers: tuning.customers } : {}),
  });
  log(`demo: seeded ${seeded.customers} customers, ${seeded.events} events`);
}

async function seedDemoStaffAndSay(domain: SqlDomain, log: (line: string) => void): Promise<void> {
  const { seedDemoStaff, demoStaffLines } = await import('./demo/staff.js');
  const { createdUsers, createdTeams } = await seedDemoStaff(domain.users, domain.teams);
  if (createdUsers || createdTeams) log(`demo: created ${createdUsers} staff accounts and ${createdTeams} teams`);
  for (const line of demoStaffLines()) log(line);
}

/** In the background (startup and /healthz never wait for it); a closing hub stops it between batches. */
function importRealDemoData(domain: Domain, config: HubConfig, dir: string | undefined, log: (line: string) => void, stops: (() => Promise<void> | void)[]): Promise<DemoDataSummary | null> {
  let stopping = false;
  const done = (async () => {
    const { demoDataDir, importDemoData, DemoImportCancelled } = await import('./demo/real-data.js');
    const from = dir ?? demoDataDir();
    try {
      const s = await importDemoData(domain.ingest, from, { region: config.defaultRegion, log, cancelled: () => stopping });
      if (s) log(`demo: real data from ${from}: created ${s.created}, duplicate ${s.duplicate}, rejected ${s.rejected} (${s.files.length} files, ${s.seconds.toFixed(1)} s)`);
      return s;
    } catch (err) {
      if (!(err instanceof DemoImportCancelled)) log(`demo: real data import failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  })().catch((err: unknown) => {
    log(`demo: real data import failed: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  });
  stops.push(async () => {
    stopping = true;
    await done;
  });
  return done;
}

function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
