import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  AuditResponseSchema,
  CustomerProfileSchema,
  DuplicatesResponseSchema,
  IngestResponseSchema,
  LoginResponseSchema,
  MergeResponseSchema,
  UndoMergeResponseSchema,
  type ApiError,
  type IngestEvent,
} from '../../../shared/index.js';
import { buildApp } from '../app.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from '../test-support.js';

let t: TestDomain;
let app: FastifyInstance;
let session: string;

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN });
  session = LoginResponseSchema.parse(res.json()).token;
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const auth = () => ({ authorization: `Bearer ${session}` });
const get = (url: string) => app.inject({ method: 'GET', url, headers: auth() });
const postJson = (url: string, payload?: unknown) =>
  app.inject({ method: 'POST', url, headers: auth(), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

async function ingest(events: IngestEvent[]) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events } });
  expect(res.statusCode, res.body).toBe(202);
  return IngestResponseSchema.parse(res.json()).results;
}

function expectError(res: { statusCode: number; json(): unknown }, status: number, code: ApiError['error']['code'], path: string): ApiError {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  const body = ApiErrorSchema.parse(res.json());
  expect(body.error.code).toBe(code);
  expect(body.error.issues.map((i) => i.path)).toContain(path);
  return body;
}

async function twoCustomers() {
  const a = uniqueWho('a');
  const b = uniqueWho('b');
  const [ra] = await ingest([makeEvent(a)]);
  const [rb] = await ingest([makeEvent(b)]);
  return { a: ra!.customerId, b: rb!.customerId };
}

describe('GET /api/v1/customers/:id/duplicates', () => {
  it('suggests a probable duplicate with per-field evidence (nickname, same dob and address)', async () => {
    const data = { dateOfBirth: '1984-03-07', address: { line1: '12 Harbour Street', city: 'Bondi', postcode: '2026', state: 'nsw' } };
    const [r] = await ingest([makeEvent({ email: 'robert.quill@example.com', name: 'Robert Quillfeather' }, { data })]);
    const [b] = await ingest([makeEvent({ email: 'robert.quill@other.net', name: 'Bob Quillfeather' }, { data })]);
    await ingest([makeEvent({ email: 'zed@example.org', name: 'Zed Unrelated' }, { data: { dateOfBirth: '1950-01-01' } })]);
    const res = await get(`/api/v1/customers/${r!.customerId}/duplicates`);
    expect(res.statusCode, res.body).toBe(200);
    const { suggestions } = DuplicatesResponseSchema.parse(res.json());
    expect(suggestions.map((s) => s.customerId)).toEqual([b!.customerId]);
    const ev = Object.fromEntries(suggestions[0]!.evidence.map((e) => [e.field, e]));
    expect(ev['givenName']).toMatchObject({ ours: 'robert', theirs: 'bob', agreement: 'partial' });
    expect(ev['surname']).toMatchObject({ agreement: 'agree' });
    expect(ev['dob']).toMatchObject({ ours: '19840307', agreement: 'agree' });
    expect(ev['email']).toMatchObject({ agreement: 'partial' });
    expect(suggestions[0]!.score).toBeGreaterThan(0.5);

    // Once merged, the pair is no longer suggested (the index follows merges); after undo it is again.
    const merged = MergeResponseSchema.parse((await postJson(`/api/v1/customers/${r!.customerId}/merge`, { otherId: b!.customerId })).json());
    expect(DuplicatesResponseSchema.parse((await get(`/api/v1/customers/${r!.customerId}/duplicates`)).json()).suggestions).toEqual([]);
    expect((await postJson(`/api/v1/merges/${merged.mergeId}/undo`, {})).statusCode).toBe(200);
    expect(DuplicatesResponseSchema.parse((await get(`/api/v1/customers/${r!.customerId}/duplicates`)).json()).suggestions.map((s) => s.customerId)).toEqual([b!.customerId]);
  });

  it('400 on a bad limit, 404 on an unknown customer, 401 without a session', async () => {
    const { a } = await twoCustomers();
    expectError(await get(`/api/v1/customers/${a}/duplicates?limit=0`), 400, 'invalid_request', 'limit');
    expectError(await get('/api/v1/customers/cus_nope/duplicates'), 404, 'not_found', 'id');
    expect((await app.inject({ method: 'GET', url: `/api/v1/customers/${a}/duplicates` })).statusCode).toBe(401);
  });
});

describe('merge and undo over HTTP', () => {
  it('merges (older survives, actor is the user), shows it on the profile, and undoes it', async () => {
    const { a, b } = await twoCustomers();
    const res = await postJson(`/api/v1/customers/${b}/merge`, { otherId: a, reason: 'same caller' });
    expect(res.statusCode, res.body).toBe(200);
    const m = MergeResponseSchema.parse(res.json());
    expect(m).toMatchObject({ intoId: a, fromId: b });
    const profile = CustomerProfileSchema.parse((await get(`/api/v1/customers/${b}`)).json());
    expect(profile.id).toBe(a);
    expect(profile.merges[0]).toMatchObject({ id: m.mergeId, actor: TEST_ADMIN.email, reason: 'same caller', undoneAt: null });

    const undo = await postJson(`/api/v1/merges/${m.mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(UndoMergeResponseSchema.parse(undo.json())).toMatchObject({ mergeId: m.mergeId, restoredId: b, fromId: a });
    expect(CustomerProfileSchema.parse((await get(`/api/v1/customers/${b}`)).json()).id).toBe(b);
    expectError(await postJson(`/api/v1/merges/${m.mergeId}/undo`, {}), 409, 'conflict', 'mergeId');

    const audit = AuditResponseSchema.parse((await get(`/api/v1/customers/${b}/audit`)).json()).entries;
    expect(audit.map((e) => [e.action, e.actor, e.mergeId, e.reason])).toEqual([
      ['undo', TEST_ADMIN.email, m.mergeId, null],
      ['merge', TEST_ADMIN.email, m.mergeId, 'same caller'],
    ]);
  });

  it('names the field on bad input and never half-merges', async () => {
    const { a, b } = await twoCustomers();
    expectError(await postJson(`/api/v1/customers/${a}/merge`, {}), 400, 'invalid_request', 'otherId');
    expectError(await postJson(`/api/v1/customers/${a}/merge`, { otherId: 42 }), 400, 'invalid_request', 'otherId');
    expectError(await postJson(`/api/v1/customers/${a}/merge`, { otherId: a }), 400, 'invalid_request', 'otherId');
    expectError(await postJson(`/api/v1/customers/${a}/merge`, { otherId: 'cus_nope' }), 404, 'not_found', 'otherId');
    expectError(await postJson(`/api/v1/customers/cus_nope/merge`, { otherId: a }), 404, 'not_found', 'id');
    expectError(await postJson(`/api/v1/customers/${a}/merge`, { otherId: b, reason: 'x'.repeat(501) }), 400, 'invalid_request', 'reason');
    expectError(await postJson('/api/v1/merges/mrg_nope/undo', {}), 404, 'not_found', 'mergeId');
    expect(CustomerProfileSchema.parse((await get(`/api/v1/customers/${b}`)).json()).id).toBe(b);

    await postJson(`/api/v1/customers/${a}/merge`, { otherId: b });
    const gone = expectError(await postJson(`/api/v1/customers/${b}/merge`, { otherId: a }), 409, 'conflict', 'id');
    expect(gone.error.message).toContain(a);
    expect((await app.inject({ method: 'POST', url: `/api/v1/customers/${a}/merge`, payload: { otherId: b } })).statusCode).toBe(401);
  });
});
