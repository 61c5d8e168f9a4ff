import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, rooms, SERVER_EVENTS, type Actor, type CustomerSummary, type MergeRecord, type TimelineItem, type User } from '../../shared/index.js';
import { customersModule } from '../customers/module.js';
import type { PiiAccess } from '../customers/pii/pii-access.js';
import type { AuthService, CustomerQueries } from '../domain.js';
import { DomainEventBus } from '../events/bus.js';
import { createRealtime, type Realtime } from './server.js';
import { connect, record, waitFor, watch, type ClientSocket } from './test-client.js';

/*
 * Realtime as a bus subscriber, on a real socket.io server: facts -> socket events in rooms, the
 * user room joined on connect, the generic emitter. The domain is replaced by two tiny ports.
 */
const USERS: Record<string, User> = {
  'tok-ann': { id: 'u-ann', email: 'ann@x.test', name: 'Ann', role: 'agent' },
  'tok-bob': { id: 'u-bob', email: 'bob@x.test', name: 'Bob', role: 'lead' },
  'tok-cat': { id: 'u-cat', email: 'cat@x.test', name: 'Cat', role: 'associate' },
};
const auth = {
  sessionForToken: async (token: string) => (USERS[token] ? { user: USERS[token], sessionId: `ses_${token}` } : null),
  onSessionRevoked: () => () => {},
} as unknown as AuthService;
/** Every id exists and is its own survivor; nothing to replay. */
const customers = { resolveId: async (_actor: unknown, id: string) => id, itemsSince: async () => [] } as unknown as CustomerQueries;
/** Roles that read personal data see everyone in full; nobody has a reveal (reveals run on the real hub: customers/pii/pii-http.test.ts). */
const pii = { fullAccess: async (actor: Actor, ids: string[]) => new Map(can(actor, 'customer.pii.read') ? ids.map((id) => [id, Infinity]) : []), now: Date.now } as unknown as PiiAccess;

const item = (customerId: string, seq: number): TimelineItem => ({
  id: `ev-${seq}`,
  customerId,
  channel: 'sms',
  type: 'sms.received',
  occurredAt: '2024-05-01T10:00:00.000000Z',
  summary: `item ${seq}`,
  source: 'test',
  sourceEventId: `s${seq}`,
  data: {},
  seq,
});
const summary = (id: string): CustomerSummary => ({ id, displayName: id, emails: [], phones: [], loyaltyIds: [], externalIds: [], lastActivityAt: null, eventCount: 1 });

