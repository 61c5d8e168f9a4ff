import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, CLIENT_EVENTS, PERMISSIONS, ROLES, roleCan, systemActor, type ClientEventName, type Permission, type Role } from '../../shared/index.js';
import { SOCKET_EVENT_PERMISSIONS } from '../realtime/event-permissions.js';
import { isCustomerRoom } from '../realtime/rooms.js';
import { createRealtime, type Realtime } from '../realtime/server.js';
import { connect, type ClientSocket } from '../realtime/test-client.js';
import { buildApp } from './app.js';
import { ROUTE_SAMPLES, SOCKET_SAMPLES, type MatrixFixture, type RouteSample } from './authorization-samples.js';
import { EDGE_CREDENTIALS, type DeclaredAccess } from './openapi.js';
import { makeEvent, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from './test-support.js';

/*
 * The authorization matrix: every route of the OpenAPI document and every client -> hub socket event,
 * called by every role and by no one, on the real app (this pass's database). Each answer must be inside
 * what the route declares (`x-permission`): no session -> 401; a role without the permission -> 403
 * naming it and nothing else; a role with it -> neither (and no 5xx). Edge credentials: a session is
 * never an ingest key or a signature (401 for every caller).
 */

type Caller = Role | 'none';
const CALLERS: readonly Caller[] = [...ROLES, 'none'];
const PASSWORD = 'matrix-password-1';

interface Operation {
  /** `GET /api/v1/customers/:id`, as Fastify declares it (the sample key). */
  key: string;
  method: string;
  path: string;
  access: DeclaredAccess | undefined;
}

let t: TestDomain;
let app: FastifyInstance;
let realtime: Realtime;
let url: string;
let fixture: MatrixFixture;
const tokens = new Map<Role, string>();
const registered: string[] = [];
let operations: Operation[] = [];

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({
    domain: t.domain,
    config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] },
    // Secrets configured, so an unsigned webhook is refused for its signature, not for a missing setup.
    connectors: { shopifySecret: 'matrix-shopify-secret', twilioAuthToken: 'matrix-twilio-token', publicUrl: 'http://127.0.0.1' },
  });
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) registered.push(`${m} ${r.url}`);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  realtime = createRealtime(app.server, { auth: t.domain.auth, features: t.domain.features, events: t.domain.events });

  for (const role of ROLES) {
    await t.domain.auth.createUser({ email: `matrix.${role}@test.local`, name: `Matrix ${role}`, role, password: PASSWORD });
    tokens.set(role, await login(role));
  }
  const [first] = (await t.domain.ingest.ingest(systemActor('test'), [makeEvent(uniqueWho('matrix'))])).results;
  fixture = { customerId: first!.customerId!, unknownId: 'matrix-unknown-id' };

  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, Record<string, unknown>>> };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const fastifyPath = path.replace(/\{([^}]+)\}/g, ':$1');
      return { key: `${method.toUpperCase()} ${fastifyPath}`, method: method.toUpperCase(), path: fastifyPath, access: op['x-permission'] as DeclaredAccess | undefined };
    }),
  );
}, 60_000);

afterAll(async () => {
  await realtime?.close();
  await app?.close();
  await t?.close();
});

async function login(role: Role): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `matrix.${role}@test.local`, password: PASSWORD } });
  const token = (res.json() as { token?: string }).token;
  if (res.statusCode !== 200 || !token) throw new Error(`login as ${role}: ${res.statusCode} ${res.body}`);
  return token;
}

function sampleOf(op: Operation): RouteSample | undefined {
  const s = ROUTE_SAMPLES[op.key];
  return typeof s === 'function' ? s(fixture) : s;
}

async function call(op: Operation, caller: Caller | 'ingest-key') {
  const sample = sampleOf(op)!;
  let path = op.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = sample.params?.[name];
    if (v === undefined) throw new Error(`${op.key}: its sample in server/http/authorization-samples.ts has no value for :${name}`);
    return encodeURIComponent(v);
  });
  if (sample.query) path += `?${new URLSearchParams(sample.query).toString()}`;
  const token = caller === 'none' ? null : caller === 'ingest-key' ? TEST_INGEST_KEY : sample.freshSession ? await login(caller) : tokens.get(caller)!;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let payload: string | undefined;
  if (sample.body !== undefined) {
    payload = typeof sample.body === 'string' ? sample.body : JSON.stringify(sample.body);
    headers['content-type'] = sample.contentType ?? 'application/json';
  }
  return app.inject({ method: op.method as 'GET', url: path, headers, ...(payload !== undefined ? { payload } : {}) });
}

