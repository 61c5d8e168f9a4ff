import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from './client.js';
import { HubError } from './hub-error.js';
import { startTinyHub } from '../test/tiny-hub.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const summary = { id: 'c1', displayName: 'Ann Lee', emails: ['ann@x.co'], phones: [], loyaltyIds: [], externalIds: [], lastActivityAt: null, eventCount: 2 };

describe('api client', () => {
  it('turns a 400 into a HubError carrying the issues that name each field', async () => {
    const hub = await startTinyHub(() => ({
      status: 400,
      body: { error: { code: 'invalid_request', message: 'Invalid query', issues: [{ path: 'channel', message: 'unknown channel "fax"' }] } },
    }));
    close = hub.close;
    const api = createApiClient({ baseUrl: hub.url, getToken: () => 't0k' });
    const err = await api.getTimeline('c1', { channels: ['email'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', message: 'Invalid query', issues: [{ path: 'channel', message: 'unknown channel "fax"' }] });
    expect(hub.requests[0]!.url.searchParams.get('channel')).toBe('email');
  });

  it('sends the bearer token and parses responses with the shared schemas', async () => {
    const hub = await startTinyHub((r) => ({ status: 200, body: r.headers.authorization === 'Bearer t0k' ? { customers: [summary] } : { nope: 1 } }));
    close = hub.close;
    const api = createApiClient({ baseUrl: `${hub.url}/`, getToken: () => 't0k' });
    expect(await api.searchCustomers('ann')).toEqual([summary]);
    expect(hub.requests[0]!.url.pathname).toBe('/api/v1/customers');
    expect(hub.requests[0]!.url.searchParams.get('q')).toBe('ann');
  });

  it('rejects a response that does not match the contract', async () => {
    const hub = await startTinyHub(() => ({ status: 200, body: { customers: [{ id: 1 }] } }));
    close = hub.close;
    const api = createApiClient({ baseUrl: hub.url, getToken: () => 't' });
    await expect(api.searchCustomers('')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('reports 401 on console routes to onUnauthorized, but not on login', async () => {
    const hub = await startTinyHub(() => ({ status: 401, body: { error: { code: 'unauthorized', message: 'Wrong email or password', issues: [] } } }));
    close = hub.close;
    let expired = 0;
    const api = createApiClient({ baseUrl: hub.url, getToken: () => 'old', onUnauthorized: () => expired++ });
    await expect(api.login({ email: 'a@b.co', password: 'x' })).rejects.toMatchObject({ status: 401, message: 'Wrong email or password' });
    expect(expired).toBe(0);
    await expect(api.getProfile('c1')).rejects.toBeInstanceOf(HubError);
    expect(expired).toBe(1);
  });
});
