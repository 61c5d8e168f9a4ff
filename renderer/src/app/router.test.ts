import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from '@tanstack/react-router';
import { useSession } from '../features/auth/session-store.js';
import { createAppRouter, safeRedirect } from './router.js';

afterEach(() => useSession.getState().signOut());

async function routerAt(path: string) {
  const router = createAppRouter(createMemoryHistory({ initialEntries: [path] }));
  await router.load();
  return router;
}

describe('app routes', () => {
  it('sends a signed-out deep link to login, remembering where it was going', async () => {
    const router = await routerAt('/customers/cus_1?channels=sms');
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toEqual({ redirect: '/customers/cus_1?channels=sms' });
    expect((await routerAt('/')).state.location.search).toEqual({});
  });

  it('takes a signed-in user from login straight on to the (in-app) target', async () => {
    useSession.getState().signIn('tok', { id: 'u', email: 'a@x', name: 'A', role: 'agent' });
    const router = await routerAt(`/login?redirect=${encodeURIComponent('/customers/cus_1?channels=sms')}`);
    expect(router.state.location.pathname).toBe('/customers/cus_1');
    expect(router.state.location.search).toEqual({ channels: 'sms' });
    expect((await routerAt(`/login?redirect=${encodeURIComponent('//evil.example/x')}`)).state.location.pathname).toBe('/');
  });

  it('parses the customer filter from the URL and every feature screen has a route', async () => {
    useSession.getState().signIn('tok', { id: 'u', email: 'a@x', name: 'A', role: 'admin' });
    const router = await routerAt('/customers/cus_1?channels=fax,email');
    expect(router.state.matches.at(-1)!.search).toEqual({ channels: 'email' }); // what the screen reads
    for (const path of ['/value', '/admin/connectors']) {
      const r = await routerAt(path);
      expect(r.state.matches.at(-1)!.fullPath).toBe(path);
    }
  });

  it('accepts only in-app paths as post-login targets', () => {
    expect(safeRedirect('/customers/c1?channels=sms')).toBe('/customers/c1?channels=sms');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'customers/c1', 42, undefined]) expect(safeRedirect(bad)).toBe('/');
  });
});
