import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { RecommendedAction, TimelineItem as Item } from '../../../../../shared/index.js';
import { HubProvider } from '../../../api/HubProvider.js';
import { createHubFetch } from '../../../api/hub-fetch.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { TimelineItem } from '../../customers/components/TimelineItem.js';
import { ActionsPanel } from './ActionsPanel.js';
import { useHighlight } from '../../customers/highlight.js';

const ACTIONS: RecommendedAction[] = [
  {
    id: 'act.escalate_to_lead.new.cus_me.1',
    kind: 'escalate_to_lead',
    title: 'Escalate to a team lead',
    score: 0.41,
    reasons: [
      { text: '3 contacts in 7 days', eventIds: ['evt_a', 'evt_b'] },
      { text: 'Negative words', eventIds: ['evt_b'] },
    ],
    execute: { label: 'Create an escalation task for a lead', creates: 'task' },
  },
  { id: 'act.reply_now.new.cus_me.2', kind: 'reply_now', title: 'Reply on email', score: 0.3, reasons: [{ text: 'Unanswered email', eventIds: ['evt_c'] }], execute: { label: 'Create a reply task', creates: 'task' } },
];

const item = (id: string): Item => ({ id, customerId: 'cus_me', channel: 'phone', type: 'call.completed', occurredAt: '2025-06-01T10:00:00.000Z', summary: 'A call', source: 't', sourceEventId: id, data: {}, seq: 1 });

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let served: RecommendedAction[];
beforeEach(async () => {
  useHighlight.getState().clear();
  served = ACTIONS;
  hub = await startTinyHub((r) => {
    if (r.method === 'GET' && r.url.pathname === '/api/v1/customers/cus_me/actions') return { status: 200, body: { actions: served } };
    const fb = /^\/api\/v1\/actions\/([^/]+)\/feedback$/.exec(r.url.pathname);
    if (r.method === 'POST' && fb) {
      const body = JSON.parse(r.body) as { outcome: string };
      return { status: 200, body: { ok: true, actionId: decodeURIComponent(fb[1]!), outcome: body.outcome } };
    }
    const ex = /^\/api\/v1\/actions\/([^/]+)\/execute$/.exec(r.url.pathname);
    if (r.method === 'POST' && ex) {
      if (ex[1]!.includes('reply_now')) return { status: 409, body: { error: { code: 'conflict', message: 'this action no longer applies', issues: [{ path: 'id', message: 'this action no longer applies' }] } } };
      return { status: 201, body: { actionId: decodeURIComponent(ex[1]!), kind: 'escalate_to_lead', customerId: 'cus_me', eventId: 'evt_new', status: 'created' } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  await hub.close();
});

function renderWith(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <HubProvider hub={createHubFetch({ baseUrl: hub.url, getToken: () => 'tok' })}>{ui}</HubProvider>
    </QueryClientProvider>,
  );
  return qc;
}

describe('ActionsPanel', () => {
  it('lists ranked actions with their kind, title and reasons', async () => {
    renderWith(<ActionsPanel customerId="cus_me" />);
    const cards = await screen.findAllByTestId('action-card');
    expect(cards.map((c) => c.getAttribute('data-kind'))).toEqual(['escalate_to_lead', 'reply_now']);
    expect(within(cards[0]!).getAllByTestId('action-reason').map((r) => r.textContent)).toEqual(['3 contacts in 7 days · 2 events', 'Negative words · 1 event']);
    expect(within(cards[0]!).getByTestId('action-execute').textContent).toBe('Create an escalation task for a lead');
    expect(screen.getByTestId('actions-panel').textContent).toContain('Escalate to a team lead');
  });

  it('says why in words: no bare score on screen', async () => {
    renderWith(<ActionsPanel customerId="cus_me" />);
    const cards = await screen.findAllByTestId('action-card');
    expect(cards.map((c) => within(c).getByTestId('action-priority').textContent)).toEqual(['Do this first', 'Worth doing']);
    const text = screen.getByTestId('actions-panel').textContent ?? '';
    expect(text).not.toMatch(/\d\.\d/);
    expect(text).not.toMatch(/score|sentiment/i);
  });

  it('highlights the reason’s events in the timeline while hovered', async () => {
    renderWith(
      <>
        <ActionsPanel customerId="cus_me" />
        {['evt_a', 'evt_b', 'evt_c'].map((id) => (
          <TimelineItem key={id} item={item(id)} expanded={false} isNew={false} posInSet={1} setSize={3} tabbable={false} onToggle={() => {}} />
        ))}
      </>,
    );
    const [first] = await screen.findAllByTestId('action-reason');
    const highlighted = () => screen.getAllByTestId('timeline-item').filter((el) => el.getAttribute('data-highlighted') === 'true').map((el) => el.getAttribute('data-id'));
    expect(highlighted()).toEqual([]);
    fireEvent.mouseEnter(first!);
    expect(highlighted()).toEqual(['evt_a', 'evt_b']);
    expect(screen.getAllByTestId('timeline-item')[0]!.className).toContain('is-highlighted');
    fireEvent.mouseLeave(first!);
    expect(highlighted()).toEqual([]);
  });

  it('sends feedback with the optional reason, and shows it was recorded', async () => {
    renderWith(<ActionsPanel customerId="cus_me" />);
    const [card] = await screen.findAllByTestId('action-card');
    fireEvent.click(within(card!).getByText('+ reason'));
    fireEvent.change(within(card!).getByTestId('action-feedback-reason'), { target: { value: 'already escalated by phone' } });
    fireEvent.click(within(card!).getByTestId('action-dismiss'));
    await waitFor(() => expect(within(card!).getByRole('status').textContent).toBe('Dismissed'));
    const post = hub.requests.find((r) => r.method === 'POST' && r.url.pathname.endsWith('/feedback'))!;
    expect(decodeURIComponent(post.url.pathname)).toBe('/api/v1/actions/act.escalate_to_lead.new.cus_me.1/feedback');
    expect(JSON.parse(post.body)).toEqual({ outcome: 'dismissed', reason: 'already escalated by phone' });
    // The list is refetched after feedback.
    await waitFor(() => expect(hub.requests.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(2));
  });

  it('accept and snooze send their outcome without a reason', async () => {
    renderWith(<ActionsPanel customerId="cus_me" />);
    const cards = await screen.findAllByTestId('action-card');
    fireEvent.click(within(cards[0]!).getByTestId('action-accept'));
    fireEvent.click(within(cards[1]!).getByTestId('action-snooze'));
    await waitFor(() => expect(hub.requests.filter((r) => r.url.pathname.endsWith('/feedback')).length).toBe(2));
    expect(hub.requests.filter((r) => r.url.pathname.endsWith('/feedback')).map((r) => JSON.parse(r.body) as unknown)).toEqual(
      expect.arrayContaining([{ outcome: 'accepted' }, { outcome: 'snoozed' }]),
    );
  });

  it('executes with one click and reports a conflict from the hub', async () => {
    renderWith(<ActionsPanel customerId="cus_me" />);
    const cards = await screen.findAllByTestId('action-card');
    fireEvent.click(within(cards[0]!).getByTestId('action-execute'));
    await waitFor(() => expect(within(cards[0]!).getByRole('status').textContent).toBe('Done: added to the timeline'));
    fireEvent.click(within(cards[1]!).getByTestId('action-execute'));
    await waitFor(() => expect(within(cards[1]!).getByRole('alert').textContent).toContain('no longer applies'));
  });

  it('says so when there is nothing to do', async () => {
    served = [];
    renderWith(<ActionsPanel customerId="cus_me" />);
    expect(await screen.findByText('Nothing to do for this customer right now.')).toBeTruthy();
  });
});
