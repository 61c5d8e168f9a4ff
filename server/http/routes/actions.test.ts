import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionExecuteResponseSchema,
  ActionFeedbackResponseSchema,
  ActionListResponseSchema,
  ApiErrorSchema,
  LoginResponseSchema,
  TimelinePageSchema,
  type IngestEvent,
} from '../../../shared/index.js';
import { startHub, type RunningHub } from '../../hub.js';
import { connect, ingest as ingestOver, login, record, waitFor, watch } from '../../realtime/test-client.js';
import { buildApp } from '../app.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testStore, testConfig, testDomain, uniqueWho, type TestDomain } from '../test-support.js';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const HOUR = 3_600_000;

describe('actions routes (real Fastify, real SQLite)', () => {
  let t: TestDomain;
  let app: FastifyInstance;
  let admin: string;
  let associate: string;

  beforeAll(async () => {
    t = await testDomain();
    app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
    await app.ready();
    await t.domain.auth.createUser({ email: 'assoc@test.local', name: 'Sam Store', role: 'associate', password: 'assoc-password-1' });
    const log = async (payload: object) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload })).json()).token;
    admin = await log(TEST_ADMIN);
    associate = await log({ email: 'assoc@test.local', password: 'assoc-password-1' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const req = (method: 'GET' | 'POST', url: string, token = admin, payload?: unknown) =>
    app.inject({ method, url, headers: as(token), ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}) });
  async function seed(events: (who: ReturnType<typeof uniqueWho>) => IngestEvent[]) {
    const who = uniqueWho('act');
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events: events(who) } });
    expect(res.statusCode, res.body).toBe(202);
    return (res.json() as { results: { customerId: string; eventId: string }[] }).results;
  }
  function expectError(res: { statusCode: number; json(): unknown }, status: number, path: string) {
    expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
    const body = ApiErrorSchema.parse(res.json());
    expect(body.error.issues.map((i) => i.path)).toContain(path);
    return body;
  }

  it('GET /customers/:id/actions returns ranked actions with reasons and what execute does', async () => {
    const [r1, r2] = await seed((who) => [
      makeEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(4 * HOUR), data: { direction: 'inbound', text: 'Can you help me?' } }),
      makeEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(HOUR / 4), data: { storeId: 'SF-UNION', storeName: 'Union Square' } }),
    ]);
    const res = await req('GET', `/api/v1/customers/${r1!.customerId}/actions`);
    expect(res.statusCode, res.body).toBe(200);
    const { actions } = ActionListResponseSchema.parse(res.json());
    expect(actions.map((a) => a.kind).sort()).toEqual(['hold_notifications', 'reply_now']);
    const hold = actions.find((a) => a.kind === 'hold_notifications')!;
    expect(hold.reasons[0]!.eventIds).toEqual([r2!.eventId]);
    expect(hold.execute).toEqual({ label: expect.any(String), creates: 'suppression' });
    expect(actions[0]!.score).toBeGreaterThanOrEqual(actions[1]!.score);
  });

  it('answers 401 without a session and 404 naming id for an unknown customer', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/customers/cus_x/actions' })).statusCode).toBe(401);
    expectError(await req('GET', '/api/v1/customers/cus_unknown/actions'), 404, 'id');
  });

  it('POST feedback validates the body and the id, naming the field', async () => {
    const [r] = await seed((who) => [makeEvent(who, { channel: 'sms', type: 'sms.received', occurredAt: ago(HOUR), data: { direction: 'inbound', body: 'hi' } })]);
    const { actions } = ActionListResponseSchema.parse((await req('GET', `/api/v1/customers/${r!.customerId}/actions`)).json());
    const id = actions[0]!.id;
    expectError(await req('POST', `/api/v1/actions/${id}/feedback`, admin, { outcome: 'maybe' }), 400, 'outcome');
    expectError(await req('POST', `/api/v1/actions/${id}/feedback`, admin, { outcome: 'accepted', reason: 'x'.repeat(501) }), 400, 'reason');
    expectError(await req('POST', `/api/v1/actions/${id}/feedback`, admin, { outcome: 'accepted', extra: 1 }), 400, '(body)');
    expectError(await req('POST', '/api/v1/actions/not-an-action/feedback', admin, { outcome: 'accepted' }), 400, 'id');
    expectError(await req('POST', '/api/v1/actions/act.reply_now.new.cus_gone.1/feedback', admin, { outcome: 'accepted' }), 404, 'id');
    const ok = await req('POST', `/api/v1/actions/${id}/feedback`, admin, { outcome: 'snoozed', reason: 'customer asked to wait' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ActionFeedbackResponseSchema.parse(ok.json())).toEqual({ ok: true, actionId: id, outcome: 'snoozed' });
    const after = ActionListResponseSchema.parse((await req('GET', `/api/v1/customers/${r!.customerId}/actions`)).json());
    expect(after.actions.map((a) => a.id)).not.toContain(id);
  });

  it('POST execute writes the timeline event (who did it), 403 for a role that may not, 200 duplicate on a repeat, 409 once it no longer applies', async () => {
    const [r] = await seed((who) => [
      makeEvent(who, { channel: 'purchase', type: 'return.requested', occurredAt: ago(30 * HOUR), data: { orderNumber: '#9' } }),
      makeEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(3 * HOUR), data: { direction: 'inbound', text: 'Still no refund. Terrible.' } }),
      makeEvent(who, { channel: 'email', type: 'email.sent', occurredAt: ago(2 * HOUR), data: { direction: 'outbound', text: 'Sorry!' } }),
      makeEvent(who, { channel: 'email', type: 'email.received', occurredAt: ago(HOUR), data: { direction: 'inbound', text: 'Awful, I am angry' } }),
      makeEvent(who, { channel: 'email', type: 'email.sent', occurredAt: ago(HOUR / 2), data: { direction: 'outbound', text: 'Looking into it' } }),
    ]);
    const { actions } = ActionListResponseSchema.parse((await req('GET', `/api/v1/customers/${r!.customerId}/actions`)).json());
    const credit = actions.find((a) => a.kind === 'goodwill_credit')!;
    expect(credit.execute.creates).toBe('credit');
    expectError(await req('POST', `/api/v1/actions/${credit.id}/execute`, associate), 403, 'id');
    const res = await req('POST', `/api/v1/actions/${credit.id}/execute`);
    expect(res.statusCode, res.body).toBe(201);
    const done = ActionExecuteResponseSchema.parse(res.json());
    const page = TimelinePageSchema.parse((await req('GET', `/api/v1/customers/${r!.customerId}/timeline?limit=3`)).json());
    const note = page.items.find((i) => i.id === done.eventId)!;
    expect(note).toMatchObject({ channel: 'note', type: 'action.credit', source: 'omni-console' });
    expect(note.data).toMatchObject({ actionKind: 'goodwill_credit', by: { email: TEST_ADMIN.email, role: 'admin' } });
    // docs/api.md: a repeat within the same minute answers 200 duplicate of the same event...
    const again = await req('POST', `/api/v1/actions/${credit.id}/execute`);
    expect(again.statusCode, again.body).toBe(200);
    expect(ActionExecuteResponseSchema.parse(again.json())).toEqual({ ...done, status: 'duplicate' });
    // ...and an action that no longer ranks and was not executed is a 409.
    expectError(await req('POST', `/api/v1/actions/${credit.id.replace(/\.[0-9a-z]+$/, '.zz9')}/execute`), 409, 'id');
    expectError(await req('POST', '/api/v1/actions/bogus/execute'), 400, 'id');
  });
});

