import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, type Channel, type Priority } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { DomainEventBus } from '../events/bus.js';
import { makeEvent, testDomain, uniqueWho, type TestDomain } from '../http/test-support.js';
import { PresenceService } from '../presence/presence-service.js';
import { presenceSettings } from '../presence/settings.js';
import { Mutex } from '../storage/mutex.js';
import { RoutingService } from './routing-service.js';
import { routingSettings } from './settings.js';
import { routingDb } from './tables.js';

/*
 * Routing with a hand-moved clock on the test backend (SQLite, or PostgreSQL with DATABASE_URL): offers
 * time out and move on (never back), agents who left lose their work after the grace period with the
 * reason recorded, relationship first, nothing for offline agents. The hub's own sweeps are off here.
 */
process.env['OMNI_ROUTING_AUTO'] = '0';
process.env['OMNI_PRESENCE_AUTO'] = '0';

let t: TestDomain;
let domain: SqlDomain;
let clock = Date.now();
let presence: PresenceService;
let routing: RoutingService;
const offered: { userId: string; conversationId: string }[] = [];
let queueId: string;
let ana: string;
let ben: string;
let customerId: string;

const SECOND = 1000;

async function conversation(subject: string, opts: { priority?: Priority; channel?: Channel; customer?: string } = {}) {
  const c = await domain.conversations.create(systemActor('test'), { customerId: opts.customer ?? customerId, subject, priority: opts.priority ?? 'normal', channel: opts.channel ?? 'chat', queueId, tags: [] });
  return c.id;
}
const offersTo = (userId: string) => routingDb(domain.database.db).selectFrom('routing_offers').selectAll().where('user_id', '=', userId).where('status', '=', 'pending').execute();
const assigneeOf = async (id: string) => (await routingDb(domain.database.db).selectFrom('conversations').select('assignee_id').where('id', '=', id).executeTakeFirstOrThrow()).assignee_id;

beforeAll(async () => {
  t = await testDomain();
  domain = t.domain as unknown as SqlDomain;
  const events = new DomainEventBus();
  events.subscribe('probe', { 'routing.offered': ({ userId, offer }) => void offered.push({ userId, conversationId: offer.conversationId }) });
  const now = () => clock;
  presence = new PresenceService({ db: domain.database.db, events, settings: presenceSettings({}), hubId: 'hub_test', now });
  routing = new RoutingService({ db: domain.database.db, dialect: domain.database.dialect, events, writeLock: new Mutex(), conversations: domain.conversations, presence, settings: routingSettings({}), now });
  queueId = (await domain.teams.create(systemActor('test'), { name: 'Clocked queue' })).id;
  ana = (await domain.auth.createUser({ email: 'ana.clock@test.local', name: 'Ana', role: 'agent', password: 'agent-password-123' })).id;
  ben = (await domain.auth.createUser({ email: 'ben.clock@test.local', name: 'Ben', role: 'agent', password: 'agent-password-123' })).id;
  for (const u of [ana, ben]) await domain.teams.addMember(systemActor('test'), queueId, u);
  const { results } = await domain.ingest.ingest(systemActor('test'), [makeEvent(uniqueWho('clocked'), { channel: 'web', type: 'page.viewed' })]);
  customerId = results[0]!.customerId;
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  // Each test starts with nobody online and nothing waiting.
  clock += 3_600 * SECOND;
  for (const u of [ana, ben]) await presence.setFor(u, 'offline');
  await routing.expireAndWithdraw();
  await routingDb(domain.database.db).updateTable('conversations').set({ status: 'solved' }).where('status', '=', 'open').execute();
  offered.length = 0;
});

