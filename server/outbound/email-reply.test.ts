import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConversationDetailSchema, LoginResponseSchema, ReplyResultSchema, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from '../http/test-support.js';
import { until } from '../testing/wait.js';
import { SmtpEmailSender } from './email-sender.js';
import type { OutboxService } from './outbox-service.js';
import { SmtpSink } from './smtp-sink.js';
import { TwilioSmsSender } from './sms-sender.js';
import { outDb } from './tables.js';
import type { OutboxWorker } from './worker.js';

/*
 * Email replies end to end against a REAL SMTP server started here (smtp-server on a random port), on the
 * test backend (SQLite, or PostgreSQL with DATABASE_URL): the transactional outbox, idempotent composes,
 * threading headers both ways, the SMTP server killed mid-run (0 lost, 0 sent twice by Message-ID), notes
 * that never reach any sender, bad input refused whole, drafts per agent.
 */
const sink = new SmtpSink();
let t: TestDomain;
let app: FastifyInstance;
let admin: string;
let agent: string;
let agentId: string;
let conversationId: string;
const who = uniqueWho('mail');
const FIRST_ID = `<first.${who.email}>`;
const ROOT_ID = `<root.${who.email}>`;
const saved = { ...process.env };

const login = async (email: string, password: string) => LoginResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json()).token;
const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, token = agent) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const ingest = async (events: IngestEvent[]) => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events } });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { results: { eventId: string }[] }).results;
};
const fields = (res: { statusCode: number; json(): unknown }) => (res.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
const db = () => outDb((t.domain as SqlDomain).database.db);
const outbox = () => (t.domain.features.get('outbound') as { outbox: OutboxService }).outbox;
const worker = () => (t.domain.features.get('outbound') as { outboxWorker: OutboxWorker }).outboxWorker;
const counts = async () => ({
  outbox: Number((await db().selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  events: Number((await db().selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
});
const conversationOf = async (eventId: string) => (await db().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', eventId).executeTakeFirst())?.conversation_id;
const statusOf = async (id: string) => (await db().selectFrom('outbox_messages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

beforeAll(async () => {
  const port = await sink.start();
  Object.assign(process.env, {
    OMNI_SMTP_URL: `smtp://127.0.0.1:${port}`,
    OMNI_EMAIL_FROM: 'Shop Support <support@shop.test>',
    OMNI_OUTBOX_POLL_MS: '30',
    OMNI_OUTBOX_BACKOFF_MS: '40',
    OMNI_OUTBOX_BACKOFF_MAX_MS: '200',
    OMNI_OUTBOX_MAX_ATTEMPTS: '30',
  });
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 5 * 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  agentId = (await t.domain.auth.createUser({ email: 'agent.reply@test.local', name: 'Ana Agent', role: 'agent', password: 'agent-password-123' })).id;
  agent = await login('agent.reply@test.local', 'agent-password-123');
  const [first] = await ingest([
    makeEvent(who, { channel: 'email', type: 'email.received', data: { direction: 'inbound', subject: 'Where is my parcel?', from: `${who.name} <${who.email}>`, messageId: FIRST_ID, references: [ROOT_ID], inReplyTo: ROOT_ID } }),
  ]);
  conversationId = (await conversationOf(first!.eventId))!;
  expect(conversationId).toBeTruthy();
});
afterAll(async () => {
  await app?.close();
  await t?.close();
  await sink.kill();
  process.env = saved;
});

describe('email replies', () => {
  it('writes item + outbox row together, answers a repeated compose with the first result, sends once with the thread headers', async () => {
    const body = { idempotencyKey: 'compose-0001', text: 'It left our warehouse today.', html: '<p>It left our <b>warehouse</b> today.</p>' };
    const first = await call('POST', `/api/v1/conversations/${conversationId}/replies`, body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await call('POST', `/api/v1/conversations/${conversationId}/replies`, body);
    expect(again.statusCode).toBe(200);
    const a = ReplyResultSchema.parse(first.json());
    const b = ReplyResultSchema.parse(again.json());
    expect(b).toMatchObject({ duplicate: true, message: { id: a.message.id } });
    expect(a.message.messageId).toMatch(/^<omni\.cnv_[0-9a-z]+\.[0-9a-f]+@shop\.test>$/);
    await until(async () => (await statusOf(a.message.id)) === 'sent', 'the reply sent');
    const got = sink.mails.filter((m) => m.messageId === a.message.messageId!.toLowerCase());
    expect(got).toHaveLength(1);
    const raw = got[0]!.raw.replace(/\r\n[ \t]+/g, ' ');
    expect(raw).toMatch(/^Subject: Re: Where is my parcel\?/im);
    expect(raw).toMatch(new RegExp(`^In-Reply-To: ${FIRST_ID.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im'));
    expect(raw).toMatch(/^References: <root\.[^>]+> <first\.[^>]+>/im);
    expect(raw).toMatch(/multipart\/alternative/);
    expect(raw).toMatch(/^From: Shop Support <support@shop\.test>/im);
    // One item, one row: the reply answered the customer (first response, no longer waiting).
    expect((await db().selectFrom('outbox_messages').select('id').where('conversation_id', '=', conversationId).execute()).length).toBe(1);
    const detail = ConversationDetailSchema.parse((await call('GET', `/api/v1/conversations/${conversationId}`, undefined, admin)).json());
    expect(detail.conversation.firstResponseAt).not.toBeNull();
    expect(detail.conversation.waitingSince).toBeNull();
    expect(detail.itemIds).toContain(a.message.eventId);
  });

  it('threads inbound replies that dropped In-Reply-To: by References to our Message-ID, then by Re: subject from the same customer', async () => {
    const [sent] = (await outbox().list(conversationId)).filter((m) => m.messageId);
    const byRefs = await ingest([makeEvent(who, { channel: 'email', type: 'email.received', data: { direction: 'inbound', subject: 'parcel', from: who.email, messageId: `<r1.${who.email}>`, references: [sent!.messageId!] } })]);
    expect(await conversationOf(byRefs[0]!.eventId)).toBe(conversationId);
    const bySubject = await ingest([makeEvent(who, { channel: 'email', type: 'email.received', data: { direction: 'inbound', subject: 'RE: Where is my parcel?', from: who.email, messageId: `<r2.${who.email}>` } })]);
    expect(await conversationOf(bySubject[0]!.eventId)).toBe(conversationId);
    // Another customer with the same subject is not a participant: a conversation of their own.
    const other = uniqueWho('other');
    const stranger = await ingest([makeEvent(other, { channel: 'email', type: 'email.received', data: { direction: 'inbound', subject: 'Re: Where is my parcel?', from: other.email, messageId: `<r3.${other.email}>` } })]);
    expect(await conversationOf(stranger[0]!.eventId)).not.toBe(conversationId);
  });

  it('a note never reaches the customer: no sender call, no outbox row, nothing at the SMTP server; mentions are told', async () => {
    const email = vi.spyOn(SmtpEmailSender.prototype, 'send');
    const sms = vi.spyOn(TwilioSmsSender.prototype, 'send');
    const before = await counts();
    const mailsBefore = sink.mails.length;
    const heard: unknown[] = [];
    const stop = t.domain.events.subscribe('test-mentions', { 'mention.created': (m) => void heard.push(m) });
    const adminId = (await db().selectFrom('users').select('id').where('email', '=', TEST_ADMIN.email).executeTakeFirstOrThrow()).id;
    const res = await call('POST', `/api/v1/conversations/${conversationId}/notes`, { idempotencyKey: 'note-0001', text: 'SECRET-NOTE refund approved @lead', mentions: [adminId] });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call('POST', `/api/v1/conversations/${conversationId}/notes`, { idempotencyKey: 'note-0001', text: 'SECRET-NOTE refund approved @lead', mentions: [adminId] })).statusCode).toBe(200);
    await worker().runOnce();
    await t.domain.events.idle();
    stop();
    expect(email).not.toHaveBeenCalled();
    expect(sms).not.toHaveBeenCalled();
    expect(await counts()).toEqual(before);
    expect(sink.mails.length).toBe(mailsBefore);
    const rows = await db().selectFrom('outbox_messages').select('payload').execute();
    expect(rows.some((r) => r.payload.includes('SECRET-NOTE'))).toBe(false);
    expect(heard).toEqual([{ userId: adminId, mention: expect.objectContaining({ conversationId, excerpt: expect.stringContaining('SECRET-NOTE') }) }]);
    const notes = (await call('GET', `/api/v1/conversations/${conversationId}/notes`)).json() as { notes: { text: string; authorName: string }[] };
    expect(notes.notes).toEqual([expect.objectContaining({ text: 'SECRET-NOTE refund approved @lead', authorName: 'Ana Agent' })]);
    email.mockRestore();
    sms.mockRestore();
  });

  it('refuses bad input with a 4xx naming the field and writes nothing', async () => {
    const before = await counts();
    const url = `/api/v1/conversations/${conversationId}/replies`;
    const empty = await call('POST', url, { idempotencyKey: 'bad-00001', text: '   ' });
    expect([empty.statusCode, fields(empty)]).toEqual([400, ['text']]);
    const unknown = await call('POST', '/api/v1/conversations/cnv_NOPE/replies', { idempotencyKey: 'bad-00002', text: 'hi' });
    expect([unknown.statusCode, fields(unknown)]).toEqual([404, ['id']]);
    const big = Buffer.alloc(2 * 1024 * 1024 + 10, 1).toString('base64');
    const oversized = await call('POST', url, { idempotencyKey: 'bad-00003', text: 'see file', attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', contentBase64: big }] });
    expect(oversized.statusCode).toBe(400);
    expect(fields(oversized)).toEqual(['attachments[0].contentBase64']);
    const stranger = await call('POST', url, { idempotencyKey: 'bad-00004', text: 'hi', to: 'someone.else@example.com' });
    expect([stranger.statusCode, fields(stranger)]).toEqual([400, ['to']]);
    const noSms = await call('POST', url, { idempotencyKey: 'bad-00005', text: 'hi', channel: 'sms' });
    expect(noSms.statusCode).toBe(409);
    expect(fields(noSms)).toEqual(['channel']);
    expect(await counts()).toEqual(before);
  });

  it('carries an attachment within the limit', async () => {
    const res = await call('POST', `/api/v1/conversations/${conversationId}/replies`, { idempotencyKey: 'attach-0001', text: 'Your invoice.', attachments: [{ filename: 'invoice.txt', contentType: 'text/plain', contentBase64: Buffer.from('INVOICE-42').toString('base64') }] });
    expect(res.statusCode, res.body).toBe(201);
    const { message } = ReplyResultSchema.parse(res.json());
    await until(async () => (await statusOf(message.id)) === 'sent', 'the reply with its attachment sent');
    const raw = sink.mails.find((m) => m.messageId === message.messageId!.toLowerCase())!.raw;
    expect(raw).toMatch(/filename=invoice\.txt/);
    expect(raw).toContain(Buffer.from('INVOICE-42').toString('base64'));
  });

  it('survives the SMTP server dying mid-run: every reply arrives, none twice (by Message-ID)', async () => {
    const N = 20;
    let killed = false;
    const base = sink.mails.length;
    sink.onMail = () => {
      if (killed || sink.mails.length < base + 5) return;
      killed = true;
      void sink.kill().then(() => setTimeout(() => void sink.start(sink.port), 300));
    };
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = ReplyResultSchema.parse((await call('POST', `/api/v1/conversations/${conversationId}/replies`, { idempotencyKey: `burst-${String(i).padStart(4, '0')}`, text: `Update ${i}` })).json());
      ids.push(r.message.messageId!.toLowerCase());
    }
    await until(async () => {
      const rows = await db().selectFrom('outbox_messages').select('status').where('message_id', 'in', ids.map((x) => x)).execute();
      return rows.length === N && rows.every((r) => r.status === 'sent');
    }, 'all burst replies sent', 30_000);
    sink.onMail = null;
    expect(killed).toBe(true);
    const received = sink.distinct();
    expect(ids.filter((id) => !received.has(id))).toEqual([]); // 0 lost
    expect(new Set(ids).size).toBe(N); // one Message-ID per compose: a resend is recognisable, so 0 counted twice
    const failedAttempts = await db().selectFrom('outbox_messages').select('attempts').where('attempts', '>', 1).execute();
    expect(failedAttempts.length).toBeGreaterThan(0); // the outage really hit some sends, which were retried
  }, 60_000); // PostgreSQL pass: reconnects after the outage take longer than the default 20 s

  it('ends in failed after a permanent refusal, and sends after a retry by hand', async () => {
    sink.refuse.add(who.email.toLowerCase());
    const r = ReplyResultSchema.parse((await call('POST', `/api/v1/conversations/${conversationId}/replies`, { idempotencyKey: 'refused-0001', text: 'Try me' })).json());
    await until(async () => (await statusOf(r.message.id)) === 'failed', 'the refused reply failed');
    const failed = await outbox().get(r.message.id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: '550' });
    sink.refuse.clear();
    const retry = await call('POST', `/api/v1/outbox/${r.message.id}/retry`);
    expect(retry.statusCode, retry.body).toBe(200);
    await until(async () => (await statusOf(r.message.id)) === 'sent', 'the retried reply sent');
    expect((await call('POST', `/api/v1/outbox/${r.message.id}/retry`)).statusCode).toBe(409);
  });

  it('keeps drafts per conversation, agent and mode, across devices', async () => {
    const url = `/api/v1/conversations/${conversationId}/drafts/reply`;
    expect((await call('PUT', url, { text: 'Half-written answer', channel: 'email' })).statusCode).toBe(200);
    const otherDevice = await login('agent.reply@test.local', 'agent-password-123');
    expect((await call('GET', url, undefined, otherDevice)).json()).toMatchObject({ text: 'Half-written answer', mode: 'reply', conversationId });
    expect((await call('GET', `/api/v1/conversations/${conversationId}/drafts/note`)).statusCode).toBe(404);
    expect((await call('GET', url, undefined, admin)).statusCode).toBe(404); // someone else's draft is theirs
    expect((await call('DELETE', url)).json()).toEqual({ deleted: true });
    expect((await call('GET', url)).statusCode).toBe(404);
    expect(agentId).toBeTruthy();
  });
});
