/*
 * The widget bench's clients (bench/widget-bench.ts) in their own process: the visitors' widget sockets, the
 * agent's console socket and HTTP replies, and the same for the raw floor. Out of the hub's process as real
 * customers and agents are: a hub that blocks its event loop (a synchronous fsync) must not also hold back the
 * clients' reads, or a message sent before that block could not be measured as heard before it ends.
 * Commands are JSON lines (bench/child.ts); each block answers its samples in ms.
 */
import { io as connectIo, type Socket } from 'socket.io-client';
import type { WidgetMessage, WidgetPreview, WidgetWelcome } from '../shared/index.js';
import { serveCommands } from './child.js';

const client = (url: string, auth: Record<string, unknown>): Socket => connectIo(url, { path: '/socket.io', transports: ['websocket'], auth, reconnection: false, forceNew: true });
const connected = (s: Socket) => new Promise<void>((resolve, reject) => (s.connected ? resolve() : (s.once('connect', () => resolve()), s.once('connect_error', reject))));

/** One-shot waiters keyed by a message id: the listener resolves whichever sample is waiting for it. */
class Waiters {
  private readonly w = new Map<string, (at: number) => void>();
  wait(key: string): Promise<number> {
    return new Promise((resolve) => this.w.set(key, resolve));
  }
  hit(key: string): void {
    const f = this.w.get(key);
    if (f) {
      this.w.delete(key);
      f(performance.now());
    }
  }
}

interface Samples {
  a: number[];
  c: number[];
}

async function floorRound(url: string, n: number): Promise<Samples> {
  const out: Samples = { a: [], c: [] };
  const customer = client(url, { room: 'customer' });
  const agent = client(url, { room: 'agent' });
  await Promise.all([connected(customer), connected(agent)]);
  const toAgent = new Waiters();
  const toCustomer = new Waiters();
  agent.on('msg', (p: { id: string }) => toAgent.hit(p.id));
  customer.on('msg', (p: { id: string }) => toCustomer.hit(p.id));
  for (let i = 0; i < n; i++) {
    const id = `f${i}-${Date.now()}`;
    const t0 = performance.now();
    const heard = toAgent.wait(id);
    customer.emit('send', { to: 'agent', id }, () => {});
    out.a.push((await heard) - t0);
    const t1 = performance.now();
    const back = toCustomer.wait(`${id}r`);
    await fetch(`${url}/emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room: 'customer', payload: { id: `${id}r`, text: 'reply' } }) });
    out.c.push((await back) - t1);
  }
  customer.close();
  agent.close();
  return out;
}

let hub: { url: string; token: string; agent: Socket; chats: { socket: Socket; chatId: string; conversationId: string }[]; toAgent: Waiters; toCustomer: Waiters } | null = null;

async function setup(url: string, token: string, chats: number): Promise<{ chatIds: string[] }> {
  const agent = client(url, { token });
  await connected(agent);
  const toAgent = new Waiters();
  const toCustomer = new Waiters();
  // The chat item carries every message; the newest one names the sample.
  agent.on('timeline:item', (e: { item: { data: { messages?: { id: string }[] } } }) => {
    const last = e.item.data.messages?.at(-1);
    if (last) toAgent.hit(last.id);
  });
  // The console shows a visitor's message from its preview (before the commit is durable); whichever comes first.
  agent.on('widget:message-preview', (e: { message: { id: string } }) => toAgent.hit(e.message.id));
  const list: { socket: Socket; chatId: string; conversationId: string }[] = [];
  for (let c = 0; c < chats; c++) {
    const socket = client(`${url}/widget`, { email: `widget-bench-${c}@example.com`, name: `Bench Visitor ${c}` });
    const welcome = await new Promise<WidgetWelcome>((resolve, reject) => (socket.once('widget:welcome', resolve), socket.once('connect_error', reject)));
    socket.on('widget:message', (m: WidgetMessage) => toCustomer.hit(m.text));
    socket.on('widget:preview', (m: WidgetPreview) => toCustomer.hit(m.text));
    await socket.timeout(10_000).emitWithAck('widget:send', { clientId: `warmup-${c}-000`, text: 'Hello' });
    list.push({ socket, chatId: welcome.chatId, conversationId: '' });
  }
  hub = { url, token, agent, chats: list, toAgent, toCustomer };
  return { chatIds: list.map((c) => c.chatId) };
}

/** The parent looked the chats up in the hub's database: the agent watches their customers. */
async function watch(chats: { customerId: string; conversationId: string }[]): Promise<{ ok: true }> {
  if (!hub) throw new Error('setup first');
  for (let i = 0; i < chats.length; i++) {
    hub.chats[i]!.conversationId = chats[i]!.conversationId;
    const ack = (await hub.agent.timeout(10_000).emitWithAck('customer:watch', { customerId: chats[i]!.customerId })) as { ok: boolean };
    if (!ack.ok) throw new Error('the bench agent could not watch the chat customer');
  }
  return { ok: true };
}

async function hubRound(n: number, round: number): Promise<Samples> {
  if (!hub) throw new Error('setup first');
  const out: Samples = { a: [], c: [] };
  for (let i = 0; i < n; i++) {
    const chat = hub.chats[i % hub.chats.length]!;
    const id = `bench-${round}-${i}-${Date.now()}`;
    const t0 = performance.now();
    const heard = hub.toAgent.wait(id);
    chat.socket.emit('widget:send', { clientId: id, text: `Question ${i}` }, () => {});
    out.a.push((await heard) - t0);
    const text = `Answer ${id}`;
    const t1 = performance.now();
    const back = hub.toCustomer.wait(text);
    const res = await fetch(`${hub.url}/api/v1/conversations/${chat.conversationId}/chat-replies`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.token}` }, body: JSON.stringify({ idempotencyKey: `${id}-reply`, text }) });
    if (res.status !== 201) throw new Error(`chat reply answered ${res.status}: ${await res.text()}`);
    out.c.push((await back) - t1);
  }
  return out;
}

serveCommands(async (line) => {
  if (line === 'close') {
    for (const c of hub?.chats ?? []) c.socket.close();
    hub?.agent.close();
    setImmediate(() => process.exit(0));
    return { closed: true };
  }
  const cmd = JSON.parse(line) as { cmd: string; [k: string]: unknown };
  if (cmd.cmd === 'setup') return setup(String(cmd['url']), String(cmd['token']), Number(cmd['chats']));
  if (cmd.cmd === 'watch') return watch(cmd['chats'] as { customerId: string; conversationId: string }[]);
  if (cmd.cmd === 'floor') return floorRound(String(cmd['url']), Number(cmd['n']));
  if (cmd.cmd === 'hub') return hubRound(Number(cmd['n']), Number(cmd['round']));
  throw new Error(`unknown command ${cmd.cmd}`);
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
