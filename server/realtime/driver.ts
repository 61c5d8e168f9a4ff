import type { ServerOptions } from 'socket.io';

/**
 * How socket.io reaches sockets on other hub instances. `memory`: this process only (the default).
 * `redis-streams`: every instance sharing REDIS_URL sees every room broadcast, socketsJoin, etc.
 */
export interface RealtimeDriver {
  readonly kind: 'memory' | 'redis-streams';
  /** socket.io adapter factory; undefined keeps socket.io's in-memory adapter. */
  readonly adapter: ServerOptions['adapter'] | undefined;
  /** Releases connections the driver owns (call after the socket.io server is closed). */
  close(): Promise<void>;
}

export function memoryDriver(): RealtimeDriver {
  return { kind: 'memory', adapter: undefined, close: async () => {} };
}

/** Connects a redis v4 client (fails within `connectTimeoutMs` rather than retrying forever at startup). */
export async function redisStreamsDriver(url: string, opts: { connectTimeoutMs?: number; log?: (line: string) => void; streamName?: string } = {}): Promise<RealtimeDriver> {
  // Loaded only when REDIS_URL is set: the redis client alone costs ~33 MB of RSS in a hub that never uses it.
  const [{ createAdapter }, { createClient }] = await Promise.all([import('@socket.io/redis-streams-adapter'), import('redis')]);
  const timeout = opts.connectTimeoutMs ?? 10_000;
  const client = createClient({ url, socket: { connectTimeout: timeout, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) } });
  let lastError = '';
  client.on('error', (err: Error) => {
    // Logged once per distinct message: a down Redis would otherwise flood the log on every retry.
    if (err.message !== lastError) opts.log?.(`redis: ${err.message}`);
    lastError = err.message;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`could not connect to Redis at ${redact(url)} within ${timeout} ms`)), timeout);
      }),
    ]);
  } catch (err) {
    await client.disconnect().catch(() => {});
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return {
    kind: 'redis-streams',
    adapter: createAdapter(client, opts.streamName ? { streamName: opts.streamName } : {}),
    close: async () => {
      if (client.isOpen) await client.quit().catch(() => client.disconnect());
    },
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}
