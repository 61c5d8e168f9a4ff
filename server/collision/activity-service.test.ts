import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPOSING_TTL_MS, EVENT_TYPE, VIEWING_TTL_MS, systemActor, userActor, type Actor, type IngestEvent, type User } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { NotFoundError } from '../errors.js';
import { testBackend, uniqueWho } from '../testing/fixtures.js';
import { openTestDomain } from '../storage/test-domain.js';
import { CustomerActivityService } from './activity-service.js';

/*
 * Collision on a real domain (SQLite, or PostgreSQL with DATABASE_URL) with a fake clock: signals expire
 * on time, stopping and the sweep announce, calls and store visits come from the timeline.
 */
let domain: SqlDomain;
let clock = 0;
let service: CustomerActivityService;
let ana: User;
let grace: User;
const announced: string[][] = [];
const system = systemActor('demo');

async function ingest(events: IngestEvent[]): Promise<string> {
  const out = await domain.ingest.ingest(system, events);
  return out.results[0]!.customerId;
}
const at = (offsetMs: number) => new Date(clock + offsetMs).toISOString();
const aCustomer = () => ingest([{ source: 'test', sourceEventId: uniqueWho('e').email, channel: 'email', type: EVENT_TYPE.emailReceived, occurredAt: at(-60_000), customer: { email: uniqueWho('c').email }, summary: 'hello', data: {} }]);

beforeAll(async () => {
  ({ domain } = await openTestDomain(testBackend()));
  clock = Date.now();
  service = new CustomerActivityService({ db: domain.database.db, events: domain.events, resolveId: (actor: Actor, id: string) => domain.customers.resolveId(actor, id), now: () => clock });
  domain.events.subscribe('collision-test', { 'activity.changed': ({ customerIds }) => void announced.push([...customerIds]) });
  ana = await domain.auth.createUser({ email: 'ana.collision@test.local', name: 'Ana Ruiz', role: 'agent', password: 'ana-password-1234' });
  grace = await domain.auth.createUser({ email: 'grace.collision@test.local', name: 'Grace Kim', role: 'agent', password: 'grace-password-1234' });
});
afterAll(async () => {
  await domain?.close();
});

