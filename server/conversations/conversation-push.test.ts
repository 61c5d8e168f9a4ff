import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_EVENTS, type Conversation, type InboxCounts } from '../../shared/index.js';
import { DomainEventBus } from '../events/bus.js';
import { createRealtime, type Realtime } from '../realtime/server.js';
import { connect, record, waitFor, type ClientSocket } from '../realtime/test-client.js';
import { pushedConversation, tokenAuth } from '../realtime/test-push-fixtures.js';

/*
 * `conversation.updated` on the bus -> socket events on a real socket.io server: the conversation to the
 * old and new assignees' user rooms, and each of them their own live inbox counts; every reader of
 * conversations (the inbox room) gets the row and the shared counts (mine 0), so new unassigned work shows.
 */
const auth = tokenAuth;
const conversation: Conversation = pushedConversation({
  priority: 'high',
  assigneeId: 'u-bob',
  firstResponseDueAt: '2026-01-12T09:00:00.000000Z',
  resolutionDueAt: '2026-01-12T16:00:00.000000Z',
  nextDueAt: '2026-01-12T09:00:00.000000Z',
});

describe('conversation push', () => {
  let http: HttpServer;
  let realtime: Realtime;
  const bus = new DomainEventBus();
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    http = createServer();
    realtime = createRealtime(http, { auth, features: new Map(), modules: [], events: bus });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await realtime.close();
    await new Promise<void>((r) => http.close(() => r()));
  });

  it('tells the old and the new assignee (each with their own counts), the rest the shared counts', async () => {
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const [ann, bob, cat] = await Promise.all(['tok-ann', 'tok-bob', 'tok-cat'].map((token) => connect(url, { token })));
    sockets.push(ann!, bob!, cat!);
    const updates = [ann!, bob!, cat!].map((s) => record(s, 'conversation:updated'));
    const counts = [ann!, bob!, cat!].map((s) => record(s, 'inbox:counts'));
    const countsFor = async (userId: string | null): Promise<InboxCounts> => ({ all: 3, unassigned: 1, mine: userId === 'u-bob' ? 2 : 0, queues: { team_returns: 3 } });
    bus.publish('conversation.updated', { conversations: [conversation], was: [{ queueId: 'team_returns', assigneeId: 'u-ann' }], counts: countsFor });
    await waitFor(() => counts[0]!.length === 1 && counts[1]!.length === 1, 'inbox counts for ann and bob');
    expect(updates[0]!.map((u) => u.conversation.id)).toEqual(['cnv_1']);
    expect(updates[1]!.map((u) => u.conversation.assigneeId)).toEqual(['u-bob']);
    expect(counts[0]![0]!.counts.mine).toBe(0);
    expect(counts[1]![0]!.counts.mine).toBe(2);
    expect(SERVER_EVENTS['inbox:counts'].parse(counts[1]![0])).toEqual({ counts: { all: 3, unassigned: 1, mine: 2, queues: { team_returns: 3 } } });
    // Cat (no relation to it) still sees the row move in the All view, with the shared counts only.
    await waitFor(() => counts[2]!.length === 1, 'shared counts for cat');
    expect(updates[2]!.map((u) => u.conversation.id)).toEqual(['cnv_1']);
    expect(counts[2]![0]!.counts).toEqual({ all: 3, unassigned: 1, mine: 0, queues: { team_returns: 3 } });
    // Ann and Bob got their own counts: the shared ones are not sent to them as well.
    expect(counts[0]!.length + counts[1]!.length).toBe(2);
    for (const s of [ann!, bob!, cat!]) s.disconnect();
  });

  it('a new inbound conversation with no queue and no assignee reaches an agent unrelated to the customer', async () => {
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const [dan, guest] = await Promise.all([connect(url, { token: 'tok-dan' }), connect(url, { token: 'tok-eve' })]);
    sockets.push(dan!, guest!);
    const updates = [dan!, guest!].map((s) => record(s, 'conversation:updated'));
    const counts = [dan!, guest!].map((s) => record(s, 'inbox:counts'));
    const fresh: Conversation = { ...conversation, id: 'cnv_new', customerId: 'cus_new', queueId: null, assigneeId: null };
    const countsFor = async (userId: string | null): Promise<InboxCounts> => ({ all: 4, unassigned: 2, mine: userId ? 9 : 0, queues: { team_returns: 3 } });
    bus.publish('conversation.updated', { conversations: [fresh], was: [{ queueId: null, assigneeId: null }], counts: countsFor });
    await waitFor(() => updates[0]!.length === 1 && counts[0]!.length === 1 && updates[1]!.length === 1, 'the new conversation for dan');
    expect(updates[0]![0]!.conversation).toMatchObject({ id: 'cnv_new', queueId: null, assigneeId: null });
    expect(SERVER_EVENTS['inbox:counts'].parse(counts[0]![0])).toEqual({ counts: { all: 4, unassigned: 2, mine: 0, queues: { team_returns: 3 } } });
    // Associates read conversations too (shared/permissions.ts), so the store terminal's inbox hears it.
    expect(updates[1]![0]!.conversation.id).toBe('cnv_new');
  });
});
