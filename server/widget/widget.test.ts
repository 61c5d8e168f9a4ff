import { io as connectIo, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPE, EVENT_VOCABULARY, WIDGET_NAMESPACE, systemActor, type WidgetMessage, type WidgetWelcome } from '../../shared/index.js';
import { makeEvent, uniqueWho } from '../testing/fixtures.js';
import { chatEvent } from '../connectors/chat/chat-connector.js';
import type { SqlDomain } from '../create-domain.js';
import { startHub, type RunningHub } from '../hub.js';
import { testConfig, testStore } from '../http/test-support.js';
import { connect, login, record, waitFor, watch, type ClientSocket } from '../realtime/test-client.js';
import { widgetDb } from './tables.js';

/*
 * The widget end to end on a real hub (SQLite, or PostgreSQL with DATABASE_URL): a customer socket on /widget,
 * an agent socket on the console namespace, replies through the real outbox worker.
 */
let hub: RunningHub;
let removeDir: () => Promise<void> | void;
let token: string;

function widget(auth: Record<string, unknown>): Promise<{ socket: Socket; welcome: WidgetWelcome; messages: WidgetMessage[]; typing: unknown[] }> {
  const socket = connectIo(`${hub.url}${WIDGET_NAMESPACE}`, { path: '/socket.io', transports: ['websocket'], auth, reconnection: false, forceNew: true });
  const messages: WidgetMessage[] = [];
  const typing: unknown[] = [];
  socket.on('widget:message', (m: WidgetMessage) => messages.push(m));
  socket.on('widget:typing', (t: unknown) => typing.push(t));
  return new Promise((resolve, reject) => {
    socket.once('widget:welcome', (welcome: WidgetWelcome) => resolve({ socket, welcome, messages, typing }));
    socket.once('connect_error', reject);
  });
}
const send = (s: Socket, body: unknown) => s.timeout(5000).emitWithAck('widget:send', body) as Promise<{ ok: boolean; message?: WidgetMessage; error?: { code: string; message: string } }>;
const api = (path: string, body: unknown, method = 'POST') =>
  fetch(`${hub.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const identify = (s: Socket, body: unknown) => s.timeout(5000).emitWithAck('widget:identify', body) as Promise<{ ok: boolean; identified?: string[]; error?: { code: string; message: string } }>;
const db = () => widgetDb((hub.domain as SqlDomain).database.db);

beforeAll(async () => {
  const dir = await testStore('widget');
  removeDir = dir.remove;
  hub = await startHub(testConfig(dir));
  token = await login(hub.url);
});
afterAll(async () => {
  await hub?.close();
  await removeDir?.();
});

describe('web chat widget', () => {
  it('serves one self-contained script and a demo shop page that embeds it', async () => {
    const js = await fetch(`${hub.url}/widget/chat.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    // A shop on another origin may load it; everything else stays same-origin.
    expect(js.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const body = await js.text();
    expect(body).toContain('OmniChatWidget');
    expect(body).not.toMatch(/innerHTML/);
    const demo = await fetch(`${hub.url}/widget/demo`, { headers: { accept: 'text/html' } });
    expect(demo.status).toBe(200);
    expect(await demo.text()).toContain('<script src="/widget/chat.js"');
    expect(demo.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(demo.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('customer and agent talk both ways: timeline item like the chat connector, replies through the outbox, resume without duplicates', async () => {
    const email = `widget${Date.now()}@example.com`;
    const w = await widget({ email, name: 'Wanda Visitor' });
    expect(w.welcome.chatId).toMatch(/^wch_/);
    expect(w.welcome.messages).toEqual([]);
    const first = await send(w.socket, { clientId: 'client-msg-0001', text: 'Where is my <b>order</b>?' });
    expect(first.ok).toBe(true);
    expect(first.message).toMatchObject({ seq: 1, from: 'customer', text: 'Where is my <b>order</b>?' });
    // A resend (lost ack, reload) is the same message.
    const again = await send(w.socket, { clientId: 'client-msg-0001', text: 'Where is my <b>order</b>?' });
    expect(again.message?.seq).toBe(1);

    const item = await db().selectFrom('events').selectAll().where('source', '=', 'chat').where('source_event_id', '=', w.welcome.chatId).executeTakeFirstOrThrow();
    // Contract: the same event type and data shape as the chat connector's items, in the shared vocabulary.
    expect(item.type).toBe(EVENT_TYPE.chatConversation);
    expect(item.type).toBe(chatEvent({ conversationId: w.welcome.chatId, visitor: { email }, messages: [] }, 'US').type);
    expect(EVENT_VOCABULARY[item.type]?.category).toBe('chat');
    const data = JSON.parse(item.data) as { messages: { id: string; role: string; text: string }[] };
    expect(data.messages).toEqual([expect.objectContaining({ id: 'client-msg-0001', role: 'customer', text: 'Where is my <b>order</b>?' })]);
    const conv = await db().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', item.id).executeTakeFirstOrThrow();

    // The agent watching the customer hears the message and the typing; the widget hears the agent.
    const agent: ClientSocket = await connect(hub.url, { token });
    const items = record(agent, 'timeline:item');
    const typing = record(agent, 'widget:typing');
    expect((await watch(agent, { customerId: item.customer_id })).ok).toBe(true);
    w.socket.emit('widget:typing', { typing: true });
    await waitFor(() => typing.some((t) => t.chatId === w.welcome.chatId && t.typing), 'visitor typing on the console');
    expect(typing[0]?.conversationId).toBe(conv.conversation_id);
    await send(w.socket, { clientId: 'client-msg-0002', text: 'Order 1042' });
    await waitFor(() => items.some((e) => e.item.id === item.id && JSON.stringify(e.item.data).includes('Order 1042')), 'the message on the agent socket');

    expect((await api(`/api/v1/conversations/${conv.conversation_id}/chat-typing`, { typing: true })).status).toBe(200);
    await waitFor(() => w.typing.length > 0, 'agent typing in the widget');
    const reply = await api(`/api/v1/conversations/${conv.conversation_id}/chat-replies`, { idempotencyKey: 'reply-key-0001', text: 'It ships today.' });
    expect(reply.status).toBe(201);
    const r = (await reply.json()) as { outboxId: string; message: WidgetMessage };
    await waitFor(() => w.messages.some((m) => m.from === 'agent' && m.text === 'It ships today.'), 'the reply in the widget');
    const twice = await api(`/api/v1/conversations/${conv.conversation_id}/chat-replies`, { idempotencyKey: 'reply-key-0001', text: 'It ships today.' });
    expect(twice.status).toBe(200);
    expect(((await twice.json()) as { duplicate: boolean }).duplicate).toBe(true);
    for (let i = 0; i < 100; i++) {
      if ((await db().selectFrom('outbox_messages').select('status').where('id', '=', r.outboxId).executeTakeFirst())?.status === 'sent') break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const row = await db().selectFrom('outbox_messages').select(['status', 'channel', 'event_id']).where('id', '=', r.outboxId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', channel: 'chat', event_id: item.id });
    // Durable before acknowledged, in one commit: every message the widget was answered has its number, and the timeline item holds each of them once.
    const numbered = await db().selectFrom('widget_messages').select(['seq', 'client_id']).where('chat_id', '=', w.welcome.chatId).orderBy('seq').execute();
    const grown = JSON.parse((await db().selectFrom('events').select('data').where('id', '=', item.id).executeTakeFirstOrThrow()).data) as { messages: { id: string }[] };
    expect(numbered.map((n) => n.seq)).toEqual([1, 2, 3]);
    expect(grown.messages.map((m) => m.id)).toEqual(numbered.map((n) => n.client_id));

    // A chat reply's draft keeps its channel (chat), found again on reload; an unknown channel is named.
    const draftUrl = `/api/v1/conversations/${conv.conversation_id}/drafts/reply`;
    const put = await api(draftUrl, { text: 'Half an answer', channel: 'chat' }, 'PUT');
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await (await api(draftUrl, undefined, 'GET')).json()).toMatchObject({ text: 'Half an answer', channel: 'chat', mode: 'reply' });
    const badDraft = await api(draftUrl, { text: 'x', channel: 'fax' }, 'PUT');
    expect(badDraft.status).toBe(400);
    expect(JSON.stringify(await badDraft.json())).toContain('channel');
    expect((await api(draftUrl, undefined, 'DELETE')).status).toBe(200);
    await new Promise((res) => setTimeout(res, 200));
    expect(w.messages.filter((m) => m.from === 'agent')).toHaveLength(1);
    w.socket.close();

    // Resume: the page names its chat and last seen seq; only newer messages come back. A wrong token gets a new, empty chat.
    const back = await widget({ chatId: w.welcome.chatId, token: w.welcome.token, lastSeq: 2 });
    expect(back.welcome.chatId).toBe(w.welcome.chatId);
    expect(back.welcome.messages.map((m) => [m.seq, m.from, m.text])).toEqual([[3, 'agent', 'It ships today.']]);
    const full = await widget({ chatId: w.welcome.chatId, token: w.welcome.token });
    expect(full.welcome.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    const forged = await widget({ chatId: w.welcome.chatId, token: 'x'.repeat(43) });
    expect(forged.welcome.chatId).not.toBe(w.welcome.chatId);
    expect(forged.welcome.messages).toEqual([]);
    for (const s of [back.socket, full.socket, forged.socket]) s.close();
    agent.close();
  });

  it('a visitor who gives an email mid-chat: a chat.identified item through ingest, the chat lands on the customer with that email', async () => {
    const known = uniqueWho('known');
    const [stored] = (await (hub.domain as SqlDomain).ingest.ingest(systemActor('test'), [makeEvent(known)])).results;
    const w = await widget({ name: 'Anonymous Shopper' });
    expect((await send(w.socket, { clientId: 'anon-msg-0001', text: 'Do you have it in blue?' })).ok).toBe(true);
    const before = await (hub.domain as SqlDomain).widget.whereIs(w.welcome.chatId);
    expect(before?.customerId).not.toBe(stored!.customerId);

    // Refused, field named, nothing written.
    const bad = await identify(w.socket, { email: 'not an email' });
    expect(bad.ok).toBe(false);
    expect(bad.error?.message).toMatch(/^email/);
    expect((await identify(w.socket, {})).error?.message).toMatch(/email/);
    expect((await identify(w.socket, { email: known.email, chatId: 'wch_01JZZZZZZZZZZZZZZZZZZZZZZZ' })).error?.message).toMatch(/chatId|Unrecognized/i);

    const ok = await identify(w.socket, { email: known.email });
    expect(ok, JSON.stringify(ok)).toEqual({ ok: true, identified: ['email'] });
    const ident = await db().selectFrom('events').selectAll().where('source', '=', 'chat').where('source_event_id', 'like', `${w.welcome.chatId}:identified:%`).executeTakeFirstOrThrow();
    // Contract: the chat connector's vocabulary for identifiers learned mid-conversation.
    expect(ident.type).toBe(EVENT_TYPE.chatIdentified);
    expect(EVENT_VOCABULARY[ident.type]?.category).toBe('identity');
    // The chat's customer and the one with that email are one now (merged the usual way).
    const survivor = await (hub.domain as SqlDomain).customers.resolveId(systemActor('test'), stored!.customerId);
    const after = await (hub.domain as SqlDomain).widget.whereIs(w.welcome.chatId);
    expect(after?.customerId).toBe(survivor);
    expect(await (hub.domain as SqlDomain).customers.resolveId(systemActor('test'), before!.customerId)).toBe(survivor);
    // The same again writes nothing more; later messages still land on that customer.
    expect(await identify(w.socket, { email: known.email })).toEqual({ ok: true, identified: [] });
    expect((await send(w.socket, { clientId: 'anon-msg-0002', text: 'Size M' })).ok).toBe(true);
    expect((await (hub.domain as SqlDomain).widget.whereIs(w.welcome.chatId))?.customerId).toBe(survivor);
    expect(await db().selectFrom('events').select('id').where('source', '=', 'chat').where('source_event_id', 'like', `${w.welcome.chatId}:identified:%`).execute()).toHaveLength(1);
    w.socket.close();
  });

  it('a widget socket reaches only its own chat: no console events, bad payloads named, sends rate-limited', async () => {
    const a = await widget({});
    const b = await widget({ phone: '+1 415 555 0142' });
    const consoleEvents: string[] = [];
    a.socket.onAny((e: string) => consoleEvents.push(e));
    // Console client events do not exist here.
    await expect(a.socket.timeout(500).emitWithAck('customer:watch', { customerId: 'cus_x' })).rejects.toThrow();
    const bad = await send(a.socket, { clientId: 'x', text: '' });
    expect(bad.ok).toBe(false);
    expect(bad.error?.message).toMatch(/clientId/);
    expect(bad.error?.message).toMatch(/text/);
    await send(b.socket, { clientId: 'other-chat-001', text: 'hello from b' });
    const results = await Promise.all(Array.from({ length: 14 }, (_, i) => send(a.socket, { clientId: `burst-msg-${i}`, text: `m${i}` })));
    expect(results.some((r) => r.error?.code === 'rate_limited')).toBe(true);
    await new Promise((res) => setTimeout(res, 200));
    expect(a.messages.some((m) => m.text === 'hello from b')).toBe(false);
    expect(consoleEvents.filter((e) => !e.startsWith('widget:'))).toEqual([]);
    const refused = connectIo(`${hub.url}${WIDGET_NAMESPACE}`, { path: '/socket.io', transports: ['websocket'], auth: { chatId: 'not-a-chat' }, reconnection: false, forceNew: true });
    const err = await new Promise<Error>((resolve) => refused.once('connect_error', resolve));
    expect(err.message).toMatch(/chatId/);
    refused.close();

    // Nothing of b reaches a: not an agent's answer or typing to b, not b's chat by its id without b's token
    // (a's own token does not open it either), not a message addressed at b's chat.
    const bItem = await db().selectFrom('events').select('id').where('source', '=', 'chat').where('source_event_id', '=', b.welcome.chatId).executeTakeFirstOrThrow();
    const bConv = await db().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', bItem.id).executeTakeFirstOrThrow();
    expect((await api(`/api/v1/conversations/${bConv.conversation_id}/chat-typing`, { typing: true })).status).toBe(200);
    expect((await api(`/api/v1/conversations/${bConv.conversation_id}/chat-replies`, { idempotencyKey: 'iso-reply-0001', text: 'for b only' })).status).toBe(201);
    await waitFor(() => b.messages.some((m) => m.text === 'for b only'), 'the answer in b');
    expect(b.typing.length).toBeGreaterThan(0);
    const aimed = await send(a.socket, { clientId: 'aimed-at-b-01', text: 'hi b', chatId: b.welcome.chatId });
    expect(aimed.ok).toBe(false);
    const stolen = await widget({ chatId: b.welcome.chatId, token: a.welcome.token, lastSeq: 0 });
    expect(stolen.welcome.chatId).not.toBe(b.welcome.chatId);
    expect(stolen.welcome.messages).toEqual([]);
    await new Promise((res) => setTimeout(res, 200));
    for (const other of [a, stolen]) {
      expect(other.messages.filter((m) => m.text !== 'hello from b' && !m.text.startsWith('m'))).toEqual([]);
      expect(other.messages.some((m) => m.text === 'for b only' || m.text === 'hello from b')).toBe(false);
      expect(other.typing).toEqual([]);
    }
    expect((await db().selectFrom('widget_messages').select('text').where('chat_id', '=', b.welcome.chatId).orderBy('seq').execute()).map((m) => m.text)).toEqual(['hello from b', 'for b only']);
    stolen.socket.close();
    a.socket.close();
    b.socket.close();
  });
});
