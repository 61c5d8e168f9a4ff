import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Team, UserAccount } from '../../../../../shared/users.js';
import { ScreenLinks } from '../../../app/ScreenLinks.js';
import { renderRouted } from '../../../test/render-routed.js';
import { startTinyHub, type TinyRequest } from '../../../test/tiny-hub.js';
import { useSession } from '../../auth/session-store.js';

const RETURNS: Team = { id: 'team_r', key: 'returns', name: 'Returns', description: null, members: [] };
const ANN: UserAccount = { id: 'u_ann', email: 'ann@omni.local', name: 'Ann Agent', role: 'agent', active: true, passwordChangeRequired: false, teams: [{ id: 'team_r', key: 'returns', name: 'Returns' }], createdAt: '2024-01-01T00:00:00.000Z', lastSeenAt: new Date(Date.now() - 5 * 60_000).toISOString() };
const BO: UserAccount = { id: 'u_bo', email: 'bo@omni.local', name: 'Bo Gone', role: 'associate', active: false, passwordChangeRequired: false, teams: [], createdAt: '2024-01-01T00:00:00.000Z', lastSeenAt: null };

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let users: UserAccount[];
const bodyOf = (r: TinyRequest) => JSON.parse(r.body) as Record<string, unknown>;
beforeEach(async () => {
  users = [ANN, BO];
  hub = await startTinyHub((r) => {
    if (r.method === 'GET' && r.url.pathname === '/api/v1/users') return { status: 200, body: { users } };
    if (r.method === 'GET' && r.url.pathname === '/api/v1/teams') return { status: 200, body: { teams: [RETURNS] } };
    if (r.method === 'POST' && r.url.pathname === '/api/v1/users') {
      const b = bodyOf(r);
      if (b['email'] === 'ann@omni.local') return { status: 409, body: { error: { code: 'conflict', message: 'email is taken', issues: [{ path: 'email', message: 'another user has this email' }] } } };
      const user: UserAccount = { id: 'u_new', email: String(b['email']), name: String(b['name']), role: b['role'] as UserAccount['role'], active: true, passwordChangeRequired: true, teams: [{ id: 'team_r', key: 'returns', name: 'Returns' }], createdAt: '2024-02-01T00:00:00.000Z', lastSeenAt: null };
      users = [...users, user];
      return { status: 201, body: { user, oneTimePassword: 'tulip-anchor-93' } };
    }
    if (r.method === 'POST' && r.url.pathname === '/api/v1/users/u_ann/sign-out') return { status: 200, body: { user: users[0] } };
    if (r.method === 'PATCH' && r.url.pathname === '/api/v1/users/u_ann') {
      users = users.map((u) => (u.id === 'u_ann' ? { ...u, ...(bodyOf(r) as Partial<UserAccount>) } : u));
      return { status: 200, body: { user: users[0] } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

const signInAs = (role: UserAccount['role']) => useSession.getState().signIn('tok', { id: 'u_me', email: 'me@x', name: 'Me', role });

describe('users screen', () => {
  it('is offered to admins only; anyone else opening its URL goes home', async () => {
    signInAs('lead');
    const { pathname } = await renderRouted(<ScreenLinks />, { hubUrl: hub.url, path: '/admin/users' });
    expect(screen.queryByTestId('open-users')).toBeNull();
    expect(screen.getByTestId('open-teams')).toBeTruthy();
    await waitFor(() => expect(pathname()).toBe('/'));
    cleanup();
    signInAs('associate');
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url });
    expect(screen.queryByTestId('open-teams')).toBeNull();
    expect(screen.queryByTestId('open-audit')).toBeNull();
  });

  it('lists users in words: role, teams, status', async () => {
    signInAs('admin');
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url, path: '/admin/users' });
    const rows = await screen.findAllByTestId('user-row');
    expect(rows.map((r) => r.getAttribute('data-email'))).toEqual(['ann@omni.local', 'bo@omni.local']);
    expect(rows[0]!.textContent).toContain('Agent');
    expect(rows[0]!.textContent).toContain('Returns');
    expect(rows[0]!.textContent).toContain('Active');
    expect(rows[0]!.textContent).toContain('5m ago');
    expect(rows[1]!.textContent).toContain('never');
    expect(rows[1]!.textContent).toContain('Store associate');
    expect(rows[1]!.textContent).toContain('Deactivated');
    expect(rows[0]!.textContent).not.toContain('u_ann');
  });

  it('creates a user and shows the one-time password once; a taken email is said beside the field', async () => {
    signInAs('admin');
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url, path: '/admin/users' });
    await screen.findAllByTestId('user-row');
    fireEvent.click(screen.getByTestId('new-user'));
    const dialog = screen.getByTestId('create-user');
    expect(document.activeElement).toBe(within(dialog).getByTestId('user-name'));
    fireEvent.change(within(dialog).getByTestId('user-name'), { target: { value: 'Cleo New' } });
    fireEvent.change(within(dialog).getByTestId('user-email'), { target: { value: 'ann@omni.local' } });
    fireEvent.change(within(dialog).getByTestId('user-role'), { target: { value: 'associate' } });
    fireEvent.click(within(dialog).getByLabelText('Returns'));
    fireEvent.click(within(dialog).getByTestId('create-user-submit'));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Another user has this email.');
    fireEvent.change(within(dialog).getByTestId('user-email'), { target: { value: 'cleo@omni.local' } });
    fireEvent.click(within(dialog).getByTestId('create-user-submit'));
    expect((await screen.findByTestId('one-time-password')).textContent).toBe('tulip-anchor-93');
    const post = hub.requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(bodyOf(post)).toEqual({ name: 'Cleo New', email: 'cleo@omni.local', role: 'associate', teamIds: ['team_r'] });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('one-time-password')).toBeNull();
    const row = await waitFor(() => screen.getAllByTestId('user-row').find((r) => r.getAttribute('data-email') === 'cleo@omni.local')!);
    expect(row.textContent).toContain('Has not chosen a password yet');
  });

  it('edits only what changed, and deactivates after a confirmation', async () => {
    signInAs('admin');
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url, path: '/admin/users' });
    fireEvent.click((await screen.findAllByRole('button', { name: 'Edit Ann Agent' }))[0]!);
    const dialog = screen.getByTestId('edit-user');
    fireEvent.change(within(dialog).getByTestId('user-role'), { target: { value: 'lead' } });
    expect(within(dialog).getByText(/signs Ann Agent out everywhere/)).toBeTruthy();
    fireEvent.click(within(dialog).getByTestId('save-user'));
    await waitFor(() => expect(screen.queryByTestId('edit-user')).toBeNull());
    expect(bodyOf(hub.requests.find((r) => r.method === 'PATCH')!)).toEqual({ role: 'lead' });

    // Sign out everywhere: one request, a confirmation in words, the account untouched.
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Ann Agent' }));
    fireEvent.click(screen.getByTestId('sign-out-everywhere'));
    expect((await screen.findByTestId('signed-out')).textContent).toBe('Signed out everywhere.');
    expect(hub.requests.filter((r) => r.url.pathname === '/api/v1/users/u_ann/sign-out')).toHaveLength(1);
    fireEvent.click(within(screen.getByTestId('edit-user')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('edit-user')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Edit Ann Agent' }));
    fireEvent.click(screen.getByTestId('toggle-active'));
    fireEvent.click(screen.getByTestId('confirm-active'));
    await waitFor(() => expect(hub.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2));
    expect(bodyOf(hub.requests.filter((r) => r.method === 'PATCH')[1]!)).toEqual({ active: false });
    await waitFor(() => expect(screen.getAllByTestId('user-row')[0]!.textContent).toContain('Deactivated'));
  });
});
