import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionListResponseSchema, ApiErrorSchema, AuditChainReportSchema, AuditLogPageSchema, CustomerViewersResponseSchema, LoginResponseSchema, microsToIso, userActor, type AuditLogEntry, type IngestEvent, type User } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { buildApp } from '../http/app.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testDomain, uniqueWho, type TestDomain } from '../http/test-support.js';
import { verifyAuditChain } from './audit-chain.js';
import { recordAudit } from './audit-log.js';

/*
 * The audit trail over HTTP on the test backend (SQLite, or PostgreSQL when DATABASE_URL is set): sign-ins
 * (refused ones too, never with the password), sign-outs, merges and dead-letter replays land in one chain;
 * leads and admins read it by actor, customer and action, page by page, with names instead of ids; agents may not.
 */
let t: TestDomain;
let app: FastifyInstance;
let admin: string;
let agentUser: User;
let agent: string;

const AGENT = { email: 'agent.audit@test.local', password: 'agent-password-123', name: 'Ada Agent' };

async function login(email: string, password: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
}
const get = (url: string, token = admin) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const db = () => (t.domain as SqlDomain).database.db;

async function page(query: string, token = admin) {
  const res = await get(`/api/v1/audit${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return AuditLogPageSchema.parse(res.json());
}

async function ingest(events: IngestEvent[]) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: { events } });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { results: { customerId: string }[] }).results;
}

beforeAll(async () => {
  t = await testDomain();
  app = buildApp({ domain: t.domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
  await app.ready();
  admin = LoginResponseSchema.parse((await login(TEST_ADMIN.email, TEST_ADMIN.password)).json()).token;
  agentUser = await t.domain.auth.createUser({ email: AGENT.email, name: AGENT.name, role: 'agent', password: AGENT.password });
  agent = LoginResponseSchema.parse((await login(AGENT.email, AGENT.password)).json()).token;
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('audit trail over HTTP', () => {
  it('records sign-ins, refused sign-ins (unknown accounts too) and sign-outs, never the typed secret', async () => {
    expect((await login(AGENT.email, 'wrong-password-xyz')).statusCode).toBe(401);
    expect((await login('nobody-here@test.local', 'typed-secret-abc')).statusCode).toBe(401);
    const second = LoginResponseSchema.parse((await login(AGENT.email, AGENT.password)).json()).token;
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${second}` } });
    expect(out.statusCode).toBe(204);

    const failed = (await page('?action=auth.login.failed')).entries;
    expect(failed.map((e) => [e.actor.kind, e.actor.name, e.subject.type, e.subject.label, e.details['result']])).toEqual([
      ['anonymous', 'Unknown person', 'login', 'An unknown account', 'bad_credentials'],
      ['anonymous', 'Unknown person', 'user', AGENT.name, 'bad_credentials'],
    ]);
    const mine = (await page(`?actor=${agentUser.id}`)).entries;
    expect(mine.map((e) => e.action)).toEqual(['auth.logout', 'auth.login', 'auth.login']);
    expect(mine.every((e) => e.actor.name === AGENT.name && e.actionLabel !== e.action)).toBe(true);

    const stored = JSON.stringify(await db().selectFrom('audit_log').selectAll().execute());
    for (const secret of ['wrong-password-xyz', 'typed-secret-abc', AGENT.password, 'nobody-here']) expect(stored).not.toContain(secret);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('records a throttled sign-in as refused, on the account it names', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login('throttle-me@test.local', `guess-${i}`)).statusCode);
    expect(statuses.at(-1)).toBe(429);
    const rows = (await page('?action=auth.login.failed&limit=6')).entries;
    expect(rows.map((e) => e.details['result'])).toEqual(['throttled', ...Array(5).fill('bad_credentials')]);
    // One unknown account, always the same digest: the attempts can be told apart from other accounts' without storing the text.
    expect(new Set(rows.map((e) => e.subject.id)).size).toBe(1);
  });

  it('pages newest first with nextBefore, and filters by customer (a merge names both customers by name)', async () => {
    const a = uniqueWho('audit-a');
    const b = uniqueWho('audit-b');
    const [ra] = await ingest([makeEvent(a, { customer: { email: a.email, name: 'Maya Lopez' } })]);
    const [rb] = await ingest([makeEvent(b, { customer: { email: b.email, name: 'Maya L.' } })]);
    const merged = await app.inject({ method: 'POST', url: `/api/v1/customers/${ra!.customerId}/merge`, headers: { authorization: `Bearer ${admin}` }, payload: { otherId: rb!.customerId, reason: 'same person at the counter' } });
    expect(merged.statusCode, merged.body).toBe(200);

    for (const id of [ra!.customerId, rb!.customerId]) {
      const rows = (await page(`?customerId=${id}`)).entries.filter((e) => e.action === 'merge');
      expect(rows).toHaveLength(1);
      const m = rows[0]!;
      expect(m.reason).toBe('same person at the counter');
      expect([m.subject.label, m.related?.label].sort()).toEqual(['Maya L.', 'Maya Lopez']);
      expect(m.actor.name).not.toMatch(/^usr_/);
      expect(Object.values(m.details).join(' ')).not.toMatch(/cus_|mrg_/);
    }

    const all: AuditLogEntry[] = [];
    let before: string | null = null;
    do {
      const p = await page(`?limit=2${before ? `&before=${before}` : ''}`);
      expect(p.entries.length).toBeLessThanOrEqual(2);
      all.push(...p.entries);
      before = p.nextBefore;
    } while (before);
    const seqs = all.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.at(-1)).toBe(1);
  });

  it('records dead-letter replays', async () => {
    const actor = userActor((await t.domain.auth.userForToken(admin))!);
    const dl = await t.domain.connectors.recordDeadLetter(actor, { connector: 'shopify', httpStatus: 422, reason: 'bad', headers: {}, url: '/api/v1/connectors/shopify', contentType: 'application/json', body: Buffer.from('{}') });
    await t.domain.connectors.replayAttempted(actor, dl.id, false, 'still bad');
    const rows = (await page('?action=dead_letter.replay')).entries;
    expect(rows[0]).toMatchObject({ subject: { type: 'dead_letter', id: dl.id, label: 'A dead letter from shopify' }, details: { outcome: 'still failing' } });
  });

  it('records an executed next action once (a repeat click is a duplicate, not a second record)', async () => {
    const who = uniqueWho('exec');
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const [first] = await ingest([makeEvent(who, { channel: 'web', type: 'web.session', occurredAt: ago(3_600_000), data: {} })]);
    await ingest([makeEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(60_000), data: { storeId: 'SF-UNION', storeName: 'Union Square' } })]);
    const id = first!.customerId;
    const actions = ActionListResponseSchema.parse((await get(`/api/v1/customers/${id}/actions`)).json()).actions;
    const hold = actions.find((a) => a.kind === 'hold_notifications');
    expect(hold, JSON.stringify(actions.map((a) => a.kind))).toBeDefined();
    const exec = () => app.inject({ method: 'POST', url: `/api/v1/actions/${hold!.id}/execute`, headers: { authorization: `Bearer ${admin}` } });
    expect((await exec()).statusCode).toBe(201);
    expect((await exec()).statusCode).toBe(200);
    const rows = (await page(`?action=action.execute&customerId=${id}`)).entries;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: { kind: 'user', name: expect.not.stringMatching(/^usr_/) }, subject: { type: 'customer', id }, details: { kind: 'hold_notifications' } });
  });

  it('answers who viewed a customer, most recent first, with counts', async () => {
    const who = uniqueWho('viewed');
    const [r] = await ingest([makeEvent(who)]);
    const id = r!.customerId;
    const adminUser = (await t.domain.auth.userForToken(admin))!;
    const view = (u: User, atUs: number) => recordAudit(db(), { atUs, actor: userActor(u), action: 'customer.view', subject: { type: 'customer', id }, payload: {} });
    await view(agentUser, 1_000_000);
    await view(adminUser, 2_000_000);
    await view(agentUser, 3_000_000);
    const res = await get(`/api/v1/customers/${id}/viewers`);
    expect(res.statusCode, res.body).toBe(200);
    const body = CustomerViewersResponseSchema.parse(res.json());
    expect(body.totalViews).toBe(3);
    expect(body.viewers.map((v) => [v.name, v.views, v.lastViewedAt])).toEqual([
      [AGENT.name, 2, microsToIso(3_000_000)],
      [adminUser.name, 1, microsToIso(2_000_000)],
    ]);
    expect((await get('/api/v1/customers/cus_nobody/viewers')).statusCode).toBe(404);
  });

  it('names a team row\'s member by name and keeps ids out of the details', async () => {
    const adminUser = (await t.domain.auth.userForToken(admin))!;
    await recordAudit(db(), {
      atUs: Date.now() * 1000,
      actor: userActor(adminUser),
      action: 'team.member.add',
      subject: { type: 'team', id: 'team_gone' },
      relatedId: agentUser.id,
      payload: { userId: agentUser.id, fields: ['name', 'description'], added: [agentUser.id], note: 'usr_0123456789', queue: 'returns' },
    });
    const [row] = (await page('?action=team.member.add&limit=1')).entries;
    expect(row).toMatchObject({ actionLabel: 'Added a team member', subject: { type: 'team', label: 'A removed team' }, related: { type: 'user', id: agentUser.id, label: AGENT.name } });
    expect(row!.details).toEqual({ fields: 'name, description', queue: 'returns' });
  });

  it('verifies the chain on request (leads and admins)', async () => {
    const res = await get('/api/v1/audit/verify');
    expect(res.statusCode, res.body).toBe(200);
    const report = AuditChainReportSchema.parse(res.json());
    expect(report).toMatchObject({ ok: true, broken: null });
    expect(report.rows).toBeGreaterThan(5);
  });

  it('refuses agents and bad filters (400 naming the field)', async () => {
    for (const url of ['/api/v1/audit', '/api/v1/audit/verify', `/api/v1/customers/cus_x/viewers`]) {
      const res = await get(url, agent);
      expect(res.statusCode).toBe(403);
    }
    for (const [q, field] of [
      ['?before=abc', 'before'],
      ['?limit=0', 'limit'],
      ['?action=DROP%20TABLE', 'action'],
    ] as const) {
      const res = await get(`/api/v1/audit${q}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(ApiErrorSchema.parse(res.json()).error.issues.map((i) => i.path)).toContain(field);
    }
  });
});
