import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { PrivacyRequest, Role } from '../../../../../shared/index.js';
import { ScreenLinks } from '../../../app/ScreenLinks.js';
import { renderRouted } from '../../../test/render-routed.js';
import { startTinyHub, type TinyRequest } from '../../../test/tiny-hub.js';
import { useSession } from '../../auth/session-store.js';
import { exportFileName } from './ExportDialog.js';
import { PrivacyActions } from './PrivacyActions.js';
import { testProfile } from './test-profile.js';

/* Export and erase on the customer screen, and the privacy requests page, against a stand-in hub speaking the API's shapes. */

const profile = testProfile();
const REQUESTS: PrivacyRequest[] = [
  { id: 'prq_1', kind: 'data_request', connector: 'shopify', shop: 'acme.myshopify.com', customerId: 'cus_01JTEST', customerName: 'Ann Lee', status: 'open', description: 'Shopify asks for the data of one customer (3 orders)', receivedAt: new Date(Date.now() - 3_600_000).toISOString(), resolvedAt: null },
  { id: 'prq_2', kind: 'customer_redact', connector: 'shopify', shop: 'acme.myshopify.com', customerId: null, customerName: null, status: 'done', description: 'Shopify asks to erase one customer', receivedAt: new Date(Date.now() - 86_400_000).toISOString(), resolvedAt: new Date(Date.now() - 86_000_000).toISOString() },
];

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let seen: TinyRequest[];
let eraseAnswer: { status: number; body: unknown };
beforeEach(async () => {
  seen = [];
  eraseAnswer = { status: 200, body: { erasureId: 'era_1', customerId: 'cus_01JTEST', customerIds: ['cus_01JTEST', 'cus_01JOTHER'], erasedAt: '2026-12-01T10:00:00.000Z', identifiers: 3, events: 12, deadLetters: 0, attachments: 1 } };
  hub = await startTinyHub((r) => {
    seen.push(r);
    if (r.method === 'POST' && r.url.pathname === '/api/v1/customers/cus_01JTEST/erase') return eraseAnswer;
    if (r.method === 'GET' && r.url.pathname === '/api/v1/customers/cus_01JTEST/export') return { status: 200, body: { customerId: 'cus_01JTEST' } };
    if (r.method === 'GET' && r.url.pathname === '/api/v1/privacy/requests') return { status: 200, body: { requests: REQUESTS } };
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
  // jsdom has no object URLs: the download itself is the browser's.
  URL.createObjectURL = () => 'blob:test';
  URL.revokeObjectURL = () => undefined;
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

const signInAs = (role: Role) => useSession.getState().signIn('tok', { id: 'u_me', email: 'me@x', name: 'Me', role });

describe('privacy on the customer screen', () => {
  it('is offered to admins only', async () => {
    for (const role of ['lead', 'agent', 'associate'] as const) {
      signInAs(role);
      await renderRouted(<PrivacyActions profile={profile} />, { hubUrl: hub.url });
      expect(screen.queryByTestId('privacy-actions')).toBeNull();
      cleanup();
    }
    signInAs('admin');
    await renderRouted(<PrivacyActions profile={profile} />, { hubUrl: hub.url });
    expect(screen.getByTestId('open-export')).toBeTruthy();
    expect(screen.getByTestId('open-erase')).toBeTruthy();
  });

  it('erasing needs a reason and a confirmation, then says what went in words', async () => {
    signInAs('admin');
    await renderRouted(<PrivacyActions profile={profile} />, { hubUrl: hub.url });
    fireEvent.click(screen.getByTestId('open-erase'));
    const dialog = screen.getByTestId('erase-dialog');
    fireEvent.click(within(dialog).getByTestId('erase-submit'));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/reason/i);
    fireEvent.change(within(dialog).getByTestId('erase-reason'), { target: { value: 'asked by email to be forgotten' } });
    fireEvent.click(within(dialog).getByTestId('erase-submit'));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/cannot be undone/);
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId('erase-confirm'));
    fireEvent.click(within(dialog).getByTestId('erase-submit'));
    const done = await screen.findByTestId('erase-done');
    expect(done.textContent).toContain('Removed the personal data of 3 contact details, 12 events, 1 attachment across 2 merged records.');
    expect(done.textContent).not.toMatch(/cus_|era_/);
    expect(JSON.parse(seen.find((r) => r.method === 'POST')!.body)).toEqual({ reason: 'asked by email to be forgotten' });
  });

  it('a refusal from the hub is a clear sentence in the dialog', async () => {
    eraseAnswer = { status: 403, body: { error: { code: 'forbidden', message: 'erasing a customer’s data is for admins (needs permission privacy.erase)', issues: [{ path: 'authorization', message: 'needs permission privacy.erase' }] } } };
    signInAs('admin');
    await renderRouted(<PrivacyActions profile={profile} />, { hubUrl: hub.url });
    fireEvent.click(screen.getByTestId('open-erase'));
    const dialog = screen.getByTestId('erase-dialog');
    fireEvent.change(within(dialog).getByTestId('erase-reason'), { target: { value: 'asked to be forgotten' } });
    fireEvent.click(within(dialog).getByTestId('erase-confirm'));
    fireEvent.click(within(dialog).getByTestId('erase-submit'));
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toMatch(/for admins/));
  });

  it('exports as JSON or as a ZIP with the attachments, named after the person', async () => {
    signInAs('admin');
    await renderRouted(<PrivacyActions profile={profile} />, { hubUrl: hub.url });
    fireEvent.click(screen.getByTestId('open-export'));
    fireEvent.click(screen.getByTestId('export-format-zip'));
    fireEvent.click(screen.getByTestId('export-submit'));
    const done = await screen.findByTestId('export-done');
    expect(done.textContent).toMatch(/data-of-ann-lee-\d{4}-\d{2}-\d{2}\.zip/);
    const get = seen.find((r) => r.url.pathname.endsWith('/export'))!;
    expect(get.url.searchParams.get('format')).toBe('zip');
    expect(exportFileName('Zoë  O’Brien', 'json', new Date('2026-12-03T00:00:00Z'))).toBe('data-of-zoe-obrien-2026-12-03.json');
  });
});

describe('privacy requests page', () => {
  it('admins see waiting requests in words, with the customer to open; all on request', async () => {
    signInAs('admin');
    await renderRouted(<ScreenLinks />, { hubUrl: hub.url, path: '/admin/privacy' });
    const rows = await screen.findAllByTestId('privacy-request-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('Copy of their data');
    expect(rows[0]!.textContent).toContain('Waiting: open the customer and export the data');
    expect(within(rows[0]!).getByTestId('privacy-open-customer').textContent).toBe('Ann Lee');
    fireEvent.click(screen.getByTestId('privacy-only-open'));
    expect(await screen.findAllByTestId('privacy-request-row')).toHaveLength(2);
    expect(screen.getByText('Erased')).toBeTruthy();
  });

  it('is not offered to leads', async () => {
    signInAs('lead');
    const { pathname } = await renderRouted(<ScreenLinks />, { hubUrl: hub.url, path: '/admin/privacy' });
    expect(screen.queryByTestId('open-privacy')).toBeNull();
    await waitFor(() => expect(pathname()).toBe('/'));
  });
});
