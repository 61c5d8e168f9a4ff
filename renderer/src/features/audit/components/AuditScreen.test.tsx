import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { AuditLogEntry, CustomerProfile } from '../../../../../shared/index.js';
import { ScreenLinks } from '../../../app/ScreenLinks.js';
import { renderRouted } from '../../../test/render-routed.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { useSession } from '../../auth/session-store.js';
import { WhoViewedPanel } from './WhoViewedPanel.js';

const REVEAL: AuditLogEntry = {
  id: 'aud_2',
  seq: 2,
  at: '2024-05-01T10:00:00.000Z',
  action: 'customer.pii.reveal',
  actionLabel: 'Revealed contact details',
  actor: { kind: 'user', userId: 'u_sam', name: 'Sam Store' },
  subject: { type: 'customer', id: 'cus_nora', label: 'Nora Vale' },
  related: null,
  reason: 'customer at the counter',
  details: { until: '2024-05-01T10:15:00.000Z' },
};
const LOGIN_FAIL: AuditLogEntry = { ...REVEAL, id: 'aud_1', seq: 1, action: 'auth.login.failed', actionLabel: 'Failed sign-in', actor: { kind: 'anonymous', userId: null, name: 'Unknown person' }, subject: { type: 'login', id: 'x', label: 'sign-in as nobody@x' }, reason: null, details: {} };

const profile = { id: 'cus_nora', displayName: 'Nora Vale' } as CustomerProfile;

let hub: Awaited<ReturnType<typeof startTinyHub>>;
beforeEach(async () => {
  hub = await startTinyHub((r) => {
    if (r.url.pathname === '/api/v1/audit') {
      const action = r.url.searchParams.get('action');
      const before = r.url.searchParams.get('before');
      if (before === '2') return { status: 200, body: { entries: [LOGIN_FAIL], nextBefore: null } };
      return { status: 200, body: { entries: action === 'auth.login.failed' ? [LOGIN_FAIL] : [REVEAL], nextBefore: action ? null : '2' } };
    }
    if (r.url.pathname === '/api/v1/audit/verify') return { status: 200, body: { ok: false, rows: 12, head: null, broken: { seq: 7, id: 'aud_7', reason: 'hash does not match the entry' } } };
    if (r.url.pathname === '/api/v1/users') return { status: 200, body: { users: [{ id: 'u_sam', email: 's@x', name: 'Sam Store', role: 'associate', active: true, passwordChangeRequired: false, teams: [], createdAt: '2024-01-01T00:00:00.000Z', lastSeenAt: null }] } };
    if (r.url.pathname === '/api/v1/customers/cus_nora/viewers')
      return { status: 200, body: { viewers: [{ userId: 'u_sam', name: 'Sam Store', role: 'associate', lastViewedAt: new Date().toISOString(), views: 3 }], totalViews: 3 } };
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

const signInAs = (role: 'lead' | 'agent') => useSession.getState().signIn('tok', { id: 'u_me', email: 'me@x', name: 'Me', role });

describe('audit screen', () => {
  it('shows rows in words (no ids), filters by action and person in the URL, pages to older rows', async () => {
    signInAs('lead');
    const { router } = await renderRouted(<ScreenLinks />, { hubUrl: hub.url });
    fireEvent.click(screen.getByTestId('open-audit'));
    const row = await screen.findByTestId('audit-row');
    expect(row.textContent).toContain('Sam Store');
    expect(row.textContent).toContain('Revealed contact details');
    expect(row.textContent).toContain('Nora Vale');
    expect(row.textContent).toContain('customer at the counter');
    expect(row.textContent).not.toMatch(/cus_nora|u_sam|aud_2/);
    fireEvent.click(screen.getByRole('button', { name: 'Older entries' }));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
    expect(screen.getAllByTestId('audit-row')[1]!.textContent).toContain('Unknown person');

    fireEvent.change(screen.getByTestId('audit-action'), { target: { value: 'auth.login.failed' } });
    await waitFor(() => expect(router.state.location.search).toEqual({ action: 'auth.login.failed' }));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(1));
    expect(hub.requests.at(-1)!.url.searchParams.get('action')).toBe('auth.login.failed');
    await waitFor(() => expect(screen.getByTestId('audit-actor').querySelectorAll('option')).toHaveLength(2));
    fireEvent.change(screen.getByTestId('audit-actor'), { target: { value: 'u_sam' } });
    await waitFor(() => expect(hub.requests.some((r) => r.url.searchParams.get('actor') === 'u_sam' && r.url.searchParams.get('action') === 'auth.login.failed')).toBe(true));
  });

  it('checks the record on demand and says where it is broken', async () => {
    signInAs('lead');
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url, path: '/admin/audit' });
    await screen.findByTestId('audit-row');
    expect(hub.requests.some((r) => r.url.pathname === '/api/v1/audit/verify')).toBe(false);
    fireEvent.click(screen.getByTestId('audit-verify'));
    await waitFor(() => expect(screen.getByTestId('audit-verify-result').textContent).toBe('Broken at entry 7: hash does not match the entry.'));
  });

  it('is not offered to agents', async () => {
    signInAs('agent');
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url });
    expect(screen.queryByTestId('open-audit')).toBeNull();
  });
});

describe('who viewed this customer', () => {
  it('lists viewers for leads, links to the customer’s audit, and is absent for agents (nothing asked)', async () => {
    signInAs('lead');
    const { router } = await renderRouted(<WhoViewedPanel profile={profile} />, { hubUrl: hub.url });
    const viewer = await screen.findByTestId('viewer');
    expect(viewer.textContent).toContain('Sam Store');
    expect(viewer.textContent).toContain('Store associate');
    expect(viewer.textContent).toContain('3 views');
    fireEvent.click(screen.getByRole('button', { name: 'Everything recorded about this customer' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/audit'));
    expect(router.state.location.search).toEqual({ customerId: 'cus_nora' });
    cleanup();
    const asked = hub.requests.length;
    signInAs('agent');
    await renderRouted(<WhoViewedPanel profile={profile} />, { hubUrl: hub.url });
    expect(screen.queryByTestId('who-viewed')).toBeNull();
    expect(hub.requests.filter((r) => r.url.pathname.endsWith('/viewers')).length).toBe(hub.requests.slice(0, asked).filter((r) => r.url.pathname.endsWith('/viewers')).length);
  });
});
