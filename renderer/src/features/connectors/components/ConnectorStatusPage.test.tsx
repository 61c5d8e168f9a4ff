import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DeadLetter } from '../../../../../shared/index.js';
import { ScreenLinks } from '../../../app/ScreenLinks.js';
import { renderRouted } from '../../../test/render-routed.js';
import { useSession } from '../../auth/session-store.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { bodyPreview } from '../body-preview.js';

const LETTER: DeadLetter = {
  id: 'dlq_1',
  connector: 'shopify',
  status: 'open',
  httpStatus: 401,
  reason: 'X-Shopify-Hmac-Sha256 does not match the body',
  headers: { 'x-shopify-topic': 'orders/create', authorization: '[redacted]' },
  url: '/api/v1/connectors/shopify',
  contentType: 'application/json',
  bodyBase64: btoa('{"id":1,"note":"<img src=x onerror=alert(1)>"}'),
  bodyBytes: 44,
  receivedAt: '2024-05-01T10:00:00.000000Z',
  attempts: 0,
  lastAttemptAt: null,
  resolvedAt: null,
};

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let resolved = false;
beforeEach(async () => {
  resolved = false;
  hub = await startTinyHub((r) => {
    if (r.method === 'GET' && r.url.pathname === '/api/v1/connectors')
      return {
        status: 200,
        body: {
          connectors: [
            { connector: 'shopify', lastDeliveryAt: '2024-05-01T10:00:00.000000Z', lastOkAt: null, lastErrorAt: '2024-05-01T10:00:00.000000Z', lastError: 'signature mismatch', okCount: 12, errorCount: 3, openDeadLetters: resolved ? 0 : 1 },
            { connector: 'pos', lastDeliveryAt: null, lastOkAt: null, lastErrorAt: null, lastError: null, okCount: 0, errorCount: 0, openDeadLetters: 0 },
          ],
        },
      };
    if (r.method === 'GET' && r.url.pathname === '/api/v1/dead-letters') return { status: 200, body: { deadLetters: resolved ? [] : [LETTER] } };
    if (r.method === 'POST' && r.url.pathname === '/api/v1/dead-letters/dlq_1/replay') {
      resolved = true;
      return { status: 200, body: { ok: true, error: null, response: { results: [] }, deadLetter: { ...LETTER, status: 'resolved', attempts: 1, resolvedAt: '2024-05-01T11:00:00.000000Z' } } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

function renderButton(path = '/') {
  return renderRouted(<ScreenLinks />, { hubUrl: hub.url, path });
}

describe('connector status page', () => {
  it('is only offered to admins, and its URL sends anyone else home', async () => {
    useSession.getState().signIn('tok', { id: 'u', email: 'a@x', name: 'Agent', role: 'agent' });
    const { pathname } = await renderButton('/admin/connectors');
    expect(screen.queryByTestId('open-connectors')).toBeNull();
    await waitFor(() => expect(pathname()).toBe('/'));
    expect(screen.queryByTestId('connectors-page')).toBeNull();
  });

  it('opens from its URL (a deep link) and closes to the home view', async () => {
    useSession.getState().signIn('tok', { id: 'u', email: 'a@x', name: 'Admin', role: 'admin' });
    const { pathname } = await renderButton('/admin/connectors');
    expect(await screen.findByTestId('connectors-page')).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(pathname()).toBe('/'));
    expect(screen.queryByTestId('connectors-page')).toBeNull();
  });

  it('shows per-connector counters and dead letters, and replays one', async () => {
    useSession.getState().signIn('tok', { id: 'u', email: 'a@x', name: 'Admin', role: 'admin' });
    const { pathname } = await renderButton();
    fireEvent.click(screen.getByTestId('open-connectors'));
    await waitFor(() => expect(pathname()).toBe('/admin/connectors'));
    const rows = await screen.findAllByTestId('connector-row');
    expect(rows.map((r) => r.getAttribute('data-connector'))).toEqual(['shopify', 'pos']);
    expect(rows[0]!.textContent).toContain('signature mismatch');
    expect(rows[1]!.textContent).toContain('never');
    const letter = await screen.findByTestId('dead-letter');
    expect(letter.textContent).toContain('does not match');
    // The raw body is shown as text, never as markup.
    expect(letter.querySelector('img')).toBeNull();
    expect(letter.querySelector('pre')!.textContent).toContain('<img src=x onerror=alert(1)>');
    fireEvent.click(within(letter).getByRole('button', { name: 'Replay' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Replayed'));
    expect(hub.requests.some((r) => r.method === 'POST' && r.url.pathname === '/api/v1/dead-letters/dlq_1/replay')).toBe(true);
    await waitFor(() => expect(screen.queryByText(/Nothing waiting/)).not.toBeNull());
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('connectors-page')).toBeNull());
    expect(pathname()).toBe('/'); // back where the admin came from
  });

  it('previews bodies as text and says when they are empty or long', () => {
    expect(bodyPreview(btoa('hello'))).toBe('hello');
    expect(bodyPreview('')).toBe('(empty body)');
    expect(bodyPreview(btoa('x'.repeat(20)), 5)).toBe('xxxxx\n… (15 more characters)');
  });
});
