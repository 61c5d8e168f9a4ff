import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, CustomerProfileSchema, LoginResponseSchema, ValueFitResponseSchema, ValueReportSchema } from '../../../shared/index.js';
import { buildApp } from '../app.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from '../test-support.js';

const WEEK = 7 * 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('value routes (real Fastify, real SQLite)', () => {
  let t: TestDomain;
  let app: FastifyInstance;
  let admin: string;
  let agent: string;
  let customerId: string;

  beforeAll(async () => {
    t = await testDomain();
    app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
    await app.ready();
    await t.domain.auth.createUser({ email: 'agent@test.local', name: 'Alex Agent', role: 'agent', password: 'agent-password-1' });
    const log = async (payload: object) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload })).json()).token;
    admin = await log(TEST_ADMIN);
    agent = await log({ email: 'agent@test.local', password: 'agent-password-1' });
    const who = uniqueWho('value');
    const events = Array.from({ length: 6 }, (_, k) => makeEvent(who, { source: 'shopify', channel: 'purchase', type: 'order', occurredAt: ago((40 - k * 6) * WEEK), data: { orderNumber: `V-${k}`, total: 45 + k, currency: 'USD' } }));
    // A name that a spreadsheet would run as a formula.
    const lapsed = { ...uniqueWho('value'), name: '=HYPERLINK("x")' };
    for (const [k, weeks] of [52, 50, 48, 46].entries()) events.push(makeEvent(lapsed, { source: 'shopify', channel: 'purchase', type: 'order', occurredAt: ago(weeks * WEEK), data: { orderNumber: `F-${k}`, total: 500, currency: 'USD' } }));
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events } });
    expect(res.statusCode, res.body).toBe(202);
    customerId = (res.json() as { results: { customerId: string }[] }).results[0]!.customerId;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const get = (url: string, token = admin) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  function expectError(res: { statusCode: number; json(): unknown }, status: number, path: string) {
    expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
    expect(ApiErrorSchema.parse(res.json()).error.issues.map((i) => i.path)).toContain(path);
  }

  it('the profile has the value block (prior model until enough purchasing customers)', async () => {
    await (t.domain as unknown as { value: { idle(): Promise<void> } }).value.idle();
    const p = CustomerProfileSchema.parse((await get(`/api/v1/customers/${customerId}`)).json());
    expect(p.value!.purchases).toBe(6);
    expect(p.value!.model.source).toBe('prior');
    expect(p.value!.model.minCustomersToFit).toBe(500);
  });

  it('POST /value/fit refits and GET /value/report serves cohorts, channels and the at-risk list', async () => {
    const fit = await app.inject({ method: 'POST', url: '/api/v1/value/fit?rebuild=true', headers: { authorization: `Bearer ${admin}` } });
    expect(fit.statusCode, fit.body).toBe(200);
    expect(ValueFitResponseSchema.parse(fit.json()).scoredCustomers).toBe(2);
    const res = await get('/api/v1/value/report?months=24&atRiskLimit=5');
    expect(res.statusCode, res.body).toBe(200);
    const report = ValueReportSchema.parse(res.json());
    expect(report.purchasingCustomers).toBe(2);
    expect(report.channels).toEqual([expect.objectContaining({ channel: 'online', source: 'shopify', customers: 2 })]);
  });

  it('CSV export: one part per request, formula-looking cells defused', async () => {
    const res = await get('/api/v1/value/export.csv?part=cohorts');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body.split('\r\n')[0]).toMatch(/^first_purchase_month,customers,repeat_purchase_rate/);
    const channels = await get('/api/v1/value/export.csv?part=channels');
    expect(channels.body).toContain('online,shopify,2,');
    const atRisk = await get('/api/v1/value/export.csv?part=at-risk');
    expect(atRisk.body).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('bad input is a 400 naming the field; agents get 403', async () => {
    expectError(await get('/api/v1/value/export.csv?part=everything'), 400, 'part');
    expectError(await get('/api/v1/value/report?months=0'), 400, 'months');
    expectError(await get('/api/v1/value/report?atRiskLimit=abc'), 400, 'atRiskLimit');
    expectError(await app.inject({ method: 'POST', url: '/api/v1/value/fit?rebuild=yes', headers: { authorization: `Bearer ${admin}` } }), 400, 'rebuild');
    expectError(await get('/api/v1/value/report', agent), 403, 'authorization');
  });
});
