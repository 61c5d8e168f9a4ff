/*
 * A TCP proxy in front of Redis that a test can cut and restore: a Redis outage for the hubs that
 * point at it, without touching the machine's Redis server (other hubs and people use it).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RedisProxy {
  /** redis://127.0.0.1:<proxy port>[/db]: give this to the hubs instead of REDIS_URL. */
  url: string;
  /** Drops every open connection and refuses new ones (reset at once) until restore(). */
  cut(): void;
  restore(): void;
  /** Connections currently piped through (clients reconnected after restore() show up here). */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startRedisProxy(redisUrl: string): Promise<RedisProxy> {
  const upstream = new URL(redisUrl);
  const pairs = new Set<[Socket, Socket]>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return void client.resetAndDestroy();
    const target = connect(Number(upstream.port || 6379), upstream.hostname);
    const pair: [Socket, Socket] = [client, target];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      target.destroy();
    };
    client.on('error', drop).on('close', drop);
    target.on('error', drop).on('close', drop);
    client.pipe(target);
    target.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const proxied = new URL(redisUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  const cut = () => {
    down = true;
    for (const [client, target] of pairs) {
      client.resetAndDestroy();
      target.destroy();
    }
    pairs.clear();
  };
  return {
    url: proxied.toString(),
    cut,
    restore() {
      down = false;
    },
    openConnections: () => pairs.size,
    async close() {
      cut();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
