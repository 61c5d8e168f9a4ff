/*
 * Test helpers for the realtime suites: a real socket.io client, typed with the shared maps,
 * and small waiters. Not imported by production code.
 */
import { io as connectIo, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, IngestEvent, IngestResult, ServerToClientEvents, WatchAck } from '../../shared/index.js';
import { LoginResponseSchema, IngestResponseSchema } from '../../shared/index.js';
import { TEST_ADMIN, TEST_INGEST_KEY } from '../http/test-support.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connect(url: string, auth: Record<string, unknown> | undefined, opts: { origin?: string; transports?: ('websocket' | 'polling')[] } = {}): Promise<ClientSocket> {
  const socket: ClientSocket = connectIo(url, {
    path: '/socket.io',
    ...(auth ? { auth } : {}),
    transports: opts.transports ?? ['websocket'],
    // Node's client sends no Origin; a browser always does. extraHeaders stands in for the browser.
    ...(opts.origin ? { extraHeaders: { origin: opts.origin } } : {}),
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export function watch(socket: ClientSocket, payload: unknown): Promise<WatchAck> {
  return socket.timeout(5_000).emitWithAck('customer:watch', payload as never);
}

/** Records every payload of one server event. */
export function record<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return LoginResponseSchema.parse(await res.json()).token;
}

export async function ingest(url: string, events: IngestEvent[]): Promise<IngestResult[]> {
  const res = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_KEY}` },
    body: JSON.stringify({ events }),
  });
  if (res.status !== 202) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
  return IngestResponseSchema.parse(await res.json()).results;
}
