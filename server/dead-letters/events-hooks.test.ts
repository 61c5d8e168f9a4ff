import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterListSchema, ReplayResponseSchema } from '../../shared/index.js';
import { connectorApp, type ConnectorTestApp } from '../connectors/test/fixtures.js';
import { TEST_INGEST_KEY } from '../http/test-support.js';

let h: ConnectorTestApp;
beforeAll(async () => {
  h = await connectorApp();
});
afterAll(async () => {
  await h?.close();
});

const admin = () => ({ authorization: `Bearer ${h.adminToken}` });
const postEvent = (payload: unknown, authorization = `Bearer ${TEST_INGEST_KEY}`) =>
  h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

describe('dead letters for POST /api/v1/events', () => {
  it('keeps an invalid payload while answering the same 400; unauthenticated requests are not kept', async () => {
    const bad = { source: 'crm', sourceEventId: 'x1', channel: 'fax', type: 'note', occurredAt: '2024-05-01T10:00:00Z', customer: { email: 'a@example.com' } };
    const res = await postEvent(bad);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_request', issues: [{ path: 'channel' }] } });
    expect((await postEvent(bad, 'Bearer wrong')).statusCode).toBe(401);

    const list = DeadLetterListSchema.parse((await h.app.inject({ method: 'GET', url: '/api/v1/dead-letters?connector=events', headers: admin() })).json()).deadLetters;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ connector: 'events', httpStatus: 400, status: 'open' });
    expect(list[0]!.reason).toContain('channel');
    expect(list[0]!.headers['authorization']).toBe('[redacted]');
    expect(JSON.parse(Buffer.from(list[0]!.bodyBase64, 'base64').toString())).toEqual(bad);

    // Replay through the same validation: still invalid, attempt counted, stays open.
    const replay = ReplayResponseSchema.parse((await h.app.inject({ method: 'POST', url: `/api/v1/dead-letters/${list[0]!.id}/replay`, headers: admin() })).json());
    expect(replay).toMatchObject({ ok: false, deadLetter: { status: 'open', attempts: 1 } });
    expect(replay.error).toMatch(/channel/);
  });

  it('is admin-only: agents get 403, no token 401', async () => {
    await h.t.domain.auth.createUser({ email: 'agent@test.local', name: 'Agent', role: 'agent', password: 'agent-password-1' });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent@test.local', password: 'agent-password-1' } });
    const token = (login.json() as { token: string }).token;
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/dead-letters', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/connectors', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/dead-letters' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/dead-letters?limit=0', headers: admin() })).json()).toMatchObject({ error: { issues: [{ path: 'limit' }] } });
  });

  it('counts good deliveries for the status page', async () => {
    const ok = await postEvent({ source: 'crm', sourceEventId: 'ok1', channel: 'note', type: 'note', occurredAt: '2024-05-01T10:00:00Z', customer: { email: 'b@example.com' } });
    expect(ok.statusCode).toBe(202);
    const status = (await h.app.inject({ method: 'GET', url: '/api/v1/connectors', headers: admin() })).json() as { connectors: { connector: string; okCount: number; errorCount: number }[] };
    // One error for the invalid delivery, one for its failed replay.
    expect(status.connectors.find((c) => c.connector === 'events')).toMatchObject({ okCount: 1, errorCount: 2 });
    // Every connector is listed, even before its first delivery.
    expect(status.connectors.map((c) => c.connector).sort()).toEqual(['chat', 'email', 'events', 'pos', 'sendgrid', 'shopify', 'twilio-messaging', 'twilio-voice']);
  });

  it('keeps the exact bytes of a body that is not even JSON', async () => {
    const text = '{"source":"crm", "sourceEventId": oops}';
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, payload: text });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const list = DeadLetterListSchema.parse((await h.app.inject({ method: 'GET', url: '/api/v1/dead-letters?connector=events', headers: admin() })).json()).deadLetters;
    const kept = list.find((d) => d.httpStatus === 400 && d.reason.includes('JSON'));
    expect(kept).toBeDefined();
    expect(Buffer.from(kept!.bodyBase64, 'base64').toString()).toBe(text);
  });
});
