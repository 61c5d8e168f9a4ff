import type { FastifyInstance } from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponseSchema, ReplyResultSchema, type IngestEvent } from '../../shared/index.js';
import type { HubConfig } from '../config.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { TEST_INGEST_KEY, tempDataDir, testDomain, type TestDomain } from '../http/test-support.js';
import { outDb } from '../outbound/tables.js';
import { until } from '../testing/wait.js';
import { startDemoOutbound, type DemoOutbound } from './outbound-demo.js';

/*
 * Demo mode replies on every channel with no provider configured: an email reply lands in the embedded SMTP
 * sink (and as an .eml file), a text is delivered through the Twilio stand-in's signed callbacks, a number
 * ending in 99 comes back undelivered with the carrier's code. Environment set by the demo is undone on stop.
 */
const VARS = ['OMNI_SMTP_URL', 'OMNI_TWILIO_ACCOUNT_SID', 'OMNI_TWILIO_AUTH_TOKEN', 'OMNI_TWILIO_API_BASE', 'OMNI_TWILIO_FROM', 'OMNI_PUBLIC_URL', 'OMNI_SMS_QUIET_HOURS'];
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
const data = tempDataDir();
let demo: DemoOutbound;
let t: TestDomain;
let app: FastifyInstance;
let agent: string;
let n = 0;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
const db = () => outDb((t.domain as SqlDomain).database.db);
const status = async (id: string) => (await db().selectFrom('outbox_messages').select(['status', 'error_code']).where('id', '=', id).executeTakeFirstOrThrow());

async function inbound(event: Omit<IngestEvent, 'source' | 'sourceEventId' | 'occurredAt'>): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events: [{ ...event, source: 'demo-test', sourceEventId: `d-${n++}`, occurredAt: new Date(Date.now() - 1000).toISOString() }] } });
  expect(res.statusCode, res.body).toBe(202);
  const eventId = (res.json() as { results: { eventId: string }[] }).results[0]!.eventId;
  return (await db().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', eventId).executeTakeFirstOrThrow()).conversation_id;
}
async function reply(conversationId: string, text: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/replies`, headers: { authorization: `Bearer ${agent}` }, payload: { idempotencyKey: `demo-${n++}-key`, text } });
  expect(res.statusCode, res.body).toBe(201);
  return ReplyResultSchema.parse(res.json()).message.id;
}

beforeAll(async () => {
  for (const v of VARS) delete process.env[v];
  const port = await freePort();
  process.env['OMNI_OUTBOX_POLL_MS'] = '30';
  demo = await startDemoOutbound({ dataDir: data.dir, port, host: '127.0.0.1', demo: true } as HubConfig, () => {});
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] }, connectors: { twilioAuthToken: demo.config.twilioAuthToken! } });
  await app.listen({ port, host: '127.0.0.1' });
  await t.domain.auth.createUser({ email: 'agent.demo@test.local', name: 'Dee Agent', role: 'agent', password: 'agent-password-123' });
  agent = LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent.demo@test.local', password: 'agent-password-123' } })).json()).token;
});
afterAll(async () => {
  const at = Date.now();
  const say = (w: string) => process.stderr.write(`${w} ${Date.now() - at}\n`);
  await demo?.stop();
  say('demo');
  await app?.close();
  say('app');
  await t?.close();
  say('domain');
  delete process.env['OMNI_OUTBOX_POLL_MS'];
  for (const v of VARS) if (saved[v] !== undefined) process.env[v] = saved[v];
  data.remove();
});

describe('demo outbound', () => {
  it('an email reply reaches the embedded SMTP sink and is kept as a file', async () => {
    const conv = await inbound({ channel: 'email', type: 'email.received', customer: { email: `demo.${Date.now()}@example.com`, name: 'Demo Customer' }, summary: 'Hello', data: { direction: 'inbound', subject: 'Hello' } });
    const id = await reply(conv, 'Thanks for writing, demo reply body');
    await until(async () => (await status(id)).status === 'sent', 'email sent');
    const dir = join(data.dir, 'demo-mail');
    await until(() => readdirSync(dir).some((f) => readFileSync(join(dir, f), 'utf8').includes('demo reply body')), 'mail file');
  });

  it('texts are delivered through signed callbacks; a number ending in 99 is undelivered with the carrier code', async () => {
    const ok = await inbound({ channel: 'sms', type: 'sms.received', customer: { phone: '+14155550123' }, data: { direction: 'inbound', from: '+14155550123', body: 'hi' } });
    const bad = await inbound({ channel: 'sms', type: 'sms.received', customer: { phone: '+14155550199' }, data: { direction: 'inbound', from: '+14155550199', body: 'hi' } });
    const a = await reply(ok, 'On its way');
    const b = await reply(bad, 'On its way');
    await until(async () => (await status(a)).status === 'delivered', 'text delivered');
    await until(async () => (await status(b)).status === 'undelivered', 'text undelivered');
    expect((await status(b)).error_code).toBe('30003');
  });

  it('leaves configured providers alone and undoes what it set', async () => {
    const env: NodeJS.ProcessEnv = { OMNI_SMTP_URL: 'smtp://mail.example:25', OMNI_TWILIO_ACCOUNT_SID: 'ACreal' };
    const d = await startDemoOutbound({ dataDir: data.dir, port: 4999, host: '127.0.0.1', demo: true } as HubConfig, () => {}, env);
    expect(env).toEqual({ OMNI_SMTP_URL: 'smtp://mail.example:25', OMNI_TWILIO_ACCOUNT_SID: 'ACreal' });
    await d.stop();
    const fresh: NodeJS.ProcessEnv = {};
    const e = await startDemoOutbound({ dataDir: data.dir, port: 4999, host: '127.0.0.1', demo: true } as HubConfig, () => {}, fresh);
    expect(fresh['OMNI_SMTP_URL']).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(fresh['OMNI_PUBLIC_URL']).toBe('http://127.0.0.1:4999');
    await e.stop();
    expect(fresh).toEqual({});
  });
});
