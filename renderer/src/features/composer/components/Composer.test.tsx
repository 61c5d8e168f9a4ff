import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { emptyActivity, emptyChannelCounts, type ConversationDetail, type CustomerProfile, type OutboundMessage } from '../../../../../shared/index.js';
import { HubProvider } from '../../../api/HubProvider.js';
import { createHubFetch } from '../../../api/hub-fetch.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { testConversation } from '../../../../../shared/testing/conversation.js';
import { useSession } from '../../auth/session-store.js';
import { Composer } from './Composer.js';

/*
 * The composer against a tiny hub: a restored draft, a reply addressed as shown (channel + recipient), a
 * note that only ever calls the notes route (never replies) with its @mention, and a failed text with the
 * carrier's reason and "Send again".
 */
const ME = { id: 'usr_me', email: 'me@x.test', name: 'Me Myself', role: 'agent' as const };
const now = '2026-12-03T10:00:00.000Z';
const profile: CustomerProfile = {
  id: 'cus_1',
  requestedId: 'cus_1',
  displayName: 'Grace Hopper',
  emails: ['grace@example.com'],
  phones: ['+14155550123'],
  loyaltyIds: [],
  externalIds: [],
  lastActivityAt: null,
  eventCount: 1,
  createdAt: now,
  stats: { eventCount: 1, channelCounts: emptyChannelCounts(), lifetimeSpend: [], orderCount: 0, firstSeenAt: null, lastSeenAt: null },
  merges: [],
  pii: { masked: false, revealedUntil: null, canReveal: true },
};
const detail: ConversationDetail = {
  conversation: testConversation({ customerName: 'Grace Hopper', subject: 'Where is my order?', createdAt: now, updatedAt: now, lastCustomerMessageAt: now, waitingSince: now }),
  clocks: [],
  itemIds: ['evt_1'],
};
const failedText: OutboundMessage = {
  id: 'obx_1',
  conversationId: 'cnv_1',
  customerId: 'cus_1',
  eventId: 'evt_2',
  channel: 'sms',
  status: 'undelivered',
  providerStatus: 'undelivered',
  to: '+14155550123',
  from: '+14155550100',
  subject: null,
  messageId: null,
  providerId: 'SM1',
  attempts: 1,
  nextAttemptAt: null,
  errorCode: '30003',
  errorText: 'Unreachable destination handset',
  createdBy: 'usr_me',
  createdAt: now,
  updatedAt: now,
};

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let replyDraft: string | null;
beforeEach(async () => {
  useSession.getState().signIn('tok', ME);
  replyDraft = null;
  hub = await startTinyHub((r) => {
    const p = r.url.pathname;
    const ok = (body: unknown) => ({ status: 200, body });
    if (p === '/api/v1/customers/cus_1') return ok(profile);
    if (p === '/api/v1/customers/cus_1/activity') return ok(emptyActivity('cus_1'));
    if (p === '/api/v1/teams') return ok({ teams: [{ id: 'team_1', key: 'returns', name: 'Returns', description: null, members: [{ id: 'usr_ana', name: 'Ana Ruiz', email: 'ana@x.test', role: 'agent', active: true }] }] });
    if (p === '/api/v1/conversations/cnv_1/replies' && r.method === 'GET') return ok({ messages: [failedText] });
    if (p === '/api/v1/conversations/cnv_1/replies') return { status: 201, body: { message: { ...failedText, id: 'obx_2', channel: 'email', status: 'queued', to: 'grace@example.com', errorCode: null, errorText: null }, duplicate: false } };
    if (p === '/api/v1/conversations/cnv_1/notes' && r.method === 'GET') return ok({ notes: [] });
    if (p === '/api/v1/conversations/cnv_1/notes') {
      const b = JSON.parse(r.body) as { text: string; mentions: string[] };
      return { status: 201, body: { note: { id: 'note_1', conversationId: 'cnv_1', authorId: 'usr_me', authorName: 'Me Myself', text: b.text, mentions: b.mentions, createdAt: now }, duplicate: false } };
    }
    if (p === '/api/v1/conversations/cnv_1/drafts/reply' && r.method === 'GET') return replyDraft === null ? { status: 404, body: { error: { code: 'not_found', message: 'no draft', issues: [] } } } : ok({ conversationId: 'cnv_1', mode: 'reply', text: replyDraft, channel: 'email', updatedAt: now });
    if (p.startsWith('/api/v1/conversations/cnv_1/drafts/')) return r.method === 'GET' ? { status: 404, body: { error: { code: 'not_found', message: 'no draft', issues: [] } } } : r.method === 'DELETE' ? ok({ deleted: true }) : ok({ conversationId: 'cnv_1', mode: 'note', text: '', updatedAt: now });
    if (p === '/api/v1/outbox/obx_1/retry') return ok({ ...failedText, status: 'queued' });
    return { status: 404, body: { error: { code: 'not_found', message: `no route ${p}`, issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

function renderComposer() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <HubProvider hub={createHubFetch({ baseUrl: hub.url, getToken: () => 'tok' })}>
        <Composer detail={detail} />
      </HubProvider>
    </QueryClientProvider>,
  );
}
const posted = (path: string) => hub.requests.filter((r) => r.method === 'POST' && r.url.pathname === path);

describe('Composer', () => {
  it('restores the saved draft and sends the reply to the channel and recipient it shows', async () => {
    replyDraft = 'Your parcel is on its way';
    renderComposer();
    const text = (await screen.findByTestId('composer-text')) as HTMLTextAreaElement;
    await waitFor(() => expect(text.value).toBe('Your parcel is on its way'));
    await waitFor(() => expect(screen.getByTestId('composer-recipient').textContent).toContain('grace@example.com'));
    expect((screen.getByTestId('composer-channel') as HTMLSelectElement).value).toBe('email');
    fireEvent.keyDown(text, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(posted('/api/v1/conversations/cnv_1/replies')).toHaveLength(1));
    expect(JSON.parse(posted('/api/v1/conversations/cnv_1/replies')[0]!.body)).toMatchObject({ channel: 'email', to: 'grace@example.com', text: 'Your parcel is on its way' });
    await waitFor(() => expect(text.value).toBe(''));
  });

  it('a note goes to the notes route only, with the teammate it mentions', async () => {
    renderComposer();
    fireEvent.click(await screen.findByTestId('composer-mode-note'));
    expect(screen.getByTestId('composer-target').textContent).toContain('never the customer');
    const text = screen.getByTestId('composer-text') as HTMLTextAreaElement;
    fireEvent.change(text, { target: { value: '@An', selectionStart: 3 } });
    await waitFor(() => expect(screen.getByTestId('composer-mentions').textContent).toContain('@Ana Ruiz'));
    fireEvent.keyDown(text, { key: 'Enter' });
    await waitFor(() => expect(text.value).toBe('@Ana Ruiz '));
    fireEvent.change(text, { target: { value: '@Ana Ruiz please call back', selectionStart: 26 } });
    fireEvent.click(screen.getByTestId('composer-send'));
    await waitFor(() => expect(posted('/api/v1/conversations/cnv_1/notes')).toHaveLength(1));
    expect(JSON.parse(posted('/api/v1/conversations/cnv_1/notes')[0]!.body)).toMatchObject({ text: '@Ana Ruiz please call back', mentions: ['usr_ana'] });
    expect(posted('/api/v1/conversations/cnv_1/replies')).toHaveLength(0);
  });

  it('shows a failed text with the carrier’s reason and sends it again on request', async () => {
    renderComposer();
    const item = await screen.findByTestId('sent-reply');
    expect(item.textContent).toContain('Not delivered');
    expect(item.textContent).toContain('Unreachable destination handset (error 30003)');
    expect(item.textContent).toContain('(415) 555-0123');
    fireEvent.click(screen.getByTestId('sent-retry'));
    await waitFor(() => expect(posted('/api/v1/outbox/obx_1/retry')).toHaveLength(1));
  });
});