describe('actions:updated over a real socket', () => {
  let hub: RunningHub;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    const dir = await testStore('actions');
    remove = dir.remove;
    hub = await startHub(testConfig(dir));
  });
  afterAll(async () => {
    await hub?.close();
    await remove?.();
  });

  it('tells watchers when new events change the list, and the executed action arrives as a timeline item', async () => {
    const who = uniqueWho('live');
    const [first] = await ingestOver(hub.url, [makeEvent(who, { channel: 'web', type: 'web.session', occurredAt: ago(HOUR), data: {} })]);
    const token = await login(hub.url);
    const headers = { authorization: `Bearer ${token}` };
    const customerId = first!.customerId;
    const list = async () => ActionListResponseSchema.parse(await (await fetch(`${hub.url}/api/v1/customers/${customerId}/actions`, { headers })).json()).actions;
    expect(await list()).toEqual([]);
    const socket = await connect(hub.url, { token });
    try {
      const updates = record(socket, 'actions:updated');
      const items = record(socket, 'timeline:item');
      expect(await watch(socket, { customerId })).toMatchObject({ ok: true });
      await ingestOver(hub.url, [makeEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(60_000), data: { storeId: 'SF-UNION', storeName: 'Union Square' } })]);
      await waitFor(() => updates.length > 0, 'actions:updated');
      expect(updates[0]!.customerId).toBe(customerId);
      expect(updates[0]!.actions.map((a) => a.kind)).toEqual(['hold_notifications']);

      const res = await fetch(`${hub.url}/api/v1/actions/${updates[0]!.actions[0]!.id}/execute`, { method: 'POST', headers });
      expect(res.status).toBe(201);
      const { eventId } = ActionExecuteResponseSchema.parse(await res.json());
      await waitFor(() => items.some((i) => i.item.id === eventId), 'the executed action as a timeline item');
      // Executing capped the hold: the list changed again.
      await waitFor(() => updates.length > 1, 'second actions:updated');
      expect(updates.at(-1)!.actions.map((a) => a.kind)).not.toContain('hold_notifications');
    } finally {
      socket.close();
    }
  });
});
