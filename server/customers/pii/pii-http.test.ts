import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  AuditResponseSchema,
  CustomerProfileSchema,
  CustomerSearchResponseSchema,
  LoginResponseSchema,
  PiiRevealResponseSchema,
  TimelineItemEventSchema,
  TimelinePageSchema,
  type Role,
} from '../../../shared/index.js';
import { startHub, type RunningHub } from '../../hub.js';
import { makeEvent, testConfig, testStore, uniqueWho } from '../../http/test-support.js';
import { connect, ingest, record, waitFor, watch, type ClientSocket } from '../../realtime/test-client.js';
import type { PiiAccess } from './pii-access.js';

/*
 * The console's view through the real hub (HTTP + socket.io, SQLite or PostgreSQL per pass): an associate
 * gets masked values on every customer read route and live payload, an agent full ones; a reveal unmasks
 * that customer for that user, live too after re-watching, until it ends.
 */
let hub: RunningHub;
let removeDir: () => Promise<void>;
let pii: PiiAccess;
const tokens: Partial<Record<Role, string>> = {};
const open: ClientSocket[] = [];

async function loginAs(role: Role): Promise<string> {
  const email = `${role}.${Date.now()}@staff.test`;
  const password = 'correct-horse-battery';
  await hub.domain.auth.createUser({ email, name: `Test ${role}`, role, password });
  const res = await fetch(`${hub.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return LoginResponseSchema.parse(await res.json()).token;
}

const call = async (role: Role, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as unknown };
};

async function socketFor(role: Role): Promise<ClientSocket> {
  const s = await connect(hub.url, { token: tokens[role] });
  open.push(s);
  return s;
}

/** A customer with an email, a phone and an email whose body holds an address. */
async function customer(tag: string) {
  const who = uniqueWho(tag);
  const email = `r${who.email.split('@')[0]!.replace(/\W/g, '')}@gmail.com`.toLowerCase();
  const phone = `+1415${200 + Math.floor(Math.random() * 700)}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const [r] = await ingest(hub.url, [
    makeEvent({}, { customer: { email, phone, name: who.name }, channel: 'email', type: 'email.received', summary: 'Parcel', data: { from: email, subject: 'Parcel', text: 'Send it to 9 Elm Road', html: '<p>9 Elm Road</p>' } }),
  ]);
  return { id: r!.customerId, email, phone, last4: phone.slice(-4) };
}

beforeAll(async () => {
  const dir = await testStore('pii');
  removeDir = dir.remove;
  hub = await startHub(testConfig(dir));
  pii = (hub.domain.features.get('customers') as { pii: PiiAccess }).pii;
  tokens.associate = await loginAs('associate');
  tokens.agent = await loginAs('agent');
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  pii.now = Date.now;
});
afterAll(async () => {
  await hub?.close();
  await removeDir?.();
});

describe('customer read routes mask contact details for roles without customer.pii.read', () => {
  it('search by a full identifier, profile and timeline: masked for an associate, full for an agent', async () => {
    const c = await customer('routes');
    for (const q of [c.email, c.phone]) {
      const masked = CustomerSearchResponseSchema.parse((await call('associate', 'GET', `/api/v1/customers?q=${encodeURIComponent(q)}`)).json);
      expect(masked.customers.map((x) => x.id), q).toEqual([c.id]);
      expect(masked.customers[0]).toMatchObject({ emails: [expect.stringMatching(/^r•••@gmail\.com$/)], phones: [`••• ••• ${c.last4}`] });
      const full = CustomerSearchResponseSchema.parse((await call('agent', 'GET', `/api/v1/customers?q=${encodeURIComponent(q)}`)).json);
      expect(full.customers[0]!.emails).toEqual([c.email]);
    }

    const profile = CustomerProfileSchema.parse((await call('associate', 'GET', `/api/v1/customers/${c.id}`)).json);
    expect(profile.emails).toEqual(['r•••@gmail.com']);
    expect(profile.pii).toEqual({ masked: true, revealedUntil: null, canReveal: true });
    const page = TimelinePageSchema.parse((await call('associate', 'GET', `/api/v1/customers/${c.id}/timeline`)).json);
    expect(page.items[0]!.data).toEqual({ from: 'r•••@gmail.com', subject: 'Parcel' });
    expect(page.items[0]!.pii).toEqual({ masked: true, hidden: ['text', 'html'] });
    const everything = JSON.stringify([profile, page]);
    expect(everything).not.toContain(c.email);
    expect(everything).not.toContain('Elm Road');

    const agentProfile = CustomerProfileSchema.parse((await call('agent', 'GET', `/api/v1/customers/${c.id}`)).json);
    expect(agentProfile).toMatchObject({ emails: [c.email], phones: [c.phone], pii: { masked: false } });
    const agentPage = TimelinePageSchema.parse((await call('agent', 'GET', `/api/v1/customers/${c.id}/timeline`)).json);
    expect(agentPage.items[0]!.data['text']).toBe('Send it to 9 Elm Road');
  });
});

describe('the merge log of a customer', () => {
  it('masks contact details inside merge reasons for an associate', async () => {
    const [a, b] = [await customer('merge-a'), await customer('merge-b')];
    const merged = await call('agent', 'POST', `/api/v1/customers/${a.id}/merge`, { otherId: b.id, reason: `same person, wrote from ${b.email}` });
    expect(merged.status, JSON.stringify(merged.json)).toBe(200);
    const reasons = async (role: Role) => AuditResponseSchema.parse((await call(role, 'GET', `/api/v1/customers/${a.id}/audit`)).json).entries.map((e) => e.reason);
    expect(await reasons('agent')).toEqual([`same person, wrote from ${b.email}`]);
    expect(await reasons('associate')).toEqual(['same person, wrote from r•••@gmail.com']);
  });
});

describe('POST /api/v1/customers/:id/reveal', () => {
  it('needs a reason (400 naming reason), unmasks for that user until revealedUntil, 404 naming id for an unknown customer', async () => {
    const c = await customer('reveal');
    for (const body of [{}, { reason: '' }, { reason: '  ab ' }, { reason: 42 }]) {
      const res = await call('associate', 'POST', `/api/v1/customers/${c.id}/reveal`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(ApiErrorSchema.parse(res.json).error.issues.map((i) => i.path)).toContain('reason');
    }
    const unknown = await call('associate', 'POST', '/api/v1/customers/cus_nobody/reveal', { reason: 'customer at the desk' });
    expect(unknown.status).toBe(404);
    expect(ApiErrorSchema.parse(unknown.json).error.issues.map((i) => i.path)).toContain('id');

    const res = await call('associate', 'POST', `/api/v1/customers/${c.id}/reveal`, { reason: 'customer at the desk' });
    expect(res.status).toBe(200);
    const grant = PiiRevealResponseSchema.parse(res.json);
    expect(grant).toMatchObject({ customerId: c.id, seconds: 300 });
    expect(Date.parse(grant.revealedUntil) - Date.now()).toBeGreaterThan(290_000);
    const profile = CustomerProfileSchema.parse((await call('associate', 'GET', `/api/v1/customers/${c.id}`)).json);
    expect(profile).toMatchObject({ emails: [c.email], pii: { masked: false, revealedUntil: grant.revealedUntil } });

    // Five minutes later (the hub's clock), masked again.
    pii.now = () => Date.now() + 300_001;
    expect(CustomerProfileSchema.parse((await call('associate', 'GET', `/api/v1/customers/${c.id}`)).json).emails).toEqual(['r•••@gmail.com']);
  });
});

describe('live payloads are masked per recipient', () => {
  it('one new item reaches an agent in full and an associate masked; after a reveal and a re-watch, in full until it ends', async () => {
    const c = await customer('live');
    const [assoc, agent] = [await socketFor('associate'), await socketFor('agent')];
    for (const s of [assoc, agent]) expect((await watch(s, { customerId: c.id })).ok).toBe(true);
    const got = { assoc: record(assoc, 'timeline:item'), agent: record(agent, 'timeline:item'), assocUpdated: record(assoc, 'customer:updated'), agentUpdated: record(agent, 'customer:updated') };
    const sms = (text: string) => makeEvent({ email: c.email }, { channel: 'sms', type: 'sms.received', summary: text, data: { from: c.phone, body: text } });

    await ingest(hub.url, [sms('first')]);
    await waitFor(() => got.assoc.length === 1 && got.agent.length === 1 && got.assocUpdated.length >= 1 && got.agentUpdated.length >= 1, 'first item on both sockets');
    expect(TimelineItemEventSchema.parse(got.agent[0]).item.data).toEqual({ from: c.phone, body: 'first' });
    expect(TimelineItemEventSchema.parse(got.assoc[0]).item).toMatchObject({ data: { from: `••• ••• ${c.last4}`, body: 'first' }, pii: { masked: true } });
    expect(got.agentUpdated.at(-1)!.customer.emails).toEqual([c.email]);
    expect(got.assocUpdated.at(-1)!.customer.emails).toEqual(['r•••@gmail.com']);

    // A reveal granted "5 minutes minus 1.5 s ago" (the hub's clock set back for it) ends 1.5 s from now; a re-watch
    // gives full live values until then, and the hub re-masks the socket by itself when it ends.
    pii.now = () => Date.now() - 300_000 + 1_500;
    expect((await call('associate', 'POST', `/api/v1/customers/${c.id}/reveal`, { reason: 'customer at the desk' })).status).toBe(200);
    pii.now = Date.now;
    expect((await watch(assoc, { customerId: c.id })).ok).toBe(true);
    await ingest(hub.url, [sms('second')]);
    await waitFor(() => got.assoc.length === 2, 'second item');
    expect(got.assoc[1]!.item.data).toEqual({ from: c.phone, body: 'second' });

    await new Promise((r) => setTimeout(r, 1_700));
    await ingest(hub.url, [sms('third')]);
    await waitFor(() => got.assoc.length === 3 && got.agent.length === 3, 'third item');
    expect(got.assoc[2]!.item.data).toEqual({ from: `••• ••• ${c.last4}`, body: 'third' });
    expect(got.agent[2]!.item.data).toEqual({ from: c.phone, body: 'third' });
  });

  it('a replay after reconnect is masked for an associate', async () => {
    const c = await customer('replay');
    const s = await socketFor('associate');
    const items = record(s, 'timeline:item');
    expect((await watch(s, { customerId: c.id, sinceSeq: 0 })).ok).toBe(true);
    await waitFor(() => items.length === 1, 'replayed item');
    expect(items[0]!.item).toMatchObject({ data: { from: 'r•••@gmail.com', subject: 'Parcel' }, pii: { masked: true, hidden: ['text', 'html'] } });
  });
});
