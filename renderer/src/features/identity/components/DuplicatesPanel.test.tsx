import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import type { CustomerProfile, DuplicateSuggestion } from '../../../../../shared/index.js';
import { renderRouted } from '../../../test/render-routed.js';
import { openedCustomer } from '../../../test/opened-customer.js';
import { useSession } from '../../auth/session-store.js';
import { customerKeys } from '../../customers/keys.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { applyCustomerSplit } from '../live/apply-split.js';
import { DuplicatesPanel } from './DuplicatesPanel.js';
import { MergeHistory } from './MergeHistory.js';

const SUGGESTION: DuplicateSuggestion = {
  customerId: 'cus_older',
  displayName: 'Bob Quill',
  score: 0.97,
  evidence: [
    { field: 'givenName', ours: 'robert', theirs: 'bob', agreement: 'partial', weight: 1.2 },
    { field: 'dob', ours: '19840307', theirs: '19840307', oursEntered: '1984-03-07', theirsEntered: '07/03/1984', agreement: 'agree', weight: 6.1 },
    { field: 'phone', ours: '14155550142', theirs: '14155550199', agreement: 'disagree', weight: -3 },
  ],
};

/** An event carried a household card of both: linked, not merged (issue 9). */
const SHARED_CARD: DuplicateSuggestion = {
  customerId: 'cus_ann',
  displayName: 'Ann Quill',
  score: 0.01,
  reason: 'shared-identifier',
  sharedKind: 'loyalty',
  evidence: [
    { field: 'givenName', ours: 'bob', theirs: 'ann', agreement: 'disagree', weight: -8.3 },
    { field: 'sharedId', ours: 'LC-77', theirs: 'LC-77', agreement: 'agree', weight: 0.8 },
  ],
};

const profile = (merges: CustomerProfile['merges']): CustomerProfile => ({
  id: 'cus_me',
  requestedId: 'cus_me',
  displayName: 'Robert Quill',
  emails: [],
  phones: [],
  loyaltyIds: [],
  externalIds: [],
  lastActivityAt: null,
  eventCount: 1,
  createdAt: '2024-01-01T00:00:00.000Z',
  stats: { eventCount: 1, channelCounts: {} as CustomerProfile['stats']['channelCounts'], lifetimeSpend: [], orderCount: 0, firstSeenAt: null, lastSeenAt: null },
  merges,
});

