import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { emptyActivity, emptyChannelCounts, type ConversationDetail, type CustomerProfile, type WidgetMessage } from '../../../../../shared/index.js';
import { HubProvider } from '../../../api/HubProvider.js';
import { createHubFetch } from '../../../api/hub-fetch.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { testConversation } from '../../../../../shared/testing/conversation.js';
import { useSession } from '../../auth/session-store.js';
import type { ComposerMessage } from '../api.js';
import { useVisitorTyping } from '../chat.js';
import { composerFeature } from '../module.js';
import { Composer } from './Composer.js';

/*
 * The composer on a web chat conversation against a tiny hub: Reply goes to the chat-replies route (never the
 * email/SMS route) with the compose key, the same key again after a failure; the agent's typing reaches the
 * chat throttled and stops after sending; the visitor's typing (the `widget:typing` socket event) shows as
 * "Customer is typing…"; the answer's delivery state shows in the sent log. A chat without a widget chat
 * (409) keeps the email/SMS reply.
 */
const ME = { id: 'usr_me', email: 'me@x.test', name: 'Me Myself', role: 'agent' as const };
const now = '2026-12-03T10:00:00.000Z';
const profile: CustomerProfile = {
  id: 'cus_1',
  requestedId: 'cus_1',
  displayName: 'Grace Hopper',
  emails: ['grace@example.com'],
  phones: [],
  loyaltyIds: [],
  externalIds: [],
  lastActivityAt: null,
  eventCount: 1,
  createdAt: now,
  stats: { eventCount: 1, channelCounts: emptyChannelCounts(), lifetimeSpend: [], orderCount: 0, firstSeenAt: null, lastSeenAt: null },
  merges: [],
  pii: { masked: false, revealedUntil: null, canReveal: true },
};
const conversation = (id: string, channels: ConversationDetail['conversation']['channels'] = ['chat']): ConversationDetail => ({
  conversation: testConversation({ id, customerName: 'Grace Hopper', subject: 'Web chat', channels, createdAt: now, updatedAt: now, lastCustomerMessageAt: now, waitingSince: now }),
  clocks: [],
  itemIds: ['evt_1'],
});
const visitorMessage: WidgetMessage = { seq: 1, clientId: 'client-0001', from: 'customer', author: 'Grace Hopper', text: 'Where is order 1042?', at: now };

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let sent: ComposerMessage[];
let failNextReply: boolean;
/** The reply draft the hub holds (GET .../drafts/reply), null = none. */
let savedDraft: Record<string, unknown> | null;
beforeEach(async () => {
  savedDraft = null;
  useSession.getState().signIn('tok', ME);
  sent = [];
  failNextReply = false;
  hub = await startTinyHub((r) => {
    const p = r.url.pathname;
    const ok = (body: unknown) => ({ status: 200, body });
    const notFound = { status: 404, body: { error: { code: 'not_found', message: `no route ${p}`, issues: [] } } };
    if (p === '/api/v1/customers/cus_1') return ok(profile);
    if (p === '/api/v1/customers/cus_1/activity') return ok(emptyActivity('cus_1'));
    if (p === '/api/v1/teams') return ok({ teams: [] });
    if (p === '/api/v1/conversations/cnv_chat/chat-messages') return ok({ messages: [visitorMessage] });
    if (p === '/api/v1/conversations/cnv_other/chat-messages') return { status: 409, body: { error: { code: 'conflict', message: 'this conversation has no web chat', issues: [{ path: 'id', message: 'this conversation has no web chat' }] } } };
    if (/\/chat-typing$/.test(p)) return ok({ ok: true });
    if (p === '/api/v1/conversations/cnv_chat/chat-replies') {
      if (failNextReply) {
        failNextReply = false;
        return { status: 503, body: { error: { code: 'unavailable', message: 'the hub is busy, try again', issues: [] } } };
      }
      const b = JSON.parse(r.body) as { idempotencyKey: string; text: string };
      const message: WidgetMessage = { seq: 2, clientId: 'agent-0001', from: 'agent', author: 'Me Myself', text: b.text, at: now };
      sent.push({ id: 'obx_c1', conversationId: 'cnv_chat', customerId: 'cus_1', eventId: 'evt_1', channel: 'chat', status: 'sent', providerStatus: 'pushed', to: 'wch_01JCHAT00000000000000000000', from: 'widget', subject: null, messageId: 'agent-0001', providerId: 'seq:2', attempts: 1, nextAttemptAt: null, errorCode: null, errorText: null, createdBy: 'usr_me', createdAt: now, updatedAt: now });
      return { status: 201, body: { message, outboxId: 'obx_c1', duplicate: false } };
    }
    if (/\/replies$/.test(p) && r.method === 'GET') return ok({ messages: sent });
    if (/\/notes$/.test(p) && r.method === 'GET') return ok({ notes: [] });
    if (/\/drafts\/reply$/.test(p) && r.method === 'GET' && savedDraft) return ok(savedDraft);
    if (/\/drafts\//.test(p)) return r.method === 'DELETE' ? ok({ deleted: true }) : r.method === 'GET' ? notFound : ok({ conversationId: 'x', mode: 'reply', text: '', updatedAt: now });
    return notFound;
  });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  useVisitorTyping.getState().reset();
  await hub.close();
});

function renderComposer(id: string, channels?: ConversationDetail['conversation']['channels']) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <HubProvider hub={createHubFetch({ baseUrl: hub.url, getToken: () => 'tok' })}>
        <Composer detail={conversation(id, channels)} />
      </HubProvider>
    </QueryClientProvider>,
  );
  return qc;
}
const posts = (path: string) => hub.requests.filter((r) => r.method === 'POST' && r.url.pathname === path).map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('Composer on a web chat', () => {
  it('answers in the visitor’s chat with the compose key (the same again after a failure), typing throttled, never the email route', async () => {
    renderComposer('cnv_chat');
    await waitFor(() => expect((screen.getByTestId('composer-channel') as HTMLSelectElement).value).toBe('chat'));
    expect(screen.getByTestId('composer-recipient').textContent).toContain('the visitor’s chat');
    expect(screen.getByTestId('composer-send').textContent).toBe('Send to chat');

    const text = screen.getByTestId('composer-text') as HTMLTextAreaElement;
    for (const v of ['I', 'It', 'It ships', 'It ships today.']) fireEvent.change(text, { target: { value: v, selectionStart: v.length } });
    // Four keystrokes in a moment: one "typing" beat, not four.
    await waitFor(() => expect(posts('/api/v1/conversations/cnv_chat/chat-typing')).toEqual([{ typing: true }]));

    failNextReply = true;
    fireEvent.click(screen.getByTestId('composer-send'));
    expect((await screen.findByTestId('composer-error')).textContent).not.toBe('');
    expect(text.value).toBe('It ships today.');
    fireEvent.click(screen.getByTestId('composer-send'));
    await waitFor(() => expect(text.value).toBe(''));

    const replies = posts('/api/v1/conversations/cnv_chat/chat-replies');
    expect(replies).toHaveLength(2);
    expect(replies[0]).toEqual({ idempotencyKey: expect.stringMatching(/^cmp-/), text: 'It ships today.' });
    expect(replies[1]!['idempotencyKey']).toBe(replies[0]!['idempotencyKey']);
    expect(posts('/api/v1/conversations/cnv_chat/replies')).toHaveLength(0);
    await waitFor(() => expect(posts('/api/v1/conversations/cnv_chat/chat-typing')).toEqual([{ typing: true }, { typing: false }]));

    const item = await screen.findByTestId('sent-reply');
    expect(item.textContent).toContain('Web chat');
    expect(item.textContent).toContain('Sent to the chat');
    expect(item.textContent).not.toContain('wch_');
  });

  it('shows the visitor typing from the widget:typing socket event, on this conversation only', async () => {
    const qc = renderComposer('cnv_chat');
    const live = composerFeature.live!['widget:typing']!;
    const ctx = { qc, view: () => ({ customerId: 'cus_1', channels: [] }), follow: () => {} };
    const typingLine = await screen.findByTestId('composer-visitor-typing');
    expect(typingLine.textContent).toBe('');
    act(() => live({ customerId: 'cus_1', conversationId: 'cnv_elsewhere', chatId: 'wch_01JCHAT00000000000000000001', typing: true }, ctx));
    expect(typingLine.textContent).toBe('');
    act(() => live({ customerId: 'cus_1', conversationId: 'cnv_chat', chatId: 'wch_01JCHAT00000000000000000000', typing: true }, ctx));
    expect(typingLine.textContent).toBe('Customer is typing…');
    act(() => live({ customerId: 'cus_1', conversationId: 'cnv_chat', chatId: 'wch_01JCHAT00000000000000000000', typing: false }, ctx));
    expect(typingLine.textContent).toBe('');
  });

  it('a chat conversation without a widget chat keeps the email reply', async () => {
    renderComposer('cnv_other');
    await waitFor(() => expect(screen.getByTestId('composer-send').textContent).toBe('Send email'));
    await waitFor(() => expect(hub.requests.some((r) => r.url.pathname === '/api/v1/conversations/cnv_other/chat-messages')).toBe(true));
    expect(screen.getByTestId('composer-recipient').textContent).toContain('grace@example.com');
    expect(screen.queryByTestId('composer-visitor-typing')).toBeNull();
    fireEvent.change(screen.getByTestId('composer-text'), { target: { value: 'Hello', selectionStart: 5 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(posts('/api/v1/conversations/cnv_other/chat-typing')).toHaveLength(0);
  });

  it('saves the chat channel with the draft and restores it (a chat that also has email opens on chat, not the email default)', async () => {
    // Without a draft this conversation answers by email (the customer wrote last by email).
    renderComposer('cnv_chat', ['chat', 'email']);
    await waitFor(() => expect(screen.getByTestId('composer-send').textContent).toBe('Send email'));
    cleanup();

    savedDraft = { conversationId: 'cnv_chat', mode: 'reply', text: 'Half an answer', channel: 'chat', updatedAt: now };
    renderComposer('cnv_chat', ['chat', 'email']);
    const text = screen.getByTestId('composer-text') as HTMLTextAreaElement;
    await waitFor(() => expect(text.value).toBe('Half an answer'));
    await waitFor(() => expect((screen.getByTestId('composer-channel') as HTMLSelectElement).value).toBe('chat'));
    expect(screen.getByTestId('composer-send').textContent).toBe('Send to chat');

    fireEvent.change(text, { target: { value: 'Half an answer, finished', selectionStart: 24 } });
    const puts = () => hub.requests.filter((r) => r.method === 'PUT' && r.url.pathname === '/api/v1/conversations/cnv_chat/drafts/reply').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    await waitFor(() => expect(puts().at(-1)).toEqual({ text: 'Half an answer, finished', channel: 'chat' }), { timeout: 3000 });
  });
});