type Expected = 'unauthenticated' | 'forbidden' | 'allowed' | 'public';

function expected(access: DeclaredAccess, caller: Caller): Expected {
  if (access === 'public') return 'public';
  // A session token is neither the ingest key nor a signature.
  if (access === 'ingest-key' || access === 'signature') return 'unauthenticated';
  if (caller === 'none') return 'unauthenticated';
  if (access === 'self') return 'allowed';
  return roleCan(caller, access) ? 'allowed' : 'forbidden';
}

/** Why the answer is outside what `want` allows, or null. */
function violation(want: Expected, res: { statusCode: number; body: string; json(): unknown }, access: DeclaredAccess): string | null {
  const s = res.statusCode;
  if (s >= 500) return `answered ${s}: ${res.body.slice(0, 200)}`;
  if (want === 'unauthenticated') return s === 401 ? null : `expected 401, got ${s}`;
  if (want === 'forbidden') {
    if (s !== 403) return `expected 403 (no ${access}), got ${s}`;
    const body = res.json() as Record<string, unknown>;
    const parsed = ApiErrorSchema.safeParse(body);
    if (!parsed.success || Object.keys(body).join() !== 'error' || parsed.data.error.code !== 'forbidden') return `403 body is not only the error shape: ${res.body.slice(0, 200)}`;
    if (!parsed.data.error.message.includes(access)) return `403 does not name the permission ${access}: ${parsed.data.error.message}`;
    return null;
  }
  if (want === 'public') return s === 403 ? `public route answered 403` : null;
  return s === 401 || s === 403 ? `expected neither 401 nor 403 (role holds ${access}), got ${s}: ${res.body.slice(0, 200)}` : null;
}

const DECLARABLE = new Set<string>([...PERMISSIONS, 'self', ...EDGE_CREDENTIALS]);

