import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerSplitEventSchema, MergeResponseSchema, TimelinePageSchema } from '../../shared/index.js';
import { makeEvent, uniqueWho } from './fixtures.js';
import { recorder, watchCustomer } from './hub-client.js';
import { startTwoHubs, twoHubsSkipReason, type TwoHubs } from './two-hubs.js';
import { until } from './wait.js';

/*
 * Two hub processes on one PostgreSQL schema and one Redis (the scaled-out deployment). Runs in the
 * PG pass (`npm run test:pg`: DATABASE_URL and REDIS_URL set); skipped with the reason otherwise.
 */
const skip = twoHubsSkipReason();
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

// Skipped, with the reason in its title, when PostgreSQL or Redis is not configured (twoHubsSkipReason): the default SQLite pass.
describe.skipIf(skip !== undefined)(`two hubs on one database and one Redis${skip ? ` (skipped: ${skip})` : ''}`, () => {
  // One pair for the whole file (starting hub processes is most of its time); Redis through a proxy
  // the outage case cuts. That case runs last and restores Redis whatever happens.
  let hubs: TwoHubs;
  beforeAll(async () => {
    hubs = await startTwoHubs({ redisProxy: true });
    await hubs.linked();
  }, 120_000);
  afterAll(async () => {
    hubs?.redis?.restore();
    await hubs?.close();
  }, 30_000);

  it('an event ingested on hub A reaches a client watching on hub B live', async () => {
    const who = uniqueWho('ab');
    const [first] = await hubs.a.client.ingest([makeEvent(who)]);
    const onB = await hubs.b.client.socket();
    await watchCustomer(onB, first!.customerId);
    const items = recorder(onB, 'timeline:item');
    const [sent] = await hubs.a.client.ingest([makeEvent(who, { summary: 'from hub A' })]);
    await items.waitFor((s) => s.some((e) => e.item.id === sent!.eventId), 'the item from hub A on hub B');
    expect(items.seen.find((e) => e.item.id === sent!.eventId)).toMatchObject({ customerId: first!.customerId, item: { summary: 'from hub A' } });
  });

  it('a client that reconnects to the other hub gets what it missed replayed, in order, then live', async () => {
    const who = uniqueWho('replay');
    const [first] = await hubs.a.client.ingest([makeEvent(who)]);
    const customerId = first!.customerId;
    const onA = await hubs.a.client.socket();
    const seenOnA = recorder(onA, 'timeline:item');
    const ack = await watchCustomer(onA, customerId, 0);
    expect(ack.replayed).toBe(1);
    await seenOnA.waitFor((s) => s.length === 1, 'the replayed first item');
    const lastSeq = seenOnA.seen[0]!.seq;
    onA.close(); // hub A's client goes away (laptop lid, network change)

    // Missed while away: written through both hubs.
    const missed = [...(await hubs.a.client.ingest([makeEvent(who, { summary: 'missed 1' })])), ...(await hubs.b.client.ingest([makeEvent(who, { summary: 'missed 2' })])), ...(await hubs.a.client.ingest([makeEvent(who, { summary: 'missed 3' })]))];

    const onB = await hubs.b.client.socket();
    const seenOnB = recorder(onB, 'timeline:item');
    const again = await watchCustomer(onB, customerId, lastSeq);
    expect(again.replayed).toBe(3);
    await seenOnB.waitFor((s) => s.length >= 3, 'three replayed items on hub B');
    expect(seenOnB.seen.slice(0, 3).map((e) => e.item.id)).toEqual(missed.map((r) => r.eventId));
    const seqs = seenOnB.seen.map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);

    const [live] = await hubs.a.client.ingest([makeEvent(who, { summary: 'live after replay' })]);
    await seenOnB.waitFor((s) => s.some((e) => e.item.id === live!.eventId), 'the live item after replay');
  });

  it('merge and undo on hub A: watchers on hub B hear customer:merged, then customer:split', async () => {
    const [ra] = await hubs.a.client.ingest([makeEvent(uniqueWho('split-a'))]);
    const [rb] = await hubs.a.client.ingest([makeEvent(uniqueWho('split-b'))]);
    const [wa, wb] = [await hubs.b.client.socket(), await hubs.b.client.socket()];
    await watchCustomer(wa, ra!.customerId);
    await watchCustomer(wb, rb!.customerId);
    const merged = [recorder(wa, 'customer:merged'), recorder(wb, 'customer:merged')];
    const split = [recorder(wa, 'customer:split'), recorder(wb, 'customer:split')];

    const m = await hubs.a.client.call('POST', `/api/v1/customers/${ra!.customerId}/merge`, { otherId: rb!.customerId });
    expect(m.status).toBe(200);
    const { mergeId } = MergeResponseSchema.parse(m.json);
    for (const r of merged) await r.waitFor((s) => s.length === 1, 'customer:merged on hub B');
    expect(merged[1]!.seen[0]).toMatchObject({ fromId: rb!.customerId, intoId: ra!.customerId, mergeId });

    expect((await hubs.a.client.call('POST', `/api/v1/merges/${mergeId}/undo`, { reason: 'wrong person' })).status).toBe(200);
    // Hub B moved its own merged-away watcher into the survivor's room: both B sockets hear the split.
    for (const r of split) await r.waitFor((s) => s.length === 1, 'customer:split on hub B');
    expect(CustomerSplitEventSchema.parse(split[0]!.seen[0])).toEqual({ mergeId, restoredId: rb!.customerId, fromId: ra!.customerId });
  });

  /** A customer with a recent web session; a store visit then makes `hold_notifications` apply. */
  async function actionsScenario(askOn: TwoHubs['a'], tag: string) {
    const who = uniqueWho(tag);
    const [first] = await hubs.a.client.ingest([makeEvent(who, { channel: 'web', type: 'web.session', occurredAt: ago(3_600_000), data: {} })]);
    const customerId = first!.customerId;
    // The console asks for the list when it opens a customer: that marks the customer as looked at.
    expect((await askOn.client.call('GET', `/api/v1/customers/${customerId}/actions`)).status).toBe(200);
    const onB = await hubs.b.client.socket();
    await watchCustomer(onB, customerId);
    const updates = recorder(onB, 'actions:updated');
    await hubs.a.client.ingest([makeEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(60_000), data: { storeId: 'SF-UNION', storeName: 'Union Square' } })]);
    await updates.waitFor((s) => s.some((u) => u.customerId === customerId && u.actions.some((a) => a.kind === 'hold_notifications')), 'actions:updated on hub B', 5_000);
  }

  it('actions:updated computed on hub A (which served the list) reaches a watcher on hub B', async () => {
    await actionsScenario(hubs.a, 'actions-a');
  });

  /*
   * "Someone is looking at this customer" is kept in PostgreSQL too (action_interest): the hub that ingests the
   * event recomputes and pushes, also when the console asked the other hub for the list.
   */
  it('actions:updated when the list was served by hub B and the event arrives through hub A', async () => {
    await actionsScenario(hubs.b, 'actions-b');
  });

  /*
   * What happens: with Redis cut, each hub keeps serving HTTP
   * and its own sockets (both write to PostgreSQL); only cross-hub live delivery stops. After Redis
   * returns the hubs reconnect by themselves and cross-hub delivery resumes; what a client missed comes
   * back through replay (watch with sinceSeq), which reads the database, not Redis.
   */
  it('a presence change on hub A reaches a socket on hub B once (shown before its commit, not sent again after it)', async () => {
    const onB = await hubs.b.client.socket();
    expect((await hubs.a.client.call('PUT', '/api/v1/presence', { state: 'online' })).status).toBe(200);
    const seen = recorder(onB, 'presence:updated');
    expect((await hubs.a.client.call('PUT', '/api/v1/presence', { state: 'away' })).status).toBe(200);
    await seen.waitFor((s) => s.some((e) => e.presence.state === 'away'), 'the away change on hub B');
    // A second copy would come right behind the first: the next change, sent after it, shows none came.
    expect((await hubs.a.client.call('PUT', '/api/v1/presence', { state: 'online' })).status).toBe(200);
    await seen.waitFor((s) => s.some((e) => e.presence.state === 'online'), 'the online change on hub B');
    expect(seen.seen.map((e) => e.presence.state)).toEqual(['away', 'online']);
    onB.close();
  });

  it('hubs keep serving HTTP while Redis is down; afterwards live delivery resumes and replay catches up', async () => {
    const who = uniqueWho('outage');
    const [first] = await hubs.a.client.ingest([makeEvent(who)]);
    const customerId = first!.customerId;
    const onB = await hubs.b.client.socket();
    const seenOnB = recorder(onB, 'timeline:item');
    await watchCustomer(onB, customerId, 0);
    await seenOnB.waitFor((s) => s.length === 1, 'the first item replayed on hub B');
    const lastSeq = seenOnB.seen[0]!.seq;
    const onA = await hubs.a.client.socket();
    const seenOnA = recorder(onA, 'timeline:item');
    await watchCustomer(onA, customerId);

    hubs.redis!.cut();
    // HTTP keeps working on both hubs: health, ingest (202 = committed to PostgreSQL), reads.
    for (const hub of [hubs.a, hubs.b]) expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const during = await hubs.a.client.ingest([makeEvent(who, { summary: 'during the outage' })]);
    const page = TimelinePageSchema.parse((await hubs.b.client.call('GET', `/api/v1/customers/${customerId}/timeline`)).json);
    expect(page.items.map((i) => i.id)).toContain(during[0]!.eventId);
    // Hub A's own sockets still get it live (local rooms do not need Redis).
    await seenOnA.waitFor((s) => s.some((e) => e.item.id === during[0]!.eventId), 'the item on hub A during the outage');
    // Cross-hub delivery is what stopped: hub B's watcher did not get it.
    const isDuring = (e: { item: { id: string } }) => e.item.id === during[0]!.eventId;
    expect(seenOnB.seen.some(isDuring)).toBe(false);

    hubs.redis!.restore();
    // The hubs reconnect on their own (backoff up to 5 s); cross-hub live delivery resumes.
    await until(() => hubs.redis!.openConnections() >= 4, 'both hubs to reconnect to Redis (2 connections each)', 30_000, 100);
    await hubs.linked();
    // Observed: the broadcast hub A made while Redis was down is NOT delivered late to hub B (its XADD failed);
    // nothing promises it either way, so clients must not rely on it: replay is the catch-up path.

    // A client of hub B that reconnects with its last seq gets everything it missed from the database.
    onB.close();
    const back = await hubs.b.client.socket();
    const replayed = recorder(back, 'timeline:item');
    const ack = await watchCustomer(back, customerId, lastSeq);
    expect(ack.replayed).toBeGreaterThanOrEqual(1);
    await replayed.waitFor((s) => s.some((e) => e.item.id === during[0]!.eventId), 'the outage item replayed on hub B');
    const [after] = await hubs.a.client.ingest([makeEvent(who, { summary: 'after the outage' })]);
    await replayed.waitFor((s) => s.some((e) => e.item.id === after!.eventId), 'a live item from hub A after Redis returned');
  }, 90_000);
});
