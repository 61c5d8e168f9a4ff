import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  CustomerProfileSchema,
  CustomerSearchResponseSchema,
  IngestResponseSchema,
  LoginResponseSchema,
  MAX_BATCH,
  TimelinePageSchema,
  type ApiError,
  type IngestEvent,
} from '../../shared/index.js';
import { buildApp } from './app.js';
import { CONSOLE_CSP } from './security.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from './test-support.js';

let t: TestDomain;
let app: FastifyInstance;
let session: string;

const BODY_LIMIT = 1024 * 1024;

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: BODY_LIMIT, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN });
  session = LoginResponseSchema.parse(res.json()).token;
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const ingestHeaders = () => ({ authorization: `Bearer ${TEST_INGEST_KEY}` });
const userHeaders = () => ({ authorization: `Bearer ${session}` });
const post = (payload: unknown, headers: Record<string, string> = ingestHeaders()) =>
  app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: payload as InjectOptions['payload'] });
const get = (url: string, headers: Record<string, string> = userHeaders()) => app.inject({ method: 'GET', url, headers });

/** Parses the shared error shape and returns it, asserting the status. */
function expectError(res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }, status: number, code: ApiError['error']['code'], path?: string): ApiError {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = ApiErrorSchema.parse(res.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (path !== undefined) expect(body.error.issues.map((i) => i.path)).toContain(path);
  return body;
}

async function ingestOk(events: IngestEvent[]) {
  const res = await post({ events });
  expect(res.statusCode, res.body).toBe(202);
  return IngestResponseSchema.parse(res.json()).results;
}

const search = async (q: string) => CustomerSearchResponseSchema.parse((await get(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=10`)).json()).customers;

describe('GET /healthz', () => {
  it('answers ok without auth', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});

describe('POST /api/v1/auth/login', () => {
  it('returns a token and the user for good credentials', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN });
    expect(res.statusCode).toBe(200);
    const body = LoginResponseSchema.parse(res.json());
    expect(body.user).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
    expect(body.token.length).toBeGreaterThan(10);
  });

  it('401 unauthorized for a wrong password and for an unknown email', async () => {
    expectError(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { ...TEST_ADMIN, password: 'wrong-password' } }), 401, 'unauthorized');
    expectError(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@test.local', password: 'x' } }), 401, 'unauthorized');
  });

  it('400 naming the missing field', async () => {
    expectError(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: TEST_ADMIN.email } }), 400, 'invalid_request', 'password');
    expectError(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { password: 'x' } }), 400, 'invalid_request', 'email');
  });
});

describe('console routes need a session', () => {
  it.each(['/api/v1/customers', '/api/v1/customers/abc', '/api/v1/customers/abc/timeline'])('%s without a token -> 401', async (url) => {
    expectError(await app.inject({ method: 'GET', url }), 401, 'unauthorized', 'authorization');
    expectError(await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer not-a-session' } }), 401, 'unauthorized', 'authorization');
    // The ingest key is not a session.
    expectError(await app.inject({ method: 'GET', url, headers: ingestHeaders() }), 401, 'unauthorized');
  });
});

describe('POST /api/v1/events', () => {
  it('ingests one event and a batch (202), visible through search, profile and timeline', async () => {
    const who = uniqueWho('ingest');
    const [single] = (await (async () => {
      const res = await post(makeEvent(who, { channel: 'phone', type: 'call.completed' }));
      expect(res.statusCode, res.body).toBe(202);
      return IngestResponseSchema.parse(res.json()).results;
    })())!;
    expect(single!.status).toBe('created');
    const batch = await ingestOk([makeEvent(who), makeEvent(who, { channel: 'sms', type: 'sms.received' })]);
    expect(batch.map((r) => r.status)).toEqual(['created', 'created']);
    expect(new Set([single!.customerId, ...batch.map((r) => r.customerId)]).size).toBe(1);

    const found = await search(who.email);
    expect(found.map((c) => c.id)).toEqual([single!.customerId]);
    const profile = CustomerProfileSchema.parse((await get(`/api/v1/customers/${single!.customerId}`)).json());
    expect(profile.stats.eventCount).toBe(3);
    const page = TimelinePageSchema.parse((await get(`/api/v1/customers/${single!.customerId}/timeline?limit=2`)).json());
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const rest = TimelinePageSchema.parse((await get(`/api/v1/customers/${single!.customerId}/timeline?limit=2&before=${page.nextCursor}`)).json());
    expect(rest.items).toHaveLength(1);
    expect(new Set([...page.items, ...rest.items].map((i) => i.id)).size).toBe(3);
    const sms = TimelinePageSchema.parse((await get(`/api/v1/customers/${single!.customerId}/timeline?channel=sms,phone`)).json());
    expect(sms.items.map((i) => i.channel).sort()).toEqual(['phone', 'sms']);
  });

  it('a repeated (source, sourceEventId) is a duplicate with the same eventId, never a second row', async () => {
    const who = uniqueWho('dup');
    const event = makeEvent(who);
    const [first] = await ingestOk([event]);
    const [again] = await ingestOk([event]);
    expect(first!.status).toBe('created');
    expect(again).toEqual({ ...first, status: 'duplicate' });
    const page = TimelinePageSchema.parse((await get(`/api/v1/customers/${first!.customerId}/timeline`)).json());
    expect(page.items).toHaveLength(1);
  });

  it('a batch is all-or-nothing: an invalid event 5 -> 400 naming it and nothing written', async () => {
    const who = uniqueWho('atomic');
    const events = Array.from({ length: 8 }, (_, i) => makeEvent(who, i === 5 ? { occurredAt: 'yesterday' } : {}));
    expectError(await post({ events }), 400, 'invalid_request', 'events[5].occurredAt');
    expect(await search(who.email)).toEqual([]);
  });

  it('identifiers the domain cannot normalize -> 400 naming them; the batch writes nothing', async () => {
    expectError(await post(makeEvent({}, { customer: { email: 'not-an-email' } })), 400, 'invalid_request', 'customer.email');
    const who = uniqueWho('atomic-domain');
    const events = Array.from({ length: 8 }, (_, i) => makeEvent(who, i === 5 ? { customer: { email: who.email, phone: 'call me maybe' } } : {}));
    expectError(await post({ events }), 400, 'invalid_request', 'events[5].customer.phone');
    expect(await search(who.email)).toEqual([]);
  });

  it(`rejects a batch of more than ${MAX_BATCH} events, naming events`, async () => {
    const who = uniqueWho('max');
    const events = Array.from({ length: MAX_BATCH + 1 }, () => makeEvent(who, { data: {}, summary: 'x' }));
    expectError(await post({ events }), 400, 'invalid_request', 'events');
  });

  describe('bad input: a clear 4xx naming the field, never a 500', () => {
    it('malformed JSON -> 400 invalid_json', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...ingestHeaders(), 'content-type': 'application/json' }, payload: '{"source": "x",' });
      expectError(res, 400, 'invalid_json', '(body)');
    });

    it('empty JSON body -> 400 invalid_json', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...ingestHeaders(), 'content-type': 'application/json' }, payload: '' });
      expectError(res, 400, 'invalid_json');
    });

    it('prototype pollution attempt -> 400 invalid_json', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...ingestHeaders(), 'content-type': 'application/json' }, payload: '{"__proto__":{"admin":true}}' });
      expectError(res, 400, 'invalid_json');
    });

    it('not JSON at all (text/plain) -> 415', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...ingestHeaders(), 'content-type': 'text/plain' }, payload: 'hello' });
      expectError(res, 415, 'unsupported_media_type');
    });

    it('a JSON array or scalar body -> 400 naming (body)', async () => {
      expectError(await post([makeEvent(uniqueWho())]), 400, 'invalid_request', '(body)');
      expectError(await app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...ingestHeaders(), 'content-type': 'application/json' }, payload: '42' }), 400, 'invalid_request', '(body)');
    });

    it('unknown channel -> 400 naming channel (single) / events[i].channel (batch)', async () => {
      expectError(await post(makeEvent(uniqueWho(), { channel: 'fax' as never })), 400, 'invalid_request', 'channel');
      const who = uniqueWho();
      expectError(await post({ events: [makeEvent(who), makeEvent(who, { channel: 'pigeon' as never })] }), 400, 'invalid_request', 'events[1].channel');
    });

    it.each(['2024-13-45T00:00:00Z', '2024-05-01T10:00:00', '2024-05-01', 'tomorrow', ''])('bad date %j -> 400 naming occurredAt', async (occurredAt) => {
      expectError(await post(makeEvent(uniqueWho(), { occurredAt })), 400, 'invalid_request', 'occurredAt');
    });

    it('no identifier -> 400 naming customer', async () => {
      expectError(await post(makeEvent({}, { customer: { name: 'Nobody' } })), 400, 'invalid_request', 'customer');
      expectError(await post({ events: [makeEvent({}, { customer: {} })] }), 400, 'invalid_request', 'events[0].customer');
    });

    it('missing and unknown fields are named', async () => {
      const { source: _source, ...noSource } = makeEvent(uniqueWho());
      expectError(await post(noSource), 400, 'invalid_request', 'source');
      expectError(await post({ ...makeEvent(uniqueWho()), extra: 1 }), 400, 'invalid_request');
    });

    it('oversized body -> 413 payload_too_large (and nothing written)', async () => {
      const who = uniqueWho('big');
      const big = makeEvent(who, { data: { blob: 'x'.repeat(BODY_LIMIT + 1) } });
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...ingestHeaders(), 'content-type': 'application/json' }, payload: JSON.stringify(big) });
      expectError(res, 413, 'payload_too_large');
      expect(await search(who.email)).toEqual([]);
    });

    it('missing or wrong ingest key -> 401 (checked before the body), a session token is not an ingest key', async () => {
      const event = makeEvent(uniqueWho());
      expectError(await post(event, {}), 401, 'unauthorized', 'authorization');
      expectError(await post(event, { authorization: 'Bearer wrong-key-wrong-key-wrong' }), 401, 'unauthorized', 'authorization');
      expectError(await post(event, { authorization: TEST_INGEST_KEY }), 401, 'unauthorized', 'authorization');
      expectError(await post(event, userHeaders()), 401, 'unauthorized');
      // Auth runs in onRequest: an unauthenticated oversized body is refused as 401, not parsed.
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ blob: 'x'.repeat(BODY_LIMIT + 1) }) });
      expectError(res, 401, 'unauthorized');
    });
  });
});

describe('GET /api/v1/customers', () => {
  it('bad limit -> 400 naming limit', async () => {
    for (const limit of ['0', '101', 'abc', '1.5']) expectError(await get(`/api/v1/customers?limit=${limit}`), 400, 'invalid_request', 'limit');
  });

  it('a repeated q is rejected naming q', async () => {
    expectError(await get('/api/v1/customers?q=a&q=b'), 400, 'invalid_request', 'q');
  });

  it('empty q lists customers', async () => {
    await ingestOk([makeEvent(uniqueWho('list'))]);
    expect((await search('')).length).toBeGreaterThan(0);
  });
});

describe('GET /api/v1/customers/:id and /timeline', () => {
  it('unknown customer id -> 404 not_found naming id', async () => {
    expectError(await get('/api/v1/customers/no-such-customer'), 404, 'not_found', 'id');
    expectError(await get('/api/v1/customers/no-such-customer/timeline'), 404, 'not_found', 'id');
  });

  it('bad cursor -> 400 naming before', async () => {
    const [r] = await ingestOk([makeEvent(uniqueWho('cursor'))]);
    for (const before of ['garbage!', 'bm90LWEtY3Vyc29y', '%00']) {
      expectError(await get(`/api/v1/customers/${r!.customerId}/timeline?before=${before}`), 400, 'invalid_request', 'before');
    }
  });

  it('unknown channel -> 400 naming channel; bad limit -> 400 naming limit', async () => {
    const [r] = await ingestOk([makeEvent(uniqueWho('chan'))]);
    expectError(await get(`/api/v1/customers/${r!.customerId}/timeline?channel=email,fax`), 400, 'invalid_request', 'channel');
    for (const limit of ['0', '501', 'many']) expectError(await get(`/api/v1/customers/${r!.customerId}/timeline?limit=${limit}`), 400, 'invalid_request', 'limit');
  });

  it('a merged-away id answers with the survivor profile and timeline', async () => {
    const a = uniqueWho('merge-a');
    const b = uniqueWho('merge-b');
    const [ra] = await ingestOk([makeEvent({ email: a.email })]);
    const [rb] = await ingestOk([makeEvent({ loyaltyId: b.loyaltyId })]);
    expect(ra!.customerId).not.toBe(rb!.customerId);
    // One event carrying both identifiers bridges the two customers.
    const [bridge] = await ingestOk([makeEvent({ email: a.email, loyaltyId: b.loyaltyId })]);
    const survivor = bridge!.customerId;
    const mergedAway = survivor === ra!.customerId ? rb!.customerId : ra!.customerId;

    const res = await get(`/api/v1/customers/${mergedAway}`);
    expect(res.statusCode, res.body).toBe(200);
    const profile = CustomerProfileSchema.parse(res.json());
    expect(profile.id).toBe(survivor);
    expect(profile.requestedId).toBe(mergedAway);
    expect(profile.merges.map((m) => m.fromId)).toContain(mergedAway);
    // The history names both sides (the merged-away customer keeps its name), never only ids.
    expect(profile.merges.every((m) => typeof m.fromName === 'string' && typeof m.intoName === 'string')).toBe(true);
    const page = TimelinePageSchema.parse((await get(`/api/v1/customers/${mergedAway}/timeline`)).json());
    expect(page.items).toHaveLength(3);
  });
});

describe('errors, headers, docs', () => {
  it('unknown API route -> 404 in the shared error shape, for any method', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/v1/nope' }), 404, 'not_found');
    expectError(await app.inject({ method: 'DELETE', url: '/api/v1/customers' }), 404, 'not_found');
  });

  it('security headers on JSON, errors and HTML', async () => {
    for (const res of [await app.inject({ method: 'GET', url: '/healthz' }), await app.inject({ method: 'GET', url: '/api/v1/nope' }), await app.inject({ method: 'GET', url: '/' })]) {
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('sends no CORS headers: only same-origin browsers can read responses', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('without a built renderer, GET / says to run npm run build', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('npm run build');
  });

  it('/api/docs/json is an OpenAPI 3 document listing every route; /api/docs serves the UI', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; info: { title: string }; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/api/v1/auth/login', '/api/v1/events', '/api/v1/customers', '/api/v1/customers/{id}', '/api/v1/customers/{id}/timeline']),
    );
    expect(Object.keys(doc.paths['/api/v1/events']!.post!.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '413']));
    expect(Object.keys(doc.paths['/api/v1/customers/{id}']!.get!.responses)).toEqual(expect.arrayContaining(['200', '404']));
    // Every operation documents responses; every $ref (if any) points inside the document.
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"(?!#)/);
    const ui = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });
});

describe('serving the built renderer', () => {
  let dir: string;
  let web: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'omni-renderer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Omni Console</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    web = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: BODY_LIMIT, rendererDir: dir, corsOrigins: [] } });
    await web.ready();
  });
  afterAll(async () => {
    await web?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /, assets, and falls back to index.html for client routes (not for /api)', async () => {
    const root = await web.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('Omni Console');
    expect(root.headers['content-security-policy']).toBe(CONSOLE_CSP);
    const asset = await web.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const spa = await web.inject({ method: 'GET', url: '/customers/123' });
    expect(spa.statusCode).toBe(200);
    expect(spa.body).toContain('id="root"');
    // A browser opening a path-style link lands on the hash route, relative to wherever the hub is mounted.
    const html = { accept: 'text/html,application/xhtml+xml' };
    const link = await web.inject({ method: 'GET', url: '/customers/cus_1?channels=email', headers: html });
    expect(link.statusCode).toBe(302);
    expect(link.headers['location']).toBe('../#/customers/cus_1?channels=email');
    expect((await web.inject({ method: 'GET', url: '/inbox', headers: html })).headers['location']).toBe('./#/inbox');
    expect((await web.inject({ method: 'GET', url: '/conversations/cv_2/', headers: html })).headers['location']).toBe('../#/conversations/cv_2');
    expect((await web.inject({ method: 'GET', url: '/admin/users', headers: html })).headers['location']).toBe('../#/admin/users');
    expect((await web.inject({ method: 'GET', url: '/', headers: html })).statusCode).toBe(200);
    expect((await web.inject({ method: 'GET', url: '/api/v1/nothing', headers: html })).statusCode).toBe(404);
    expectError(await web.inject({ method: 'GET', url: '/api/v1/nothing' }), 404, 'not_found');
    expectError(await web.inject({ method: 'GET', url: '/assets/missing.js' }), 404, 'not_found');
    expect((await web.inject({ method: 'GET', url: '/../../etc/passwd' })).body).not.toContain('root:');
  });
});
