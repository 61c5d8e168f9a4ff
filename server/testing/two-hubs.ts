/*
 * Two hub PROCESSES on one PostgreSQL schema (fresh per run) and one Redis, as a scaled-out
 * deployment runs: the harness multi-hub features test against (live fan-out, replay, merges,
 * actions, a Redis outage). Needs DATABASE_URL and REDIS_URL: the `npm run test:pg` pass.
 */
import { TEST_ADMIN, TEST_INGEST_KEY, makeEvent, tempDataDir, uniqueWho } from './fixtures.js';
import { freshPostgresSchema } from '../storage/test-database.js';
import { HubClient, recorder, watchCustomer, type HubCredentials } from './hub-client.js';
import { startHubProcess, type HubProcess } from './hub-process.js';
import { startRedisProxy, type RedisProxy } from './redis-proxy.js';
import { until } from './wait.js';

export const HUB_CREDENTIALS: HubCredentials = { adminEmail: TEST_ADMIN.email, adminPassword: TEST_ADMIN.password, ingestKey: TEST_INGEST_KEY };

/** Why two-hub suites skip here, or undefined when they can run. */
export function twoHubsSkipReason(): string | undefined {
  if (!process.env['DATABASE_URL'] || !process.env['REDIS_URL']) return 'two hub processes need a shared PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): run `npm run test:pg`';
  return undefined;
}

export interface RunningHubProcess extends HubProcess {
  client: HubClient;
}

export interface TwoHubs {
  a: RunningHubProcess;
  b: RunningHubProcess;
  /** Set when started with `redisProxy: true`: both hubs reach Redis through it, so a test can cut Redis. */
  redis?: RedisProxy;
  /** Waits until a broadcast from each hub reaches a socket on the other (the Redis streams are wired). */
  linked(): Promise<void>;
  close(): Promise<void>;
}

export async function startTwoHubs(opts: { redisProxy?: boolean; corsOrigins?: string[] } = {}): Promise<TwoHubs> {
  const skip = twoHubsSkipReason();
  if (skip) throw new Error(skip);
  const cleanups: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    const schema = await freshPostgresSchema('twohubs');
    cleanups.push(() => schema.drop());
    let redisUrl = process.env['REDIS_URL']!;
    let redis: RedisProxy | undefined;
    if (opts.redisProxy) {
      redis = await startRedisProxy(redisUrl);
      cleanups.push(() => redis!.close());
      redisUrl = redis.url;
    }
    const start = async (name: string): Promise<RunningHubProcess> => {
      const dir = tempDataDir(`hub-${name.slice(-1).toLowerCase()}`);
      cleanups.push(dir.remove);
      const hub = await startHubProcess({ name, dataDir: dir.dir, databaseUrl: schema.url, redisUrl, ...HUB_CREDENTIALS, ...(opts.corsOrigins ? { corsOrigins: opts.corsOrigins } : {}) });
      const client = new HubClient(hub.url, HUB_CREDENTIALS);
      cleanups.push(() => hub.stop(), () => client.closeSockets());
      return { ...hub, client };
    };
    // One after the other: the first migrates the fresh schema, the second finds it current.
    const a = await start('hub A');
    const b = await start('hub B');
    return { a, b, ...(redis ? { redis } : {}), linked: () => linked(a, b), close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Each hub's adapter reads the shared stream from "$" (only what is added after its first read),
 * so right after start a broadcast may predate the other hub's reader. Probe both directions
 * until an item crosses, instead of sleeping for a guessed time.
 */
async function linked(a: RunningHubProcess, b: RunningHubProcess, timeoutMs = 30_000): Promise<void> {
  const who = uniqueWho('probe');
  const [first] = await a.client.ingest([makeEvent(who, { summary: 'probe' })]);
  const customerId = first!.customerId;
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    const socket = await to.client.socket();
    try {
      await watchCustomer(socket, customerId);
      const items = recorder(socket, 'timeline:item');
      let sent = 0;
      await until(
        async () => {
          if (items.seen.length > 0) return true;
          if (sent++ % 10 === 0) await from.client.ingest([makeEvent(who, { summary: `probe ${from.name} -> ${to.name}` })]);
          return items.seen.length > 0;
        },
        `an item ingested on ${from.name} to reach a socket on ${to.name}`,
        timeoutMs,
        50,
      );
    } finally {
      socket.close();
    }
  }
}
