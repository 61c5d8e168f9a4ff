import { io as connectIo, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationPageSchema, CustomerSearchResponseSchema, WIDGET_NAMESPACE, type WidgetMessage, type WidgetTypingEvent, type WidgetWelcome } from '../../shared/index.js';
import { uniqueWho } from '../testing/fixtures.js';
import { recorder, watchCustomer } from '../testing/hub-client.js';
import { startTwoHubs, twoHubsSkipReason, type TwoHubs } from '../testing/two-hubs.js';

/*
 * The web chat widget on two hub processes sharing one PostgreSQL and one Redis: the visitor on hub A, the
 * agent on hub B. Messages and typing cross both ways through the adapter, and a reload on the other hub
 * resumes the chat from its last seq with nothing lost and nothing twice.
 */
const skip = twoHubsSkipReason();

interface Widget {
  socket: Socket;
  welcome: WidgetWelcome;
  messages: WidgetMessage[];
  typing: { typing: boolean; author: string }[];
}
function widget(url: string, auth: Record<string, unknown>): Promise<Widget> {
  const socket = connectIo(`${url}${WIDGET_NAMESPACE}`, { path: '/socket.io', transports: ['websocket'], auth, reconnection: false, forceNew: true });
  const messages: WidgetMessage[] = [];
  const typing: Widget['typing'] = [];
  socket.on('widget:message', (m: WidgetMessage) => messages.push(m));
  socket.on('widget:typing', (t: Widget['typing'][number]) => typing.push(t));
  return new Promise((resolve, reject) => {
    socket.once('widget:welcome', (welcome: WidgetWelcome) => resolve({ socket, welcome, messages, typing }));
    socket.once('connect_error', reject);
  });
}
const send = (s: Socket, clientId: string, text: string) => s.timeout(10_000).emitWithAck('widget:send', { clientId, text }) as Promise<{ ok: boolean; message?: WidgetMessage }>;
async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// Two real hub processes need DATABASE_URL (PostgreSQL) and REDIS_URL: skipped in the SQLite pass with
// twoHubsSkipReason()'s reason in the title; the PostgreSQL pass runs it.
describe.skipIf(skip !== undefined)(`web chat widget on two hubs${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let hubs: TwoHubs;
  const open: Socket[] = [];

  beforeAll(async () => {
    hubs = await startTwoHubs();
    await hubs.linked();
  }, 120_000);
  afterAll(async () => {
    for (const s of open) s.close();
    await hubs?.close();
  }, 30_000);

  it('visitor on hub A, agent on hub B: messages and typing both ways; a reload on hub B resumes without loss or duplicates', async () => {
    const who = uniqueWho('widget2');
    const w = await widget(hubs.a.url, { email: who.email, name: who.name });
    open.push(w.socket);
    expect((await send(w.socket, 'two-hub-msg-0001', 'Hello from hub A')).ok).toBe(true);

    // The agent on hub B finds the chat's customer and conversation.
    const found = CustomerSearchResponseSchema.parse((await hubs.b.client.call('GET', `/api/v1/customers?q=${encodeURIComponent(who.email)}`)).json);
    const customerId = found.customers[0]!.id;
    const convs = ConversationPageSchema.parse((await hubs.b.client.call('GET', `/api/v1/conversations?customerId=${customerId}&status=open,pending`)).json);
    const conversationId = convs.conversations.find((c) => c.channels.includes('chat'))!.id;
    const agent = await hubs.b.client.socket();
    await watchCustomer(agent, customerId);
    const items = recorder(agent, 'timeline:item');
    const typing: WidgetTypingEvent[] = [];
    (agent as unknown as Socket).on('widget:typing', (e: WidgetTypingEvent) => typing.push(e));

    // Visitor (A) -> agent (B): typing and a message.
    w.socket.emit('widget:typing', { typing: true });
    await until(() => typing.some((t) => t.chatId === w.welcome.chatId && t.typing && t.conversationId === conversationId), 'the visitor typing on hub B');
    expect((await send(w.socket, 'two-hub-msg-0002', 'Order 2042, please')).ok).toBe(true);
    await items.waitFor((seen) => seen.some((e) => JSON.stringify(e.item.data).includes('Order 2042, please')), 'the message on hub B');

    // Agent (B) -> visitor (A): typing and a reply (through B's outbox worker, pushed across the adapter).
    expect((await hubs.b.client.call('POST', `/api/v1/conversations/${conversationId}/chat-typing`, { typing: true })).status).toBe(200);
    await until(() => w.typing.some((t) => t.typing), 'the agent typing in the widget on hub A');
    const reply = await hubs.b.client.call('POST', `/api/v1/conversations/${conversationId}/chat-replies`, { idempotencyKey: 'two-hub-reply-0001', text: 'Shipped today.' });
    expect(reply.status, JSON.stringify(reply.json)).toBe(201);
    await until(() => w.messages.some((m) => m.from === 'agent' && m.text === 'Shipped today.'), 'the reply in the widget on hub A');
    // A client retry of the same compose on hub A is the same message, sent once.
    const again = await hubs.a.client.call('POST', `/api/v1/conversations/${conversationId}/chat-replies`, { idempotencyKey: 'two-hub-reply-0001', text: 'Shipped today.' });
    expect(again.status).toBe(200);
    expect((again.json as { duplicate: boolean }).duplicate).toBe(true);

    // The page reloads and lands on hub B, having shown seq 2: only the reply comes back, once.
    w.socket.close();
    const back = await widget(hubs.b.url, { chatId: w.welcome.chatId, token: w.welcome.token, lastSeq: 2 });
    open.push(back.socket);
    expect(back.welcome.chatId).toBe(w.welcome.chatId);
    expect(back.welcome.messages.map((m) => [m.seq, m.from, m.text])).toEqual([[3, 'agent', 'Shipped today.']]);
    // The message whose ack was lost is sent again from hub B: the same message, not a second one.
    const resend = await send(back.socket, 'two-hub-msg-0002', 'Order 2042, please');
    expect(resend.message?.seq).toBe(2);
    // And the conversation goes on from hub B to an agent on hub A.
    const agentA = await hubs.a.client.socket();
    await watchCustomer(agentA, customerId);
    const itemsA = recorder(agentA, 'timeline:item');
    expect((await send(back.socket, 'two-hub-msg-0003', 'Thanks!')).message?.seq).toBe(4);
    await itemsA.waitFor((s) => s.some((e) => JSON.stringify(e.item.data).includes('Thanks!')), 'the message from hub B on hub A');
    const history = (await hubs.a.client.call('GET', `/api/v1/conversations/${conversationId}/chat-messages`)).json as { messages: WidgetMessage[] };
    expect(history.messages.map((m) => [m.seq, m.clientId.startsWith('a-') ? 'agent' : m.clientId])).toEqual([
      [1, 'two-hub-msg-0001'],
      [2, 'two-hub-msg-0002'],
      [3, 'agent'],
      [4, 'two-hub-msg-0003'],
    ]);
  }, 60_000);
});
