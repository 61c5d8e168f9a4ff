import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryHistory } from '@tanstack/react-router';
import { createAppRouter } from '../../../app/router.js';
import { renderRouted } from '../../../test/render-routed.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { forgetOneTimePassword, rememberOneTimePassword } from '../first-login.js';
import { useSession } from '../session-store.js';
import { SetPasswordScreen } from './SetPasswordScreen.js';

let hub: Awaited<ReturnType<typeof startTinyHub>>;
beforeEach(async () => {
  hub = await startTinyHub((r) => {
    if (r.method === 'POST' && r.url.pathname === '/api/v1/auth/password') {
      const b = JSON.parse(r.body) as { currentPassword: string };
      if (b.currentPassword !== 'tulip-anchor-93') return { status: 400, body: { error: { code: 'invalid_request', message: 'invalid body', issues: [{ path: 'currentPassword', message: 'the current password is wrong' }] } } };
      return { status: 204, body: null };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
  useSession.getState().signIn('tok', { id: 'u_sam', email: 'sam@x', name: 'Sam Store', role: 'associate' }, true);
});
afterEach(async () => {
  cleanup();
  forgetOneTimePassword();
  useSession.getState().signOut();
  await hub.close();
});

async function routerAt(path: string) {
  const router = createAppRouter(createMemoryHistory({ initialEntries: [path] }));
  await router.load();
  return router;
}

describe('first sign-in with a one-time password', () => {
  it('every console URL leads to the set-password screen (remembering the target) until a password is chosen', async () => {
    for (const path of ['/', '/admin/users', '/customers/cus_1']) {
      const r = await routerAt(path);
      expect(r.state.location.pathname).toBe('/set-password');
      expect(r.state.location.search).toEqual(path === '/' ? {} : { redirect: path });
    }
    useSession.getState().passwordChanged();
    expect((await routerAt('/set-password?redirect=%2Fcustomers%2Fcus_1')).state.location.pathname).toBe('/customers/cus_1');
    useSession.getState().signOut();
    expect((await routerAt('/set-password')).state.location.pathname).toBe('/login');
  });

  it('asks only for the new password twice (the one-time one is held from login), checks them, then goes on', async () => {
    rememberOneTimePassword('tulip-anchor-93');
    let done = 0;
    await renderRouted(<SetPasswordScreen onDone={() => done++} />, { hubUrl: hub.url });
    expect(screen.queryByTestId('current-password')).toBeNull();
    expect(screen.getByText(/Welcome, Sam Store/)).toBeTruthy();
    fireEvent.change(screen.getByTestId('new-password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('save-password'));
    expect(screen.getByRole('alert').textContent).toContain('at least 8 characters');
    fireEvent.change(screen.getByTestId('new-password'), { target: { value: 'my-own-password' } });
    fireEvent.change(screen.getByTestId('confirm-password'), { target: { value: 'my-own-passw0rd' } });
    fireEvent.click(screen.getByTestId('save-password'));
    expect(screen.getByRole('alert').textContent).toContain('not the same');
    fireEvent.change(screen.getByTestId('confirm-password'), { target: { value: 'my-own-password' } });
    fireEvent.click(screen.getByTestId('save-password'));
    await waitFor(() => expect(done).toBe(1));
    expect(JSON.parse(hub.requests[0]!.body)).toEqual({ currentPassword: 'tulip-anchor-93', newPassword: 'my-own-password' });
    expect(useSession.getState().passwordChangeRequired).toBe(false);
  });

  it('after a reload asks for the one-time password too, and names a wrong one', async () => {
    await renderRouted(<SetPasswordScreen onDone={() => undefined} />, { hubUrl: hub.url });
    fireEvent.change(screen.getByTestId('current-password'), { target: { value: 'wrong-one' } });
    fireEvent.change(screen.getByTestId('new-password'), { target: { value: 'my-own-password' } });
    fireEvent.change(screen.getByTestId('confirm-password'), { target: { value: 'my-own-password' } });
    fireEvent.click(screen.getByTestId('save-password'));
    expect((await screen.findByTestId('set-password-error')).textContent).toBe('The current password is wrong.');
    expect(useSession.getState().passwordChangeRequired).toBe(true);
  });
});
