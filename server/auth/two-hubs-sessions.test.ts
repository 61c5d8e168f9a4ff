import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient, openSocket } from '../testing/hub-client.js';
import { HUB_CREDENTIALS, startTwoHubs, twoHubsSkipReason, type TwoHubs } from '../testing/two-hubs.js';
import { until } from '../testing/wait.js';

/* Sessions and login throttling on two hub processes sharing one PostgreSQL and one Redis (the PG pass). */
const skip = twoHubsSkipReason();

describe.skipIf(skip !== undefined)(`sessions on two hubs${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let hubs: TwoHubs;
  beforeAll(async () => {
    hubs = await startTwoHubs();
    await hubs.linked();
  }, 120_000);
  afterAll(async () => {
    await hubs?.close();
  }, 30_000);

  it('logout on hub A: the token answers 401 on hub B too, and its socket on hub B is disconnected within 1 s', async () => {
    const token = await new HubClient(hubs.b.url, HUB_CREDENTIALS).login();
    const onB = await openSocket(hubs.b.url, { token });
    const res = await fetch(`${hubs.a.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
    const t0 = Date.now();
    await until(() => !onB.connected, 'the socket on hub B to be disconnected', 1_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    for (const hub of [hubs.a, hubs.b]) expect((await fetch(`${hub.url}/api/v1/auth/sessions`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    onB.close();
  });

  it('failed logins count across hubs: the 6th wrong password answers 429 whichever hub it reaches', async () => {
    const attempt = (url: string) =>
      fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'shared@test.local', password: 'wrong-password' }) });
    for (const url of [hubs.a.url, hubs.b.url, hubs.a.url, hubs.b.url, hubs.a.url]) expect((await attempt(url)).status).toBe(401);
    const refused = await attempt(hubs.b.url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
  });
});
