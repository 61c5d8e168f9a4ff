/*
 * A client of a hub running anywhere (in this process or another): login, ingest, JSON calls and a
 * typed socket.io client with event recorders. Speaks only HTTP and sockets, so tests written with it
 * survive any refactor behind the API.
 */
import type { Socket } from 'socket.io-client';
import { connect } from '../realtime/test-client.js';
import { IngestResponseSchema, LoginResponseSchema } from '../../shared/index.js';
import type { ClientToServerEvents, IngestEvent, IngestResult, ServerToClientEvents, WatchAck } from '../../shared/index.js';
import { until } from './wait.js';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

export interface HubCredentials {
  adminEmail: string;
  adminPassword: string;
  ingestKey: string;
}

export class HubClient {
  private sockets: HubSocket[] = [];
  private token: string | undefined;

  constructor(
    readonly url: string,
    private readonly creds: HubCredentials,
  ) {}

  /** An admin session token (cached: sessions live in the shared database, valid on every hub). */
  async login(): Promise<string> {
    if (this.token) return this.token;
    const res = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: this.creds.adminEmail, password: this.creds.adminPassword }),
    });
    if (res.status !== 200) throw new Error(`login on ${this.url} failed: ${res.status} ${await res.text()}`);
    this.token = LoginResponseSchema.parse(await res.json()).token;
    return this.token;
  }

  useToken(token: string): this {
    this.token = token;
    return this;
  }

  async ingest(events: IngestEvent[]): Promise<IngestResult[]> {
    const res = await fetch(`${this.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.creds.ingestKey}` },
      body: JSON.stringify({ events }),
    });
    if (res.status !== 202) throw new Error(`ingest on ${this.url} failed: ${res.status} ${await res.text()}`);
    return IngestResponseSchema.parse(await res.json()).results;
  }

  /** A console API call with the admin session; answers status and parsed JSON (null for an empty body). */
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.login()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }

  /** A logged-in socket (websocket transport, no automatic reconnection: tests reconnect on purpose). */
  async socket(opts: { origin?: string; transports?: ('websocket' | 'polling')[] } = {}): Promise<HubSocket> {
    return this.track(await openSocket(this.url, { token: await this.login() }, opts));
  }

  /** Closes every socket this client opened. */
  closeSockets(): void {
    for (const s of this.sockets.splice(0)) s.close();
  }

  private track(s: HubSocket): HubSocket {
    this.sockets.push(s);
    return s;
  }
}

/** A socket.io client to a hub (the realtime suite's helper; `origin` stands in for a browser's). */
export function openSocket(url: string, auth: Record<string, unknown> | undefined, opts: { origin?: string; transports?: ('websocket' | 'polling')[] } = {}): Promise<HubSocket> {
  return connect(url, auth, opts);
}

export async function watchCustomer(socket: HubSocket, customerId: string, sinceSeq?: number): Promise<WatchAck & { ok: true }> {
  const ack = await socket.timeout(5_000).emitWithAck('customer:watch', { customerId, ...(sinceSeq !== undefined ? { sinceSeq } : {}) });
  if (!ack.ok) throw new Error(`watch ${customerId} refused: ${ack.error.code} ${ack.error.message}`);
  return ack;
}

/** Records every payload of one server event, and waits on what was recorded. */
export function recorder<E extends keyof ServerToClientEvents>(socket: HubSocket, event: E) {
  const seen: Payload<E>[] = [];
  socket.on(event, ((p: Payload<E>) => seen.push(p)) as never);
  return {
    seen,
    waitFor: async (check: (seen: Payload<E>[]) => boolean, what: string, timeoutMs = 15_000) => {
      await until(() => check(seen), `${what} (${event}; seen ${seen.length})`, timeoutMs);
      return seen;
    },
  };
}
