import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Team, UserAccount } from '../../../../../shared/users.js';
import { ScreenLinks } from '../../../app/ScreenLinks.js';
import { renderRouted } from '../../../test/render-routed.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { useSession } from '../../auth/session-store.js';

const ANN: UserAccount = { id: 'u_ann', email: 'ann@omni.local', name: 'Ann Agent', role: 'agent', active: true, passwordChangeRequired: false, teams: [], createdAt: '2024-01-01T00:00:00.000Z', lastSeenAt: null };
const SAM: UserAccount = { ...ANN, id: 'u_sam', email: 'sam@omni.local', name: 'Sam Store', role: 'associate' };

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let teams: Team[];
beforeEach(async () => {
  teams = [{ id: 'team_r', key: 'returns', name: 'Returns', description: 'Refunds and exchanges', members: [{ id: 'u_ann', name: 'Ann Agent', email: 'ann@omni.local', role: 'agent', active: true }] }];
  hub = await startTinyHub((r) => {
    if (r.method === 'GET' && r.url.pathname === '/api/v1/users') return { status: 200, body: { users: [ANN, SAM] } };
    if (r.method === 'GET' && r.url.pathname === '/api/v1/teams') return { status: 200, body: { teams } };
    if (r.method === 'POST' && r.url.pathname === '/api/v1/teams/team_r/members') {
      teams = [{ ...teams[0]!, members: [...teams[0]!.members, { id: 'u_sam', name: 'Sam Store', email: 'sam@omni.local', role: 'associate', active: true }] }];
      return { status: 200, body: { team: teams[0] } };
    }
    if (r.method === 'DELETE' && r.url.pathname === '/api/v1/teams/team_r/members/u_ann') {
      teams = [{ ...teams[0]!, members: teams[0]!.members.filter((m) => m.id !== 'u_ann') }];
      return { status: 200, body: { team: teams[0] } };
    }
    if (r.method === 'POST' && r.url.pathname === '/api/v1/teams') return { status: 409, body: { error: { code: 'conflict', message: 'team key returns is taken', issues: [{ path: 'key', message: 'a team already has the key returns' }] } } };
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
  useSession.getState().signIn('tok', { id: 'u_lee', email: 'lee@x', name: 'Lee', role: 'lead' });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

describe('teams screen (leads and admins)', () => {
  it('shows each team with its members in words; a lead adds and removes members', async () => {
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url });
    fireEvent.click(screen.getByTestId('open-teams'));
    const card = await screen.findByTestId('team-card');
    expect(card.textContent).toContain('Returns');
    expect(card.textContent).toContain('Ann Agent · Agent');
    const add = within(card).getByLabelText('Add a member to Returns');
    // Only people not yet in the team are offered.
    await waitFor(() => expect(within(add).queryByText('Sam Store (Store associate)')).not.toBeNull());
    expect(within(add).queryByText(/Ann Agent/)).toBeNull();
    fireEvent.change(add, { target: { value: 'u_sam' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(screen.getAllByTestId('team-member')).toHaveLength(2));
    expect(hub.requests.find((r) => r.method === 'POST')!.body).toBe('{"userId":"u_sam"}');
    fireEvent.click(screen.getByRole('button', { name: 'Remove Ann Agent from Returns' }));
    await waitFor(() => expect(screen.getAllByTestId('team-member')).toHaveLength(1));
  });

  it('a taken team key is said beside the key field', async () => {
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url, path: '/admin/teams' });
    fireEvent.click(await screen.findByTestId('new-team'));
    const dialog = screen.getByTestId('create-team');
    fireEvent.change(within(dialog).getByTestId('team-name'), { target: { value: 'Returns' } });
    expect(within(dialog).getByPlaceholderText('returns')).toBeTruthy();
    fireEvent.click(within(dialog).getByTestId('create-team-submit'));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('A team already has the key returns.');
  });
});