describe('viewing and replying', () => {
  it('shows who views and who replies, by name, and forgets each when its signals stop', async () => {
    const id = await aCustomer();
    announced.length = 0;
    await service.signal(userActor(ana), id, { kind: 'viewing', active: true });
    const a = await service.signal(userActor(grace), id, { kind: 'composing', channel: 'email', conversationId: 'cnv_1', active: true });
    expect(a.viewers.map((v) => v.name)).toEqual(['Ana Ruiz']);
    expect(a.composers).toEqual([{ userId: grace.id, name: 'Grace Kim', channel: 'email', conversationId: 'cnv_1', since: new Date(clock).toISOString() }]);
    expect(announced.flat().filter((x) => x === id)).toHaveLength(2);

    // A refresh keeps "since" and announces nothing new.
    clock += COMPOSING_TTL_MS - 1000;
    await service.signal(userActor(grace), id, { kind: 'composing', channel: 'email', conversationId: 'cnv_1', active: true });
    expect(announced.flat().filter((x) => x === id)).toHaveLength(2);
    expect((await service.get(userActor(ana), id)).composers[0]!.since).toBe(new Date(clock - COMPOSING_TTL_MS + 1000).toISOString());

    // No keystroke for COMPOSING_TTL_MS: no longer replying; the viewer (refreshed) stays until VIEWING_TTL_MS.
    await service.signal(userActor(ana), id, { kind: 'viewing', active: true });
    clock += COMPOSING_TTL_MS;
    const later = await service.get(userActor(ana), id);
    expect(later.composers).toEqual([]);
    expect(later.viewers.map((v) => v.name)).toEqual(['Ana Ruiz']);

    // The sweep deletes what expired and announces the customer once.
    announced.length = 0;
    expect(await service.sweep()).toBeGreaterThanOrEqual(1);
    expect(announced.flat()).toContain(id);

    clock += VIEWING_TTL_MS;
    expect((await service.get(userActor(ana), id)).viewers).toEqual([]);
    await service.sweep();
  });

  it('stopping removes the signal at once and announces it; stopping twice announces once', async () => {
    const id = await aCustomer();
    await service.signal(userActor(ana), id, { kind: 'composing', channel: 'sms', active: true });
    announced.length = 0;
    const after = await service.signal(userActor(ana), id, { kind: 'composing', channel: 'sms', active: false });
    expect(after.composers).toEqual([]);
    await service.signal(userActor(ana), id, { kind: 'composing', channel: 'sms', active: false });
    expect(announced.flat().filter((x) => x === id)).toHaveLength(1);
  });

  it('refuses an unknown customer with not_found naming the id, and a system actor', async () => {
    await expect(service.signal(userActor(ana), 'cus_nobody', { kind: 'viewing', active: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.get(userActor(ana), 'cus_nobody')).rejects.toMatchObject({ code: 'not_found', path: 'id' });
    await expect(service.signal(system, await aCustomer(), { kind: 'viewing', active: true })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('answers several customers at once, leaving unknown ids out', async () => {
    const [x, y] = [await aCustomer(), await aCustomer()];
    await service.signal(userActor(grace), y, { kind: 'viewing', active: true });
    const list = await service.many(userActor(ana), [x, 'cus_nobody', y]);
    expect(list.map((a) => [a.customerId, a.viewers.map((v) => v.name)])).toEqual([
      [x, []],
      [y, ['Grace Kim']],
    ]);
  });
});

describe('calls and store visits from the timeline', () => {
  it('a call going on reads "connected since the answer, with the agent"; its end clears it', async () => {
    const phone = `+1415555${String(Math.floor(1000 + Math.random() * 8999))}`;
    const callEvent = (status: string, statuses: { status: string; at: string }[]): IngestEvent => ({
      source: 'test-voice',
      sourceEventId: `CA-${phone}`,
      channel: 'phone',
      type: EVENT_TYPE.callInbound,
      occurredAt: at(-120_000),
      customer: { phone },
      summary: 'call',
      data: { status, direction: 'inbound', agent: ana.id, statuses },
    });
    announced.length = 0;
    const id = await ingest([callEvent('in-progress', [{ status: 'ringing', at: at(-120_000) }, { status: 'in-progress', at: at(-90_000) }])]);
    await domain.events.idle();
    expect(announced.flat()).toContain(id);
    const live = await service.get(userActor(grace), id);
    expect(live.call).toEqual({ state: 'connected', direction: 'inbound', agentName: 'Ana Ruiz', since: new Date(clock - 90_000).toISOString() });

    // The same call record, now completed (a new item of the same call: the newest decides).
    await ingest([{ ...callEvent('completed', []), sourceEventId: `CA-${phone}-done`, occurredAt: at(-1000) }]);
    expect((await service.get(userActor(grace), id)).call).toBeNull();
  });

  it('a check-in is "in the store now" until the check-out', async () => {
    const email = uniqueWho('store').email;
    const visit = { visitId: 'vis_1', storeId: 'sq', storeName: 'Union Square' };
    const id = await ingest([{ source: 'test-counter', sourceEventId: `in-${email}`, channel: 'store', type: EVENT_TYPE.storeCheckIn, occurredAt: at(-300_000), customer: { email }, summary: 'in', data: visit }]);
    expect((await service.get(userActor(ana), id)).storeVisit).toEqual({ storeName: 'Union Square', since: new Date(clock - 300_000).toISOString() });
    announced.length = 0;
    await ingest([{ source: 'test-counter', sourceEventId: `out-${email}`, channel: 'store', type: EVENT_TYPE.storeCheckOut, occurredAt: at(-1000), customer: { email }, summary: 'out', data: visit }]);
    await domain.events.idle();
    expect(announced.flat()).toContain(id);
    expect((await service.get(userActor(ana), id)).storeVisit).toBeNull();
  });
});
