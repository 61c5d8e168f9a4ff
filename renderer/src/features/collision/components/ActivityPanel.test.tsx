import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { emptyActivity, type CustomerActivity } from '../../../../../shared/index.js';
import { HubProvider } from '../../../api/HubProvider.js';
import { createHubFetch } from '../../../api/hub-fetch.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { useSession } from '../../auth/session-store.js';
import { useComposingSignal } from '../hooks.js';
import { collisionLive } from '../live/handlers.js';
import { ActivityBadge } from './ActivityBadge.js';
import { ActivityPanel } from './ActivityPanel.js';

const ME = { id: 'usr_me', email: 'me@x.test', name: 'Me Myself', role: 'agent' as const };
const BUSY: CustomerActivity = {
  customerId: 'cus_1',
  viewers: [
    { userId: 'usr_ana', name: 'Ana Ruiz', since: '2026-01-12T14:00:00.000Z' },
    { userId: 'usr_me', name: 'Me Myself', since: '2026-01-12T14:00:00.000Z' },
    { userId: 'usr_grace', name: 'Grace Kim', since: '2026-01-12T14:00:00.000Z' },
  ],
  composers: [{ userId: 'usr_grace', name: 'Grace Kim', channel: 'email', conversationId: null, since: '2026-01-12T14:01:00.000Z' }],
  call: { state: 'connected', direction: 'inbound', agentName: 'Tom Baker', since: '2026-01-12T14:02:00.000Z' },
  storeVisit: { storeName: 'Union Square', since: '2026-01-12T13:40:00.000Z' },
};

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let served: Record<string, CustomerActivity>;
beforeEach(async () => {
  useSession.getState().signIn('tok', ME);
  served = { cus_1: BUSY };
  hub = await startTinyHub((r) => {
    const one = /^\/api\/v1\/customers\/([^/]+)\/activity$/.exec(r.url.pathname);
    if (one) return { status: 200, body: served[one[1]!] ?? emptyActivity(one[1]!) };
    if (r.url.pathname === '/api/v1/activity') {
      const ids = (r.url.searchParams.get('customerIds') ?? '').split(',');
      return { status: 200, body: { activities: ids.map((id) => served[id] ?? emptyActivity(id)) } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

function renderWith(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={qc}>
      <HubProvider hub={createHubFetch({ baseUrl: hub.url, getToken: () => 'tok' })}>{ui}</HubProvider>
    </QueryClientProvider>,
  );
  return { qc, ...view };
}

describe('ActivityPanel', () => {
  it('names who replies, the live call, the store visit and who views, never the signed-in user or an id', async () => {
    renderWith(<ActivityPanel customerId="cus_1" />);
    const panel = await screen.findByTestId('collision-panel');
    await waitFor(() => expect(panel.textContent).toContain('Grace Kim is replying by email'));
    const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(new Date('2026-01-12T14:02:00.000Z'));
    expect(screen.getByTestId('collision-call').textContent).toBe(`On a call with Tom Baker since ${time}`);
    expect(screen.getByTestId('collision-store').textContent).toBe('In the Union Square store now');
    // Grace is replying, so she is not listed again as a viewer; I am left out.
    expect(screen.getByTestId('collision-viewing').textContent).toBe('Ana Ruiz is viewing');
    expect(panel.textContent).not.toMatch(/usr_|Me Myself/);
  });

  it('says I am viewing on mount and that I left on unmount', async () => {
    const { unmount } = renderWith(<ActivityPanel customerId="cus_1" />);
    await waitFor(() => expect(hub.requests.some((r) => r.method === 'POST' && JSON.parse(r.body).kind === 'viewing')).toBe(true));
    unmount();
    await waitFor(() => expect(hub.requests.some((r) => r.method === 'POST' && JSON.parse(r.body).active === false)).toBe(true));
  });

  it('follows customer:activity live: a stop clears the line', async () => {
    const { qc } = renderWith(<ActivityPanel customerId="cus_1" />);
    await screen.findByTestId('collision-composing');
    const quiet = { ...BUSY, composers: [], call: null, storeVisit: null, viewers: [] };
    served = { cus_1: quiet };
    act(() => collisionLive['customer:activity']!({ customerId: 'cus_1', activity: quiet }, { qc, view: () => ({ customerId: 'cus_1', channels: [] }), follow: () => {} }));
    await waitFor(() => expect(screen.queryByTestId('collision-composing')).toBeNull());
    expect(screen.getByTestId('collision-panel').textContent).toBe('');
  });
});

describe('ActivityBadge', () => {
  it('shows the most urgent line per row, and a page of rows makes one request', async () => {
    served = { cus_1: BUSY, cus_2: { ...emptyActivity('cus_2'), viewers: [{ userId: 'usr_ana', name: 'Ana Ruiz', since: '2026-01-12T14:00:00.000Z' }] } };
    renderWith(
      <ul>
        {['cus_1', 'cus_2', 'cus_3'].map((id) => (
          <li key={id} data-testid={`row-${id}`}>
            <ActivityBadge customerId={id} />
          </li>
        ))}
      </ul>,
    );
    await waitFor(() => expect(screen.getAllByTestId('activity-badge')).toHaveLength(2));
    expect(screen.getByTestId('row-cus_1').textContent).toBe('Grace replying +3');
    expect(screen.getByTestId('row-cus_2').textContent).toBe('Ana viewing');
    expect(screen.getByTestId('row-cus_3').textContent).toBe('');
    expect(screen.getByTestId('row-cus_1').querySelector('[data-testid=activity-badge]')!.getAttribute('title')).toContain('Grace Kim is replying by email');
    expect(hub.requests.filter((r) => r.url.pathname === '/api/v1/activity')).toHaveLength(1);
  });
});

describe('useComposingSignal', () => {
  it('sends "replying" on the first keystroke, at most every few seconds after, and stops on send and unmount', async () => {
    function Composer() {
      const composing = useComposingSignal('cus_1', 'sms', 'cnv_9');
      return (
        <>
          <textarea aria-label="reply" onChange={() => composing.onTyping()} />
          <button type="button" onClick={() => composing.stop()}>
            Send
          </button>
        </>
      );
    }
    const { unmount } = renderWith(<Composer />);
    const box = screen.getByLabelText('reply');
    fireEvent.change(box, { target: { value: 'H' } });
    fireEvent.change(box, { target: { value: 'He' } });
    fireEvent.change(box, { target: { value: 'Hel' } });
    const posts = () => hub.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]).toEqual({ kind: 'composing', channel: 'sms', conversationId: 'cnv_9' });
    fireEvent.click(screen.getByText('Send'));
    await waitFor(() => expect(posts()).toHaveLength(2));
    expect(posts()[1]).toMatchObject({ kind: 'composing', active: false });
    // Nothing typed since the send: unmounting has nothing to stop.
    unmount();
    await new Promise((r) => setTimeout(r, 50));
    expect(posts()).toHaveLength(2);
  });
});