describe('offers over time', () => {
  it('an unanswered offer expires after 30 s, goes to the other agent, and never returns to the first', async () => {
    const id = await conversation('Time-out');
    await presence.setFor(ana, 'online');
    expect(await routing.dispatch()).toBe(1);
    expect(offered).toEqual([{ userId: ana, conversationId: id }]);
    clock += 29 * SECOND;
    await routing.expireAndWithdraw();
    expect(await offersTo(ana)).toHaveLength(1);
    clock += 2 * SECOND;
    expect(await routing.expireAndWithdraw()).toBe(1);
    // Ana is the only one online: the expired conversation is not offered to her again; it waits.
    expect(await routing.dispatch()).toBe(0);
    await presence.setFor(ben, 'online');
    expect(await routing.dispatch()).toBe(1);
    expect(offered.at(-1)).toEqual({ userId: ben, conversationId: id });
    const [offer] = await offersTo(ben);
    await routing.acceptOffer(ben, offer!.id);
    expect(await assigneeOf(id)).toBe(ben);
    // An accept after the deadline is refused and counted as expired (Ben just served this customer: relationship first).
    const late = await conversation('Too late');
    await routing.dispatch();
    const [lateOffer] = await offersTo(ben);
    expect(lateOffer!.conversation_id).toBe(late);
    clock += 31 * SECOND;
    await expect(routing.acceptOffer(ben, lateOffer!.id)).rejects.toThrow(/expired/);
    expect(await assigneeOf(late)).toBeNull();
  });

  it('nobody online: work waits; an agent who goes away has their offer withdrawn (not a decline) and it can come back', async () => {
    const id = await conversation('Waits');
    expect(await routing.dispatch()).toBe(0);
    await presence.setFor(ana, 'online');
    await routing.dispatch();
    await presence.setFor(ana, 'away');
    expect(await routing.expireAndWithdraw()).toBe(1);
    expect(await routing.dispatch()).toBe(0);
    await presence.setFor(ana, 'online');
    expect(await routing.dispatch()).toBe(1);
    expect(offered.map((o) => o.conversationId)).toEqual([id, id]);
  });
});

describe('the grace period', () => {
  it('an agent away for more than 60 s gives their open conversations back, with the reason in the history', async () => {
    await presence.setFor(ana, 'online');
    const id = await conversation('Held');
    expect(await routing.pullNext(ana)).toBe(id);
    await presence.setFor(ana, 'away');
    clock += 59 * SECOND;
    expect(await routing.releaseAbsent()).toBe(0);
    // Away, then offline: the grace period still counts from leaving online.
    await presence.setFor(ana, 'offline');
    clock += 2 * SECOND;
    expect(await routing.releaseAbsent()).toBe(1);
    expect(await assigneeOf(id)).toBeNull();
    const { entries } = await routing.history(id);
    expect(entries.at(-1)).toMatchObject({ kind: 'released', userId: ana, reason: 'offline for more than 60 s: back to the queue' });
  });

  it('coming back within the grace period keeps the work', async () => {
    await presence.setFor(ana, 'online');
    const id = await conversation('Kept');
    expect(await routing.pullNext(ana)).toBe(id);
    await presence.setFor(ana, 'away');
    clock += 30 * SECOND;
    await presence.setFor(ana, 'online');
    clock += 60 * SECOND;
    expect(await routing.releaseAbsent()).toBe(0);
    expect(await assigneeOf(id)).toBe(ana);
  });
});

describe('relationship first and capacity', () => {
  it('prefers the agent who last served this customer, even when busier', async () => {
    await presence.setFor(ben, 'online');
    const before = await conversation('Earlier question');
    expect(await routing.pullNext(ben)).toBe(before);
    await routingDb(domain.database.db).updateTable('conversations').set({ status: 'solved' }).where('id', '=', before).execute();
    await presence.setFor(ana, 'online');
    // Ben is busier (one open email) than Ana (nothing), but served this customer: Ben gets it.
    await conversation('Busy work', { channel: 'email', customer: customerId });
    expect(await routing.pullNext(ben)).not.toBeNull();
    const again = await conversation('Follow-up');
    await routing.dispatch();
    expect(offered.find((o) => o.conversationId === again)?.userId).toBe(ben);
  });

  it('capacity: a call fills an agent; nothing more is offered until it is done', async () => {
    await presence.setFor(ana, 'online');
    const call = await conversation('Call back', { channel: 'phone' });
    expect(await routing.pullNext(ana)).toBe(call);
    const chat = await conversation('Chat meanwhile');
    expect(await routing.dispatch()).toBe(0);
    expect(await routing.pullNext(ana)).toBeNull();
    await domain.conversations.update(systemActor('test'), call, { status: 'solved' });
    expect(await routing.pullNext(ana)).toBe(chat);
  });
});
