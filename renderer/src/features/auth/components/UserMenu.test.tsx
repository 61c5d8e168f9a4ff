import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SessionInfo } from '../../../../../shared/index.js';
import { renderRouted } from '../../../test/render-routed.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { useSession } from '../session-store.js';
import { UserMenu } from './UserMenu.js';

const now = Date.now();
const iso = (minAgo: number) => new Date(now - minAgo * 60_000).toISOString();
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const APP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) OmniConsole/1.0 Chrome/126.0 Electron/31.0 Safari/537.36';

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let sessions: SessionInfo[];
beforeEach(async () => {
  sessions = [
    { id: 'ses_here', userId: 'u', createdAt: iso(30), lastSeenAt: iso(0), expiresAt: iso(-600), userAgent: CHROME, clientAddress: '127.0.0.1', current: true },
    { id: 'ses_store', userId: 'u', createdAt: iso(60 * 26), lastSeenAt: iso(90), expiresAt: iso(-60), userAgent: APP, clientAddress: '10.0.0.7', current: false },
  ];
  hub = await startTinyHub((r) => {
    if (r.method === 'GET' && r.url.pathname === '/api/v1/auth/sessions') return { status: 200, body: { sessions } };
    if (r.method === 'DELETE' && r.url.pathname === '/api/v1/auth/sessions/ses_store') {
      sessions = sessions.filter((s) => s.id !== 'ses_store');
      return { status: 204, body: null };
    }
    if (r.method === 'POST' && r.url.pathname === '/api/v1/auth/password') {
      const b = JSON.parse(r.body) as { currentPassword: string };
      if (b.currentPassword !== 'old-password') return { status: 400, body: { error: { code: 'invalid_request', message: 'invalid body', issues: [{ path: 'currentPassword', message: 'the current password is wrong' }] } } };
      return { status: 204, body: null };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
  useSession.getState().signIn('tok', { id: 'u', email: 'ann@x', name: 'Ann Agent', role: 'agent' });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

async function openMenuItem(name: string) {
  await renderRouted(<UserMenu />, { hubUrl: hub.url });
  const trigger = screen.getByTestId('user-menu');
  expect(trigger.textContent).toBe('Ann Agent · Agent');
  fireEvent.click(trigger);
  const menu = screen.getByRole('menu');
  // Keyboard: focus lands on the first item, arrows move.
  expect(document.activeElement).toBe(within(menu).getAllByRole('menuitem')[0]);
  fireEvent.keyDown(menu, { key: 'ArrowDown' });
  expect(document.activeElement).toBe(within(menu).getAllByRole('menuitem')[1]);
  fireEvent.click(within(menu).getByRole('menuitem', { name }));
}

describe('user menu', () => {
  it('My sessions: where, in words (no ids), this one marked, and signs out another', async () => {
    await openMenuItem('My sessions');
    const rows = await screen.findAllByTestId('my-session');
    expect(rows[0]!.textContent).toContain('Chrome on Linux');
    expect(rows[0]!.textContent).toContain('this session');
    expect(rows[1]!.textContent).toContain('Omni Console app on Windows');
    expect(rows[1]!.textContent).toContain('1d ago');
    expect(screen.getByTestId('my-sessions').textContent).not.toContain('ses_');
    expect(within(rows[0]!).queryByRole('button')).toBeNull(); // this one ends with Log out
    fireEvent.click(within(rows[1]!).getByRole('button', { name: /^Sign out Omni Console app on Windows/ }));
    await waitFor(() => expect(screen.getAllByTestId('my-session')).toHaveLength(1));
    expect(hub.requests.some((r) => r.method === 'DELETE' && r.url.pathname === '/api/v1/auth/sessions/ses_store')).toBe(true);
    fireEvent.keyDown(screen.getByTestId('my-sessions'), { key: 'Escape' });
    expect(screen.queryByTestId('my-sessions')).toBeNull();
  });

  it('Change password: says a wrong current password, then confirms the change', async () => {
    await openMenuItem('Change password');
    const dialog = screen.getByTestId('change-password');
    expect(document.activeElement).toBe(within(dialog).getByTestId('current-password'));
    fireEvent.change(within(dialog).getByTestId('current-password'), { target: { value: 'not-it' } });
    fireEvent.change(within(dialog).getByTestId('new-password'), { target: { value: 'a-new-password' } });
    fireEvent.change(within(dialog).getByTestId('confirm-password'), { target: { value: 'a-new-password' } });
    fireEvent.click(within(dialog).getByTestId('save-password'));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The current password is wrong.');
    fireEvent.change(within(dialog).getByTestId('current-password'), { target: { value: 'old-password' } });
    fireEvent.click(within(dialog).getByTestId('save-password'));
    // The confirmation replaces the form (the shared done dialog, same test id).
    await waitFor(() => expect(within(screen.getByTestId('change-password')).getByRole('status').textContent).toContain('Your password is changed'));
  });
});