describe('realtime push (bus subscriber)', () => {
  let http: HttpServer;
  let realtime: Realtime;
  let url: string;
  const bus = new DomainEventBus();
  const open: ClientSocket[] = [];
  const client = async (token: string) => {
    const s = await connect(url, { token });
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    http = createServer();
    // Only the customers module's socket events: the others' services are not part of this test.
    realtime = createRealtime(http, { auth, features: new Map([['customers', { customers, pii }]]), modules: [customersModule], events: bus });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await realtime?.close();
    await new Promise((r) => http.close(r));
  });

  it('pushes each fact to the watchers of the customers it names, with payloads valid against the shared map', async () => {
    const [a, other] = [await client('tok-ann'), await client('tok-ann')];
    await watch(a, { customerId: 'c1' });
    await watch(other, { customerId: 'c9' });
    const got = { items: record(a, 'timeline:item'), updated: record(a, 'customer:updated'), actions: record(a, 'actions:updated'), split: record(a, 'customer:split') };
    const otherItems = record(other, 'timeline:item');

    bus.publish('event.created', { items: [item('c1', 1), item('c2', 2)] });
    bus.publish('event.updated', { items: [item('c1', 3)] });
    bus.publish('customer.updated', { customerIds: ['c1', 'c9'], summaries: async (ids) => ids.map(summary) });
    bus.publish('actions.changed', { customerId: 'c1', actions: [] });
    bus.publish('customer.split', { mergeId: 'm1', restoredId: 'c7', fromId: 'c1' });
    await waitFor(() => got.split.length === 1, 'customer:split');

    expect(got.items.map((e) => [e.customerId, e.seq, e.item.id])).toEqual([
      ['c1', 1, 'ev-1'],
      ['c1', 3, 'ev-3'],
    ]);
    expect(got.updated).toEqual([{ customerId: 'c1', customer: summary('c1') }]);
    expect(got.actions).toEqual([{ customerId: 'c1', actions: [] }]);
    expect(got.split).toEqual([{ mergeId: 'm1', restoredId: 'c7', fromId: 'c1' }]);
    for (const e of got.items) expect(SERVER_EVENTS['timeline:item'].safeParse(e).success).toBe(true);
    expect(SERVER_EVENTS['customer:updated'].safeParse(got.updated[0]).success).toBe(true);
    expect(otherItems).toEqual([]);
  });

  it('reads summaries only for customers someone watches (a bulk import touches thousands nobody does)', async () => {
    const w = await client('tok-ann');
    await watch(w, { customerId: 'seen-1' });
    const updated = record(w, 'customer:updated');
    const asked: string[][] = [];
    bus.publish('customer.updated', { customerIds: ['unseen-1', 'seen-1', 'unseen-2'], summaries: async (ids) => (asked.push([...ids]), ids.map(summary)) });
    await waitFor(() => updated.length === 1, 'customer:updated');
    expect(asked).toEqual([['seen-1']]);
    expect(updated[0]!.customerId).toBe('seen-1');
  });

  it('a merge tells both sides and moves the merged-away watchers, so the survivor’s next items reach them', async () => {
    const w = await client('tok-bob');
    await watch(w, { customerId: 'from-1' });
    const merged = record(w, 'customer:merged');
    const items = record(w, 'timeline:item');
    bus.publish('customer.merged', { id: 'm2', fromId: 'from-1', intoId: 'into-1' } as MergeRecord);
    bus.publish('event.created', { items: [item('into-1', 10)] });
    await waitFor(() => items.length === 1, 'survivor item');
    expect(merged).toEqual([{ fromId: 'from-1', intoId: 'into-1', mergeId: 'm2' }]);
  });

  it('masks items and summaries per recipient in one room; a merge carries only readers of personal data into the survivor’s full room', async () => {
    const [agent, associate] = [await client('tok-ann'), await client('tok-cat')];
    for (const s of [agent, associate]) expect((await watch(s, { customerId: 'p1' })).ok).toBe(true);
    const got = { agent: record(agent, 'timeline:item'), associate: record(associate, 'timeline:item'), agentSum: record(agent, 'customer:updated'), associateSum: record(associate, 'customer:updated') };
    const withPhone = { ...item('p1', 20), summary: 'SMS from +15550124821', data: { from: '+15550124821', body: 'hi' } };
    bus.publish('event.created', { items: [withPhone] });
    bus.publish('customer.updated', { customerIds: ['p1'], summaries: async (ids) => ids.map((id) => ({ ...summary(id), emails: ['pat@x.test'] })) });
    await waitFor(() => got.agentSum.length === 1 && got.associateSum.length === 1, 'summaries');
    expect(got.agent.map((e) => e.item)).toEqual([withPhone]);
    expect(got.associate.map((e) => [e.item.summary, e.item.data, e.item.pii])).toEqual([['SMS from ••• ••• 4821', { from: '••• ••• 4821', body: 'hi' }, { masked: true, hidden: [] }]]);
    expect([got.agentSum[0]!.customer.emails, got.associateSum[0]!.customer.emails]).toEqual([['pat@x.test'], ['p•••@x.test']]);

    bus.publish('customer.merged', { id: 'm3', fromId: 'p1', intoId: 'p2' } as MergeRecord);
    // The move reads the room's sockets first (on every hub), so it lands a moment after the merge.
    for (let tries = 0; (await realtime.io.in(rooms.pii('p2')).fetchSockets()).length !== 1; tries++) {
      if (tries > 200) throw new Error('agent never joined the survivor’s pii room');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await realtime.io.in(rooms.pii('p1')).fetchSockets()).length).toBe(0);
    bus.publish('event.created', { items: [{ ...withPhone, customerId: 'p2', id: 'ev-21', seq: 21 }] });
    await waitFor(() => got.agent.length === 2 && got.associate.length === 2, 'survivor item');
    expect(got.agent[1]!.item.data).toEqual({ from: '+15550124821', body: 'hi' });
    expect(got.associate[1]!.item.data).toEqual({ from: '••• ••• 4821', body: 'hi' });
  });

  it('joins every socket to its user room on connect; the generic emitter reaches exactly that room', async () => {
    const [ann1, ann2, bob] = [await client('tok-ann'), await client('tok-ann'), await client('tok-bob')];
    const seen = [record(ann1, 'customer:split'), record(ann2, 'customer:split'), record(bob, 'customer:split')];
    realtime.emitter.emit(rooms.user('u-ann'), 'customer:split', { mergeId: 'x', restoredId: 'y', fromId: 'z' });
    await waitFor(() => seen[0]!.length === 1 && seen[1]!.length === 1, 'both of Ann’s sockets');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen[2]).toEqual([]);
  });

  it('sends a presence change to every signed-in socket once: not again when the presence service already showed it', async () => {
    const [ann, cat] = [await client('tok-ann'), await client('tok-cat')];
    const seen = [record(ann, 'presence:updated'), record(cat, 'presence:updated')];
    const presence = (state: 'away' | 'online') => ({ userId: 'u-bob', name: 'Bob', state, since: '2026-01-12T08:00:00.000000Z', reason: 'chosen' as const });
    bus.publish('presence.changed', { presence: presence('away'), was: 'online', shown: true });
    bus.publish('presence.changed', { presence: presence('online'), was: 'away' });
    await waitFor(() => seen[0]!.length === 1 && seen[1]!.length === 1, 'the unshown change on both sockets');
    await new Promise((r) => setTimeout(r, 50));
    for (const s of seen) expect(s.map((e) => e.presence.state)).toEqual(['online']);
  });

  it('stops listening to the bus on close', async () => {
    const bus2 = new DomainEventBus();
    const http2 = createServer();
    const rt = createRealtime(http2, { auth, features: new Map([['customers', { customers, pii }]]), modules: [customersModule], events: bus2 });
    const delivered: string[] = [];
    bus2.subscribe('probe', { 'customer.split': (s) => void delivered.push(s.mergeId) });
    await rt.close();
    expect(() => bus2.publish('customer.split', { mergeId: 'after-close', restoredId: 'a', fromId: 'b' })).not.toThrow();
    expect(delivered).toEqual(['after-close']);
    expect((bus2 as unknown as { subscribers: { name: string }[] }).subscribers.map((s) => s.name)).toEqual(['probe']);
  });
});
