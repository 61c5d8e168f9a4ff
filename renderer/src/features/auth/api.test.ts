import { afterEach, describe, expect, it } from 'vitest';
import { createHubFetch } from '../../api/hub-fetch.js';
import { startTinyHub } from '../../test/tiny-hub.js';
import { createAuthApi, logOut } from './api.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('log out', () => {
  it('asks the hub to revoke the session with its token, then clears local state', async () => {
    const order: string[] = [];
    const hub = await startTinyHub((r) => {
      order.push(`${r.method} ${r.url.pathname} ${r.headers.authorization}`);
      return { status: 204, body: null };
    });
    close = hub.close;
    const api = createAuthApi(createHubFetch({ baseUrl: hub.url, getToken: () => 't0k' }));
    await logOut(api, () => order.push('signed out'));
    expect(order).toEqual(['POST /api/v1/auth/logout Bearer t0k', 'signed out']);
  });

  it('still clears local state when the hub cannot be reached or refuses', async () => {
    let signedOut = 0;
    const api = createAuthApi(createHubFetch({ baseUrl: 'http://127.0.0.1:9', getToken: () => 't0k' }));
    await logOut(api, () => signedOut++);
    const hub = await startTinyHub(() => ({ status: 401, body: { error: { code: 'unauthorized', message: 'expired', issues: [] } } }));
    close = hub.close;
    await logOut(createAuthApi(createHubFetch({ baseUrl: hub.url, getToken: () => 't0k' })), () => signedOut++);
    expect(signedOut).toBe(2);
  });
});
