import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rooms, SERVER_EVENTS, type Conversation, type InboxCounts } from '../../shared/index.js';
import { DomainEventBus } from '../events/bus.js';
import { createRealtime, type Realtime } from './server.js';
import { connect, record, waitFor, type ClientSocket } from './test-client.js';
import { pushedConversation, tokenAuth } from './test-push-fixtures.js';

/*
 * A bulk change's rows that share their rooms go out as one `conversations:updated` (conversation-push.ts);
 * a customer's watchers outside those rooms still get their row alone, and nobody gets a row twice.
 */
const auth = tokenAuth;
const row = (id: string, customerId: string, over: Partial<Conversation> = {}): Conversation => pushedConversation({ id, customerId, subject: `Subject ${id}`, ...over });
const counts = async (): Promise<InboxCounts> => ({ all: 3, unassigned: 2, mine: 0, queues: { team_returns: 3 } });

describe('conversation push in batches', () => {
  let http: HttpServer;
  let realtime: Realtime;
  let url: string;
  const bus = new DomainEventBus();
  const open: ClientSocket[] = [];

  beforeAll(async () => {
    http = createServer();
    realtime = createRealtime(http, { auth, features: new Map(), modules: [], events: bus });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await realtime.close();
    await new Promise<void>((r) => http.close(() => r()));
  });

  it('sends rows sharing their rooms as one event, a different row alone, and a watcher outside those rooms its own row', async () => {
    const [ann, bob, dan] = await Promise.all(['tok-ann', 'tok-bob', 'tok-dan'].map((token) => connect(url, { token })));
    open.push(ann!, bob!, dan!);
    // Dan watches customer cus_b only (out of the inbox room): he must still hear cnv_b, and nothing else.
    realtime.io.in(rooms.user('u-dan')).socketsLeave(rooms.inbox());
    realtime.io.in(rooms.user('u-dan')).socketsJoin(rooms.customer('cus_b'));
    const batches = [ann!, bob!, dan!].map((s) => record(s, 'conversations:updated'));
    const singles = [ann!, bob!, dan!].map((s) => record(s, 'conversation:updated'));
    const shared = [ann!, dan!].map((s) => record(s, 'inbox:counts'));
    const mine = record(bob!, 'inbox:counts');
    const queued = [row('cnv_a', 'cus_a'), row('cnv_b', 'cus_b'), row('cnv_c', 'cus_c')];
    const assigned = row('cnv_d', 'cus_d', { assigneeId: 'u-bob' });
    bus.publish('conversation.updated', { conversations: [...queued, assigned], was: [...queued, assigned].map(() => ({ queueId: null, assigneeId: null })), counts });
    await waitFor(() => shared[0]!.length === 1 && mine.length === 1, 'the inbox counts after the rows');

    // Ann and Bob (inbox room): the three queued rows in one event, in order, parseable by the shared schema; cnv_d alone.
    for (const i of [0, 1]) {
      expect(batches[i]!.map((b) => b.conversations.map((c) => c.id))).toEqual([['cnv_a', 'cnv_b', 'cnv_c']]);
      expect(SERVER_EVENTS['conversations:updated'].parse(batches[i]![0])).toEqual({ conversations: queued });
      expect(singles[i]!.map((s) => s.conversation.id)).toEqual(['cnv_d']);
    }
    // Dan: his customer's row alone, no batch, and (in no queue or inbox room) no shared counts.
    await waitFor(() => singles[2]!.length === 1, 'cnv_b for the watcher outside the inbox');
    expect(singles[2]!.map((s) => s.conversation.id)).toEqual(['cnv_b']);
    expect(batches[2]).toEqual([]);
    expect(shared[1]).toEqual([]);
  });
});
