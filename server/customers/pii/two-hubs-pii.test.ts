import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerProfileSchema, LoginResponseSchema, PiiRevealResponseSchema, UserWithPasswordResponseSchema } from '../../../shared/index.js';
import { makeEvent, uniqueWho } from '../../testing/fixtures.js';
import { HubClient, openSocket, recorder, watchCustomer, type HubSocket } from '../../testing/hub-client.js';
import { HUB_CREDENTIALS, startTwoHubs, twoHubsSkipReason, type TwoHubs } from '../../testing/two-hubs.js';

/* Masking and reveals on two hub processes sharing one PostgreSQL and one Redis (the PG pass). */
const skip = twoHubsSkipReason();

// Two real hub processes need DATABASE_URL (PostgreSQL) and REDIS_URL: skipped in the SQLite pass with
// twoHubsSkipReason()'s reason in the title; the PostgreSQL pass of .ci/run runs it.
describe.skipIf(skip !== undefined)(`PII masking on two hubs${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let hubs: TwoHubs;
  const sockets: HubSocket[] = [];

  beforeAll(async () => {
    hubs = await startTwoHubs();
    await hubs.linked();
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await hubs?.close();
  }, 30_000);

  /** An associate created by the admin on hub A, their own password set, signed in: the token works on both hubs. */
  async function associateToken(): Promise<string> {
    const email = `${uniqueWho('assoc').email.split('@')[0]}@staff.test`;
    const created = await hubs.a.client.call('POST', '/api/v1/users', { email, name: 'Counter Associate', role: 'associate' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const { oneTimePassword } = UserWithPasswordResponseSchema.parse(created.json);
    const login = async (password: string) => {
      const res = await fetch(`${hubs.a.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      expect(res.status).toBe(200);
      return LoginResponseSchema.parse(await res.json()).token;
    };
    const first = await login(oneTimePassword);
    const changed = await fetch(`${hubs.a.url}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${first}` },
      body: JSON.stringify({ currentPassword: oneTimePassword, newPassword: 'a-counter-password-1' }),
    });
    expect(changed.status).toBe(204);
    return first;
  }

  it('an associate on hub B gets masked values and live items from hub A; a reveal on hub A unmasks them on hub B', async () => {
    const token = await associateToken();
    const onB = new HubClient(hubs.b.url, HUB_CREDENTIALS).useToken(token);
    const email = `r${Date.now().toString(36)}@gmail.com`;
    const [r] = await hubs.a.client.ingest([makeEvent({}, { customer: { email, name: 'Two Hubs' } })]);
    const id = r!.customerId;

    const masked = CustomerProfileSchema.parse((await onB.call('GET', `/api/v1/customers/${id}`)).json);
    expect(masked.emails).toEqual(['r•••@gmail.com']);

    const assocSocket = await openSocket(hubs.b.url, { token });
    const adminSocket = await hubs.a.client.socket();
    sockets.push(assocSocket, adminSocket);
    await watchCustomer(assocSocket, id);
    await watchCustomer(adminSocket, id);
    const assocItems = recorder(assocSocket, 'timeline:item');
    const adminItems = recorder(adminSocket, 'timeline:item');
    await hubs.a.client.ingest([makeEvent({ email }, { data: { from: email, subject: 'Hello', text: 'body' } })]);
    await assocItems.waitFor((s) => s.length === 1, 'masked item on hub B');
    await adminItems.waitFor((s) => s.length === 1, 'full item on hub A');
    expect(assocItems.seen[0]!.item).toMatchObject({ data: { from: 'r•••@gmail.com', subject: 'Hello' }, pii: { masked: true, hidden: ['text'] } });
    expect(adminItems.seen[0]!.item.data).toEqual({ from: email, subject: 'Hello', text: 'body' });

    const onA = new HubClient(hubs.a.url, HUB_CREDENTIALS).useToken(token);
    const grant = await onA.call('POST', `/api/v1/customers/${id}/reveal`, { reason: 'customer at the counter' });
    expect(grant.status).toBe(200);
    expect(PiiRevealResponseSchema.parse(grant.json).customerId).toBe(id);
    expect(CustomerProfileSchema.parse((await onB.call('GET', `/api/v1/customers/${id}`)).json)).toMatchObject({ emails: [email], pii: { masked: false } });

    await watchCustomer(assocSocket, id);
    await hubs.a.client.ingest([makeEvent({ email }, { data: { from: email, subject: 'Again', text: 'body 2' } })]);
    await assocItems.waitFor((s) => s.length === 2, 'full item on hub B after the reveal');
    expect(assocItems.seen[1]!.item.data).toEqual({ from: email, subject: 'Again', text: 'body 2' });
  }, 60_000);
});
