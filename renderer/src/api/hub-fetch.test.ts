import { afterEach, describe, expect, it } from 'vitest';
import { createAuthApi } from '../features/auth/api.js';
import { createCustomersApi } from '../features/customers/api.js';
import { createHubFetch } from './hub-fetch.js';
import { HubError } from './hub-error.js';
import { startTinyHub } from '../test/tiny-hub.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const summary = { id: 'c1', displayName: 'Ann Lee', emails: ['ann@x.co'], phones: [], loyaltyIds: [], externalIds: [], lastActivityAt: null, eventCount: 2 };

/** The fetch core under the customers and auth api modules (every feature api sits on the same core). */
function apis(opts: Parameters<typeof createHubFetch>[0]) {
  const hub = createHubFetch(opts);
  return { ...createCustomersApi(hub), ...createAuthApi(hub) };
}

describe('hub fetch core', () => {
  it('turns a 400 into a HubError carrying the issues that name each field', async () => {
    const hub = await startTinyHub(() => ({
      status: 400,
      body: { error: { code: 'invalid_request', message: 'Invalid query', issues: [{ path: 'channel', message: 'unknown channel "fax"' }] } },
    }));
    close = hub.close;
    const api = apis({ baseUrl: hub.url, getToken: () => 't0k' });
    const err = await api.getTimeline('c1', { channels: ['email'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', message: 'Invalid query', issues: [{ path: 'channel', message: 'unknown channel "fax"' }] });
    expect(hub.requests[0]!.url.searchParams.get('channel')).toBe('email');
  });

  it('sends the bearer token and parses responses with the shared schemas', async () => {
    const hub = await startTinyHub((r) => ({ status: 200, body: r.headers.authorization === 'Bearer t0k' ? { customers: [summary] } : { nope: 1 } }));
    close = hub.close;
    const api = apis({ baseUrl: `${hub.url}/`, getToken: () => 't0k' });
    expect(await api.searchCustomers('ann')).toEqual([summary]);
    expect(hub.requests[0]!.url.pathname).toBe('/api/v1/customers');
    expect(hub.requests[0]!.url.searchParams.get('q')).toBe('ann');
  });

  it('rejects a response that does not match the contract', async () => {
    const hub = await startTinyHub(() => ({ status: 200, body: { customers: [{ id: 1 }] } }));
    close = hub.close;
    const api = apis({ baseUrl: hub.url, getToken: () => 't' });
    await expect(api.searchCustomers('')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('reports 401 on console routes to onUnauthorized, but not on login', async () => {
    const hub = await startTinyHub(() => ({ status: 401, body: { error: { code: 'unauthorized', message: 'Wrong email or password', issues: [] } } }));
    close = hub.close;
    let expired = 0;
    const api = apis({ baseUrl: hub.url, getToken: () => 'old', onUnauthorized: () => expired++ });
    await expect(api.login({ email: 'a@b.co', password: 'x' })).rejects.toMatchObject({ status: 401, message: 'Wrong email or password' });
    expect(expired).toBe(0);
    await expect(api.getProfile('c1')).rejects.toBeInstanceOf(HubError);
    expect(expired).toBe(1);
  });
});

describe('hub fetch core: text answers', () => {
  it('returns a text body and parses an error body like JSON calls do', async () => {
    const hub = await startTinyHub((r) =>
      r.url.searchParams.get('part') === 'bad'
        ? { status: 403, body: { error: { code: 'forbidden', message: 'Leads only', issues: [] } } }
        : { status: 200, body: 'a,b' },
    );
    close = hub.close;
    const core = createHubFetch({ baseUrl: hub.url, getToken: () => 't0k' });
    expect(await core.text('/api/v1/value/export.csv?part=cohorts', 'text/csv')).toBe('"a,b"');
    expect(hub.requests[0]!.headers.accept).toBe('text/csv');
    expect(hub.requests[0]!.headers.authorization).toBe('Bearer t0k');
    await expect(core.text('/api/v1/value/export.csv?part=bad', 'text/csv')).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });
});