let hub: Awaited<ReturnType<typeof startTinyHub>>;
beforeEach(async () => {
  // Merge and undo are shown to roles that hold them (shared/permissions.ts): an agent here.
  useSession.getState().signIn('tok', { id: 'u_agent', email: 'agent@x', name: 'Agent', role: 'agent' });
  hub = await startTinyHub((r) => {
    if (r.method === 'GET' && r.url.pathname === '/api/v1/customers/cus_me/duplicates') return { status: 200, body: { suggestions: [SUGGESTION] } };
    if (r.method === 'GET' && r.url.pathname === '/api/v1/customers/cus_partner/duplicates') return { status: 200, body: { suggestions: [SHARED_CARD] } };
    if (r.method === 'POST' && r.url.pathname === '/api/v1/customers/cus_me/merge') return { status: 200, body: { mergeId: 'mrg_1', intoId: 'cus_older', fromId: 'cus_me' } };
    if (r.method === 'GET' && r.url.pathname === '/api/v1/customers/cus_me/audit') {
      const entry = { id: 'aud_1', at: '2024-01-03T00:00:00.000Z', actor: 'lead@x.com', action: 'undo', mergeId: 'mrg_old', customerId: 'cus_x', otherId: 'cus_me', reason: 'two people' };
      return { status: 200, body: { entries: [entry] } };
    }
    if (r.method === 'POST' && r.url.pathname === '/api/v1/merges/mrg_ok/undo') return { status: 200, body: { mergeId: 'mrg_ok', restoredId: 'cus_x', fromId: 'cus_me', undoneAt: '2024-02-01T00:00:00.000Z' } };
    if (r.method === 'POST' && r.url.pathname === '/api/v1/merges/mrg_chain/undo') {
      const message = 'customer "cus_me" was merged again later (merge "mrg_later"): undo that merge first';
      return { status: 409, body: { error: { code: 'conflict', message, issues: [{ path: 'mergeId', message }] } } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

let router: Awaited<ReturnType<typeof renderRouted>>['router'];
async function renderWith(ui: ReactNode, path = '/') {
  ({ router } = await renderRouted(ui, { hubUrl: hub.url, path }));
}

describe('DuplicatesPanel', () => {
  it('shows suggestions side by side with colour-coded evidence, and merges only after confirmation', async () => {
    await renderWith(<DuplicatesPanel customerId="cus_me" displayName="Robert Quill" />, '/customers/cus_me?channels=email');
    const card = await screen.findByTestId('duplicate-suggestion');
    expect(card.textContent).toContain('Bob Quill');
    expect(card.textContent).toContain('Strong match');
    expect(card.textContent).not.toMatch(/\d+%/);
    const rows = card.querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.getAttribute('data-agreement'))).toEqual(['partial', 'agree', 'disagree']);
    expect(rows[0]!.className).toBe('evidence-partial');
    // Shown as people write them, not as the matcher normalized them.
    expect(rows[0]!.textContent).toContain('Robert');
    expect(rows[0]!.textContent).toContain('Bob');
    // Where the hub knows what each source sent, that is what the agent reads.
    expect(rows[1]!.textContent).toContain('1984-03-07');
    expect(rows[1]!.textContent).toContain('07/03/1984');

    fireEvent.click(screen.getByText('Merge…'));
    const dialog = screen.getByTestId('merge-confirm');
    expect(hub.requests.some((r) => r.method === 'POST')).toBe(false);
    fireEvent.change(dialog.querySelector('input')!, { target: { value: 'same dob' } });
    fireEvent.click(screen.getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(screen.queryByTestId('merge-confirm')).toBeNull());
    const post = hub.requests.find((r) => r.method === 'POST')!;
    expect(post.url.pathname).toBe('/api/v1/customers/cus_me/merge');
    expect(JSON.parse(post.body)).toEqual({ otherId: 'cus_older', reason: 'same dob' });
    // The older customer survived: the workspace follows it.
    await waitFor(() => expect(openedCustomer(router)).toBe('cus_older'));
    expect(router.state.location.search).toEqual({ channels: 'email' }); // the filter is kept
  });
});

describe('DuplicatesPanel: household card links', () => {
  it('says why a linked customer is listed and labels the shared card in words', async () => {
    await renderWith(<DuplicatesPanel customerId="cus_partner" displayName="Bob Quill" />);
    const card = await screen.findByTestId('duplicate-suggestion');
    expect(screen.getByTestId('duplicate-shared').textContent).toContain('Shares a household loyalty card');
    const labels = [...card.querySelectorAll('tbody th')].map((th) => th.textContent);
    expect(labels).toEqual(['Given name', 'Shared card']);
  });
});

describe('what an associate sees', () => {
  it('no Merge button on suggestions and no Undo in the merge history (associates may do neither)', async () => {
    useSession.getState().signIn('tok', { id: 'u_assoc', email: 'assoc@x', name: 'Sam', role: 'associate' });
    await renderWith(<DuplicatesPanel customerId="cus_me" displayName="Robert Quill" />);
    expect(await screen.findByTestId('duplicate-suggestion')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Merge…' })).toBeNull();
    cleanup();
    const merge = { id: 'mrg_ok', fromId: 'cus_x', intoId: 'cus_me', reason: 'same email', bridgingIdentifier: null, actor: 'agent@x', at: '2024-01-02T00:00:00.000Z', undoneAt: null };
    await renderWith(<MergeHistory profile={profile([merge])} />);
    expect(screen.getByTestId('merge-history')).toBeTruthy();
    expect(screen.queryByTestId('merge-undo')).toBeNull();
  });
});

describe('MergeHistory', () => {
  const m = (id: string, undoneAt: string | null) => ({ id, fromId: 'cus_x', intoId: 'cus_me', reason: 'manual merge', bridgingIdentifier: null, actor: 'agent@x.com', at: '2024-01-02T00:00:00.000Z', undoneAt });

  it('offers Undo on merges in effect and posts it; a refused undo shows the hub message', async () => {
    await renderWith(<MergeHistory profile={profile([m('mrg_ok', null), m('mrg_chain', null), m('mrg_old', '2024-01-03T00:00:00.000Z')])} />);
    expect(screen.getByTestId('merge-history')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('merge-history').textContent).toContain('by lead@x.com (two people)'));
    const undos = screen.getAllByTestId('merge-undo');
    expect(undos).toHaveLength(2);
    fireEvent.click(undos[0]!);
    await waitFor(() => expect(hub.requests.some((r) => r.url.pathname === '/api/v1/merges/mrg_ok/undo')).toBe(true));
    await waitFor(() => expect((undos[1] as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(undos[1]!);
    expect((await screen.findByRole('alert')).textContent).toContain('undo that merge first');
  });

  it('customer:split invalidates both profiles and timelines', () => {
    const qc = new QueryClient();
    qc.setQueryData(customerKeys.profile('cus_me'), profile([]));
    qc.setQueryData(customerKeys.profile('cus_x'), profile([]));
    qc.setQueryData(customerKeys.profile('cus_other'), profile([]));
    applyCustomerSplit(qc, { mergeId: 'mrg_ok', restoredId: 'cus_x', fromId: 'cus_me' });
    expect(qc.getQueryState(customerKeys.profile('cus_me'))?.isInvalidated).toBe(true);
    expect(qc.getQueryState(customerKeys.profile('cus_x'))?.isInvalidated).toBe(true);
    expect(qc.getQueryState(customerKeys.profile('cus_other'))?.isInvalidated).toBe(false);
  });
});