describe(`authorization matrix (${process.env['DATABASE_URL'] ? 'postgres' : 'sqlite'})`, () => {
  it('the OpenAPI document lists every route the app registers (the API docs UI aside)', () => {
    const documented = new Set(operations.map((o) => o.key));
    const missing = registered.filter((r) => !r.startsWith('HEAD ') && !r.includes(' /api/docs') && !documented.has(r));
    expect(missing, 'routes hidden from the OpenAPI document escape the matrix').toEqual([]);
    expect(operations.length).toBeGreaterThan(20);
  });

  it('every operation declares who may call it (x-permission: a permission, self, public, ingest-key or signature)', () => {
    const undeclared = operations.filter((o) => !o.access || !DECLARABLE.has(o.access)).map((o) => `${o.key} (x-permission: ${String(o.access)})`);
    expect(undeclared, 'declare access on these routes (route access or edgeAccess(), server/http/openapi.ts)').toEqual([]);
  });

  it('every operation has a sample request, and every sample a route', () => {
    const missing = operations.filter((o) => ROUTE_SAMPLES[o.key] === undefined).map((o) => o.key);
    expect(missing, 'add a sample for these routes to server/http/authorization-samples.ts (ROUTE_SAMPLES)').toEqual([]);
    const keys = new Set(operations.map((o) => o.key));
    const stale = Object.keys(ROUTE_SAMPLES).filter((k) => !keys.has(k));
    expect(stale, 'samples for routes that no longer exist').toEqual([]);
  });

  it.each(CALLERS)('as %s: every route answers inside its declared permission', async (caller) => {
    const wrong: string[] = [];
    for (const op of operations) {
      if (!op.access || !DECLARABLE.has(op.access) || !ROUTE_SAMPLES[op.key]) continue; // reported by the tests above
      const res = await call(op, caller);
      const why = violation(expected(op.access, caller), res, op.access);
      if (why) wrong.push(`${op.key} [${op.access}]: ${why}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('with the ingest key: ingest-key routes let it through; it is no session anywhere else', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      if (!op.access || !ROUTE_SAMPLES[op.key] || op.access === 'public') continue;
      const res = await call(op, 'ingest-key');
      if (res.statusCode >= 500) wrong.push(`${op.key}: ${res.statusCode}`);
      else if (op.access === 'ingest-key' ? res.statusCode === 401 || res.statusCode === 403 : res.statusCode !== 401) wrong.push(`${op.key} [${op.access}]: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('the matrix holds these decisions: associates cannot merge; only leads and admins read the audit', () => {
    expect(expected('customer.merge', 'associate')).toBe('forbidden');
    expect(expected('customer.merge', 'agent')).toBe('allowed');
    expect(expected('audit.read', 'agent')).toBe('forbidden');
    expect(expected('audit.read', 'lead')).toBe('allowed');
    const merge = operations.find((o) => o.key === 'POST /api/v1/customers/:id/merge');
    expect(merge?.access).toBe('customer.merge');
  });
});

describe('merge and undo over HTTP (the record decides "own")', () => {
  const as = (token: string, method: 'POST', url: string, payload: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  it('associates cannot merge; an agent undoes their own merge but not a colleague’s; a lead undoes anyone’s', async () => {
    await t.domain.auth.createUser({ email: 'matrix.agent2@test.local', name: 'Matrix agent 2', role: 'agent', password: PASSWORD });
    const login2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'matrix.agent2@test.local', password: PASSWORD } });
    const agent2 = (login2.json() as { token: string }).token;
    const customer = async () => (await t.domain.ingest.ingest(systemActor('test'), [makeEvent(uniqueWho('undo'))])).results[0]!.customerId!;
    const [a, b] = [await customer(), await customer()];

    const refused = await as(tokens.get('associate')!, 'POST', `/api/v1/customers/${a}/merge`, { otherId: b });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('customer.merge');

    const merge = async () => {
      const res = await as(tokens.get('agent')!, 'POST', `/api/v1/customers/${a}/merge`, { otherId: b });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { mergeId: string }).mergeId;
    };
    const first = await merge();
    const colleague = await as(agent2, 'POST', `/api/v1/merges/${first}/undo`, {});
    expect(colleague.statusCode).toBe(403);
    expect(ApiErrorSchema.parse(colleague.json()).error).toMatchObject({ code: 'forbidden', issues: [{ path: 'authorization' }] });
    expect(colleague.body).toContain('merge.undo.any');
    expect((await as(tokens.get('associate')!, 'POST', `/api/v1/merges/${first}/undo`, {})).statusCode).toBe(403);
    expect((await as(tokens.get('agent')!, 'POST', `/api/v1/merges/${first}/undo`, {})).statusCode).toBe(200);

    const second = await merge();
    expect((await as(tokens.get('lead')!, 'POST', `/api/v1/merges/${second}/undo`, {})).statusCode).toBe(200);
  });
});

describe('socket events in the matrix', () => {
  const open: ClientSocket[] = [];
  afterAll(() => {
    for (const s of open.splice(0)) s.close();
  });
  const socketAs = async (role: Role) => {
    const s = await connect(url, { token: tokens.get(role)! });
    open.push(s);
    return s;
  };
  const send = (s: ClientSocket, event: ClientEventName, payload: unknown) =>
    (s.timeout(5_000).emitWithAck as (ev: string, p: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>)(event, payload);

  it('no session: the handshake is refused before any event', async () => {
    await expect(connect(url, undefined)).rejects.toThrow('unauthorized');
  });

  it.each(ROLES)('as %s: every client event is refused exactly when the role lacks its permission', async (role) => {
    const s = await socketAs(role);
    const wrong: string[] = [];
    for (const event of Object.keys(CLIENT_EVENTS) as ClientEventName[]) {
      const permission = SOCKET_EVENT_PERMISSIONS[event];
      const ack = await send(s, event, SOCKET_SAMPLES[event](fixture));
      const refused = ack.ok === false && (ack.error ? ack.error.code === 'forbidden' : true);
      const allowed = permission === 'self' || roleCan(role, permission);
      if (allowed && ack.error?.code === 'forbidden') wrong.push(`${event}: refused though ${role} holds ${permission}`);
      if (!allowed && !refused) wrong.push(`${event}: answered ${JSON.stringify(ack)} though ${role} lacks ${permission}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a role without an event’s permission gets a forbidden ack naming it, and is not joined', async () => {
    const table = SOCKET_EVENT_PERMISSIONS as Record<ClientEventName, Permission | 'self'>;
    const before = table['customer:watch'];
    table['customer:watch'] = 'audit.read';
    try {
      const agent = await socketAs('agent');
      const ack = await send(agent, 'customer:watch', { customerId: fixture.customerId });
      expect(ack).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('audit.read') as string } });
      const watching = async (client: ClientSocket) => {
        const server = (await realtime.io.fetchSockets()).find((s) => s.id === client.id);
        expect(server, 'the socket on the hub').toBeDefined();
        return [...server!.rooms].filter(isCustomerRoom);
      };
      expect(await watching(agent)).toEqual([]);
      const lead = await socketAs('lead');
      expect((await send(lead, 'customer:watch', { customerId: fixture.customerId })).ok).toBe(true);
      expect(await watching(lead)).toHaveLength(1);
    } finally {
      table['customer:watch'] = before;
    }
  });
});
