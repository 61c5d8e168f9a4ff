import { io as connectIo, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_NAMESPACE, type WidgetMessage, type WidgetPreview, type WidgetWelcome } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { startHub, type RunningHub } from '../hub.js';
import { testConfig, testStore } from '../http/test-support.js';
import { connect, login, waitFor, watch, type ClientSocket } from '../realtime/test-client.js';
import { widgetDb } from './tables.js';

/*
 * Early delivery (issue 12): the other party sees a message once it is validated and its id fixed, while its
 * commit runs; the sender is answered only once the commit is durable. The reader's preview always comes before
 * the committed copy of the same id, and a write that fails retracts the widget's preview.
 */
let hub: RunningHub;
let removeDir: () => Promise<void> | void;
let token: string;
const db = () => widgetDb((hub.domain as SqlDomain).database.db);

beforeAll(async () => {
  const dir = await testStore('widget-early');
  removeDir = dir.remove;
  hub = await startHub(testConfig(dir));
  token = await login(hub.url);
});
afterAll(async () => {
  await hub?.close();
  await removeDir?.();
});

/** A widget socket recording, in arrival order, previews, numbered messages and retractions. */
async function widget(email: string): Promise<{ socket: Socket; welcome: WidgetWelcome; heard: { kind: string; clientId: string; seq?: number }[] }> {
  const socket = connectIo(`${hub.url}${WIDGET_NAMESPACE}`, { path: '/socket.io', transports: ['websocket'], auth: { email }, reconnection: false, forceNew: true });
  const heard: { kind: string; clientId: string; seq?: number }[] = [];
  socket.on('widget:preview', (p: WidgetPreview) => heard.push({ kind: 'preview', clientId: p.clientId }));
  socket.on('widget:message', (m: WidgetMessage) => heard.push({ kind: 'message', clientId: m.clientId, seq: m.seq }));
  socket.on('widget:retract', (r: { clientId: string }) => heard.push({ kind: 'retract', clientId: r.clientId }));
  const welcome = await new Promise<WidgetWelcome>((resolve, reject) => (socket.once('widget:welcome', resolve), socket.once('connect_error', reject)));
  return { socket, welcome, heard };
}
const send = (s: Socket, body: unknown) => s.timeout(5000).emitWithAck('widget:send', body) as Promise<{ ok: boolean; message?: WidgetMessage }>;
const reply = (conversationId: string, body: unknown) =>
  fetch(`${hub.url}/api/v1/conversations/${conversationId}/chat-replies`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function chatOnTimeline(chatId: string): Promise<{ customerId: string; conversationId: string }> {
  const item = await db().selectFrom('events').select(['id', 'customer_id']).where('source', '=', 'chat').where('source_event_id', '=', chatId).executeTakeFirstOrThrow();
  const conv = await db().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', item.id).executeTakeFirstOrThrow();
  return { customerId: item.customer_id, conversationId: conv.conversation_id };
}

describe('widget early delivery', () => {
  it('a visitor message reaches the console as a preview before its committed chat item; the ack comes once it is stored', async () => {
    const w = await widget(`early${Date.now()}@example.com`);
    expect((await send(w.socket, { clientId: 'early-first-01', text: 'First' })).ok).toBe(true);
    const at = await chatOnTimeline(w.welcome.chatId);
    const agent: ClientSocket = await connect(hub.url, { token });
    const order: string[] = [];
    agent.on('widget:message-preview', (e) => order.push(`preview:${e.chatId}:${e.message.id}:${e.message.text}`));
    agent.on('timeline:item', (e) => {
      const last = (e.item.data['messages'] as { id: string }[] | undefined)?.at(-1);
      if (last) order.push(`item:${last.id}`);
    });
    expect((await watch(agent, { customerId: at.customerId })).ok).toBe(true);
    const ack = await send(w.socket, { clientId: 'early-second-1', text: 'Second' });
    expect(ack).toMatchObject({ ok: true, message: { seq: 2, clientId: 'early-second-1' } });
    // Acknowledged means stored.
    expect(await db().selectFrom('widget_messages').select('seq').where('chat_id', '=', w.welcome.chatId).where('client_id', '=', 'early-second-1').executeTakeFirst()).toEqual({ seq: 2 });
    await waitFor(() => order.includes('item:early-second-1'), 'the committed chat item');
    expect(order).toEqual([`preview:${w.welcome.chatId}:early-second-1:Second`, 'item:early-second-1']);
    agent.close();
    w.socket.close();
  });

  it('an agent reply reaches the widget as a preview, then numbered with the same clientId; a failed write retracts it', async () => {
    const w = await widget(`early-reply${Date.now()}@example.com`);
    expect((await send(w.socket, { clientId: 'early-reply-01', text: 'Hello?' })).ok).toBe(true);
    const { conversationId } = await chatOnTimeline(w.welcome.chatId);
    const ok = await reply(conversationId, { idempotencyKey: 'early-reply-key-1', text: 'Hi there' });
    expect(ok.status).toBe(201);
    const { message } = (await ok.json()) as { message: WidgetMessage };
    await waitFor(() => w.heard.some((h) => h.kind === 'message' && h.clientId === message.clientId), 'the numbered reply');
    expect(w.heard.filter((h) => h.clientId === message.clientId)).toEqual([
      { kind: 'preview', clientId: message.clientId },
      { kind: 'message', clientId: message.clientId, seq: message.seq },
    ]);

    // The write fails after the preview went out: the widget is told to drop it, the agent gets an error.
    const ingest = (hub.domain as SqlDomain).ingest;
    const real = ingest.ingest.bind(ingest);
    ingest.ingest = () => Promise.reject(new Error('disk on fire'));
    try {
      const failed = await reply(conversationId, { idempotencyKey: 'early-reply-key-2', text: 'Lost one' });
      expect(failed.status).toBeGreaterThanOrEqual(500);
    } finally {
      ingest.ingest = real;
    }
    await waitFor(() => w.heard.some((h) => h.kind === 'retract'), 'the retraction');
    const lost = w.heard.filter((h) => h.kind !== 'message' && h.clientId !== message.clientId);
    expect(lost.map((h) => h.kind)).toEqual(['preview', 'retract']);
    expect(new Set(lost.map((h) => h.clientId)).size).toBe(1);
    // Sent again (same compose key): the same clientId, now stored and numbered once.
    const again = await reply(conversationId, { idempotencyKey: 'early-reply-key-2', text: 'Lost one' });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { message: WidgetMessage }).message.clientId).toBe(lost[0]!.clientId);
    w.socket.close();
  });

  it("a visitor message whose write fails is retracted from the console's preview; the resend previews and stores it once", async () => {
    const w = await widget(`early-lost${Date.now()}@example.com`);
    expect((await send(w.socket, { clientId: 'early-lost-001', text: 'Hi' })).ok).toBe(true);
    const at = await chatOnTimeline(w.welcome.chatId);
    const agent: ClientSocket = await connect(hub.url, { token });
    const heard: string[] = [];
    agent.on('widget:message-preview', (e) => heard.push(`preview:${e.message.id}`));
    agent.on('widget:message-retract', (e) => heard.push(`retract:${e.chatId === w.welcome.chatId ? e.messageId : 'other chat'}`));
    expect((await watch(agent, { customerId: at.customerId })).ok).toBe(true);
    const ingest = (hub.domain as SqlDomain).ingest;
    const real = ingest.ingest.bind(ingest);
    ingest.ingest = () => Promise.reject(new Error('disk on fire'));
    try {
      expect((await send(w.socket, { clientId: 'early-lost-002', text: 'Lost?' })).ok).toBe(false);
    } finally {
      ingest.ingest = real;
    }
    await waitFor(() => heard.includes('retract:early-lost-002'), 'the retraction');
    expect(heard).toEqual(['preview:early-lost-002', 'retract:early-lost-002']);
    expect((await send(w.socket, { clientId: 'early-lost-002', text: 'Lost?' })).ok).toBe(true);
    await waitFor(() => heard.length === 3, 'the second preview');
    expect(heard[2]).toBe('preview:early-lost-002');
    expect(await db().selectFrom('widget_messages').select('seq').where('chat_id', '=', w.welcome.chatId).where('client_id', '=', 'early-lost-002').execute()).toHaveLength(1);
    agent.close();
    w.socket.close();
  });
});
