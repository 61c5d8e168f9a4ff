import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HubProvider } from '../../../api/HubProvider.js';
import { createHubFetch } from '../../../api/hub-fetch.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { CallLogForm } from './CallLogForm.js';

/*
 * "Log call" against a tiny hub over real HTTP: what the agent chose is what is posted (minutes as seconds,
 * a callback time with its offset), a retry after a refusal reuses the key, the hub's field error is shown
 * beside its field, inbound calls offer only answered outcomes, and the keyboard alone logs and closes.
 */
let hub: Awaited<ReturnType<typeof startTinyHub>>;
let refuse: boolean;
const log = { id: 'evt_9', conversationId: 'cnv_1', customerId: 'cus_1', direction: 'outbound', outcome: 'reached', durationSec: 120, notes: null, callbackAt: null, agentId: 'usr_me', agentName: 'Me', countsAsResponse: true, occurredAt: '2026-12-03T10:00:00.000Z' };
beforeEach(async () => {
  refuse = false;
  hub = await startTinyHub((r) => {
    if (r.url.pathname === '/api/v1/conversations/cnv_1/call-logs' && r.method === 'POST') {
      if (refuse) return { status: 400, body: { error: { code: 'invalid_request', message: 'invalid request', issues: [{ path: 'notes', message: 'must be at most 5000 characters' }] } } };
      return { status: 201, body: { callLog: log, duplicate: false } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  await hub.close();
});

let closed = 0;
function renderForm() {
  closed = 0;
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <HubProvider hub={createHubFetch({ baseUrl: hub.url, getToken: () => 'tok' })}>
        <CallLogForm conversationId="cnv_1" onClose={() => closed++} />
      </HubProvider>
    </QueryClientProvider>,
  );
}
const posts = () => hub.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('CallLogForm', () => {
  it('posts the outcome, minutes as seconds and a callback time; says it is logged', async () => {
    renderForm();
    expect(document.activeElement).toBe(screen.getByTestId('call-log-outbound'));
    fireEvent.change(screen.getByTestId('call-log-outcome'), { target: { value: 'callback_requested' } });
    fireEvent.change(screen.getByTestId('call-log-minutes'), { target: { value: '4' } });
    fireEvent.change(screen.getByTestId('call-log-callback'), { target: { value: '2026-12-24T09:30' } });
    fireEvent.change(screen.getByTestId('call-log-notes'), { target: { value: '  Wants the refund on the card  ' } });
    fireEvent.click(screen.getByTestId('call-log-submit'));
    await waitFor(() => expect(screen.getByTestId('call-log-done').textContent).toBe('Call logged: callback requested.'));
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toMatchObject({ direction: 'outbound', outcome: 'callback_requested', durationSec: 240, notes: 'Wants the refund on the card', callbackAt: new Date('2026-12-24T09:30').toISOString() });
    expect(String(posts()[0]!['idempotencyKey'])).toMatch(/^call-/);
    expect((screen.getByTestId('call-log-notes') as HTMLTextAreaElement).value).toBe('');
  });

  it('shows the hub’s refusal beside the field and retries with the same key', async () => {
    refuse = true;
    renderForm();
    fireEvent.change(screen.getByTestId('call-log-notes'), { target: { value: 'long' } });
    fireEvent.keyDown(screen.getByTestId('call-log-notes'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.getByText('Must be at most 5000 characters.')).toBeTruthy());
    expect(screen.getByTestId('call-log-notes').getAttribute('aria-invalid')).toBe('true');
    refuse = false;
    fireEvent.click(screen.getByTestId('call-log-submit'));
    await waitFor(() => expect(screen.getByTestId('call-log-done')).toBeTruthy());
    expect(posts()).toHaveLength(2);
    expect(posts()[1]!['idempotencyKey']).toBe(posts()[0]!['idempotencyKey']);
    // The next log is a new one: a fresh key.
    fireEvent.click(screen.getByTestId('call-log-submit'));
    await waitFor(() => expect(posts()).toHaveLength(3));
    expect(posts()[2]!['idempotencyKey']).not.toBe(posts()[1]!['idempotencyKey']);
  });

  it('an inbound call offers only answered outcomes and says it counts as a response; Escape closes', async () => {
    renderForm();
    fireEvent.change(screen.getByTestId('call-log-outcome'), { target: { value: 'no_answer' } });
    expect(screen.getByText('Does not count as a response: the customer still waits')).toBeTruthy();
    fireEvent.click(screen.getByTestId('call-log-inbound'));
    const options = [...(screen.getByTestId('call-log-outcome') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['reached', 'resolved', 'callback_requested']);
    await waitFor(() => expect((screen.getByTestId('call-log-outcome') as HTMLSelectElement).value).toBe('reached'));
    expect(screen.getByText('Counts as your response to the customer')).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId('call-log-outcome'), { key: 'Escape' });
    expect(closed).toBe(1);
    expect(posts()).toHaveLength(0);
  });
});
