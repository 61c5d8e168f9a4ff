import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, TEST_ADMIN, testDomain, uniqueWho, type TestDomain } from '../http/test-support.js';
import { redisStreamsDriver } from './driver.js';
import { customerRoom } from './rooms.js';
import { createRealtime, type Realtime } from './server.js';
import { connect, record, waitFor, watch, type ClientSocket } from './test-client.js';
import { systemActor } from '../../shared/actor.js';

const REDIS_URL = process.env.REDIS_URL;

// Needs a Redis server (REDIS_URL, e.g. redis://127.0.0.1:6379, as in .ci/run); skipped without one.
describe.skipIf(!REDIS_URL)('scale-out over the Redis Streams adapter (REDIS_URL set)', () => {
  let t: TestDomain;
  const nodes: { http: HttpServer; realtime: Realtime; url: string }[] = [];
  const sockets: ClientSocket[] = [];
  let token: string;

  beforeAll(async () => {
    t = await testDomain();
    token = (await t.domain.auth.login(TEST_ADMIN.email, TEST_ADMIN.password))!.token;
    // A stream of our own: parallel runs (or a stale stream) never cross-talk.
    const streamName = `omni-test-${process.pid}-${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      const http = createServer();
      const driver = await redisStreamsDriver(REDIS_URL!, { streamName });
      // Hub A (i = 0) is the one the domain pushes through; clients connect to hub B.
      const realtime = createRealtime(http, { auth: t.domain.auth, features: t.domain.features, driver, ...(i === 0 ? { events: t.domain.events } : {}) });
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      nodes.push({ http, realtime, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    }
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    // Each hub sees those disconnects and asks the cluster who else holds the user (fetchSockets, a publish over Redis):
    // let them go out before the Redis clients close, or the adapter's publish fails on a closed client, unhandled.
    for (let waited = 0; waited < 5000 && nodes.some((n) => n.realtime.io.of('/').sockets.size > 0); waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    for (const n of nodes) {
      await n.realtime.close();
      await new Promise((r) => n.http.close(r));
    }
    await t?.close();
  });

  /** Streams are read from "$": until hub A sees hub B's sockets, the adapters are not wired up yet. */
  async function awaitRemoteSockets(room: string, count: number) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await nodes[0]!.realtime.io.in(room).fetchSockets().catch(() => []);
      if (found.length >= count) return;
      if (Date.now() > deadline) throw new Error(`hub A never saw ${count} socket(s) of hub B in ${room}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('an item fanned out by hub A reaches a client connected to hub B', async () => {
    const who = uniqueWho('redis');
    const first = await t.domain.ingest.ingest(systemActor('test'), [makeEvent(who)]);
    const customerId = first.results[0]!.customerId;

    const onB = await connect(nodes[1]!.url, { token });
    sockets.push(onB);
    expect(await watch(onB, { customerId })).toMatchObject({ ok: true, customerId });
    const items = record(onB, 'timeline:item');
    await awaitRemoteSockets(customerRoom(customerId), 1);

    const out = await t.domain.ingest.ingest(systemActor('test'), [makeEvent(who, { summary: 'via redis' })]);
    await waitFor(() => items.length === 1, 'item on hub B', 10_000);
    expect(items[0]).toMatchObject({ customerId, item: { id: out.results[0]!.eventId, summary: 'via redis' } });
  });

  it('a merge on hub A moves hub B watchers of the merged-away id to the survivor', async () => {
    const a = uniqueWho('redis-a');
    const b = uniqueWho('redis-b');
    const ra = (await t.domain.ingest.ingest(systemActor('test'), [makeEvent({ email: a.email })])).results[0]!;
    const rb = (await t.domain.ingest.ingest(systemActor('test'), [makeEvent({ loyaltyId: b.loyaltyId })])).results[0]!;

    const [wa, wb] = [await connect(nodes[1]!.url, { token }), await connect(nodes[1]!.url, { token })];
    sockets.push(wa, wb);
    await watch(wa, { customerId: ra.customerId });
    await watch(wb, { customerId: rb.customerId });
    await awaitRemoteSockets(customerRoom(ra.customerId), 1);
    await awaitRemoteSockets(customerRoom(rb.customerId), 1);
    const [mergedA, mergedB] = [record(wa, 'customer:merged'), record(wb, 'customer:merged')];
    const [itemsA, itemsB] = [record(wa, 'timeline:item'), record(wb, 'timeline:item')];

    await t.domain.ingest.ingest(systemActor('test'), [makeEvent({ email: a.email, loyaltyId: b.loyaltyId })]);
    await waitFor(() => mergedA.length === 1 && mergedB.length === 1, 'customer:merged on hub B', 10_000);
    const { intoId } = mergedA[0]!;
    await awaitRemoteSockets(customerRoom(intoId), 2);

    const after = (await t.domain.ingest.ingest(systemActor('test'), [makeEvent({ loyaltyId: b.loyaltyId }, { summary: 'after' })])).results[0]!;
    await waitFor(() => itemsA.some((e) => e.item.id === after.eventId) && itemsB.some((e) => e.item.id === after.eventId), 'post-merge item on both B sockets', 10_000);
  });
});
