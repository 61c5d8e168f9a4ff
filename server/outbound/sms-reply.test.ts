import type { FastifyInstance } from 'fastify';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponseSchema, ReplyResultSchema, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { TEST_INGEST_KEY, testDomain, type TestDomain } from '../http/test-support.js';
import { until } from '../testing/wait.js';
import { outDb } from './tables.js';
import { TwilioStandIn } from './twilio-standin.js';

/*
 * SMS replies through a local server speaking the Twilio Messages API (Basic auth, form fields, JSON answers,
 * error codes) that posts SIGNED status callbacks back through the hub's real Twilio webhook: delivery states
 * with the provider's error code and text on the message; STOP / START consent, quiet hours and the frequency
 * cap refused before anything is written.
 */
const SID = 'AC00000000000000000000000000000001';
const TOKEN = 'twilio-test-token';
const FAIL_TO = '+14155550199';
const UNSUBSCRIBED_TO = '+14155550198';
const standIn = new TwilioStandIn({
  accountSid: SID,
  authToken: TOKEN,
  fate: (m) => (m.to === FAIL_TO ? [{ status: 'sent' }, { status: 'undelivered', errorCode: '30003' }] : [{ status: 'sent' }, { status: 'delivered' }]),
  refuse: (to) => (to === UNSUBSCRIBED_TO ? { httpStatus: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' } : null),
});
let t: TestDomain;
let app: FastifyInstance;
let agent: string;
const saved = { ...process.env };
let n = 0;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
const db = () => outDb((t.domain as SqlDomain).database.db);
const call = (method: 'GET' | 'POST', url: string, payload?: unknown) => app.inject({ method, url, headers: { authorization: `Bearer ${agent}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const fields = (res: { json(): unknown }) => (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
const message = async (id: string) => db().selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const outboxCount = async () => Number((await db().selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow()).c);

/** An inbound text from `phone` (through the events API): returns its conversation. */
async function inboundText(phone: string, body: string, data: Record<string, unknown> = {}): Promise<string> {
  const event: IngestEvent = { source: 'test-sms', sourceEventId: `in-${phone}-${n++}`, channel: 'sms', type: 'sms.received', occurredAt: new Date(Date.now() - 1000 + n).toISOString(), customer: { phone }, data: { direction: 'inbound', from: phone, body, ...data } };
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events: [event] } });
  expect(res.statusCode, res.body).toBe(202);
  const eventId = (res.json() as { results: { eventId: string }[] }).results[0]!.eventId;
  return (await db().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', eventId).executeTakeFirstOrThrow()).conversation_id;
}
const reply = (conversationId: string, text = 'On its way!') => call('POST', `/api/v1/conversations/${conversationId}/replies`, { idempotencyKey: `sms-${n++}-key`, text });

beforeAll(async () => {
  const base = await standIn.start();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  Object.assign(process.env, {
    OMNI_TWILIO_ACCOUNT_SID: SID,
    OMNI_TWILIO_AUTH_TOKEN: TOKEN,
    OMNI_TWILIO_API_BASE: base,
    OMNI_TWILIO_FROM: '+14155550100',
    OMNI_PUBLIC_URL: publicUrl,
    OMNI_SMS_QUIET_HOURS: 'off',
    OMNI_SMS_MAX_PER_DAY: '3',
    OMNI_OUTBOX_POLL_MS: '30',
  });
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] }, connectors: { twilioAuthToken: TOKEN, publicUrl } });
  await app.listen({ port, host: '127.0.0.1' });
  await t.domain.auth.createUser({ email: 'agent.sms@test.local', name: 'Sam Agent', role: 'agent', password: 'agent-password-123' });
  agent = LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent.sms@test.local', password: 'agent-password-123' } })).json()).token;
});
afterAll(async () => {
  await standIn.stop();
  await app?.close();
  await t?.close();
  process.env = saved;
});

describe('SMS replies over the Twilio Messages API', () => {
  it('sends with Basic auth and form fields, then moves queued -> sent -> delivered on signed status callbacks', async () => {
    const conv = await inboundText('+14155550101', 'Is my order ready?');
    const res = await reply(conv);
    expect(res.statusCode, res.body).toBe(201);
    const { message: m } = ReplyResultSchema.parse(res.json());
    expect(m).toMatchObject({ channel: 'sms', to: '+14155550101', from: '+14155550100' });
    // The answer is the message as stored when it is read back: the outbox worker may already have leased it.
    expect(['queued', 'sending', 'sent']).toContain(m.status);
    await until(async () => (await message(m.id)).status === 'delivered', 'the text delivered');
    const sent = standIn.messages.find((x) => x.to === '+14155550101')!;
    expect(sent).toMatchObject({ from: '+14155550100', body: 'On its way!' });
    expect(sent.statusCallback).toContain(`outbox=${m.id}`);
    expect(await message(m.id)).toMatchObject({ provider_id: sent.sid, provider_status: 'delivered' });
    // The reply's timeline item follows its message (status on the bubble), and it was the conversation's first response.
    await until(async () => {
      const e = await db().selectFrom('events').select('data').where('id', '=', m.eventId).executeTakeFirstOrThrow();
      return (JSON.parse(e.data) as { status?: string }).status === 'delivered';
    }, 'the item shows delivered');
    expect((await db().selectFrom('conversations').select('first_response_at_us').where('id', '=', conv).executeTakeFirstOrThrow()).first_response_at_us).not.toBeNull();
  });

  it('stores the provider error code and text: undelivered from a callback, failed at once on 21610', async () => {
    const bad = ReplyResultSchema.parse((await reply(await inboundText(FAIL_TO, 'hello?'))).json()).message;
    await until(async () => (await message(bad.id)).status === 'undelivered', 'the text undelivered');
    expect(await message(bad.id)).toMatchObject({ error_code: '30003', error_text: 'unreachable destination handset' });
    const unsub = ReplyResultSchema.parse((await reply(await inboundText(UNSUBSCRIBED_TO, 'hi'))).json()).message;
    await until(async () => (await message(unsub.id)).status === 'failed', 'the refused text failed');
    expect(await message(unsub.id)).toMatchObject({ error_code: '21610', error_text: 'Attempt to send to unsubscribed recipient', attempts: 1 });
  });

  it('refuses a customer who texted STOP (409 naming `to`, nothing written) and sends again after START', async () => {
    const phone = '+14155550102';
    const conv = await inboundText(phone, 'STOP');
    const before = await outboxCount();
    const refused = await reply(conv);
    expect(refused.statusCode).toBe(409);
    expect(fields(refused)).toEqual(['to']);
    expect((refused.json() as { error: { message: string } }).error.message).toMatch(/opted out/);
    expect(await outboxCount()).toBe(before);
    await inboundText(phone, 'START');
    expect((await reply(conv)).statusCode).toBe(201);
  });

  it('caps texts per customer per day', async () => {
    const conv = await inboundText('+14155550103', 'hi');
    for (let i = 0; i < 3; i++) expect((await reply(conv, `update ${i}`)).statusCode).toBe(201);
    const capped = await reply(conv);
    expect(capped.statusCode).toBe(409);
    expect((capped.json() as { error: { message: string } }).error.message).toMatch(/frequency cap/);
  });

  it('holds texts in the customer’s quiet hours (their time zone)', async () => {
    const conv = await inboundText('+14155550104', 'hi', { timeZone: 'Asia/Tokyo' });
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    const domain = t.domain.features.get('outbound') as { replies: { o: { settings: { quietHours: unknown } } } };
    domain.replies.o.settings.quietHours = { startHour: hour, endHour: (hour + 1) % 24 };
    const held = await reply(conv);
    domain.replies.o.settings.quietHours = null;
    expect(held.statusCode).toBe(409);
    expect((held.json() as { error: { message: string } }).error.message).toMatch(/quiet hours: .*Asia\/Tokyo/);
  });
});
