import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TimelineItemEventSchema, CustomerMergedEventSchema, CustomerUpdatedEventSchema } from '../../shared/index.js';
import { startHub, type RunningHub } from '../hub.js';
import { makeEvent, testStore, testConfig, uniqueWho } from '../http/test-support.js';
import { connect, ingest, login, record, waitFor, watch, type ClientSocket } from './test-client.js';

let hub: RunningHub;
let token: string;
let removeDir: () => Promise<void>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  const dir = await testStore('realtime');
  removeDir = dir.remove;
  hub = await startHub(testConfig(dir));
  token = await login(hub.url);
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(async () => {
  await hub?.close();
  await removeDir?.();
});

async function client(transports?: ('websocket' | 'polling')[]): Promise<ClientSocket> {
  const s = await connect(hub.url, { token }, transports ? { transports } : {});
  open.push(s);
  return s;
}

/** A customer that exists (watching needs a known id). */
async function newCustomer(tag: string) {
  const who = uniqueWho(tag);
  const [r] = await ingest(hub.url, [makeEvent(who)]);
  return { who, id: r!.customerId };
}

describe('socket auth', () => {
  it('connect without a token -> connect_error unauthorized', async () => {
    await expect(connect(hub.url, undefined)).rejects.toThrow('unauthorized');
    await expect(connect(hub.url, { token: '' })).rejects.toThrow('unauthorized');
    await expect(connect(hub.url, { token: 'not-a-session' })).rejects.toThrow('unauthorized');
    await expect(connect(hub.url, { token: 42 })).rejects.toThrow('unauthorized');
  });

  it('connects with a session token over websocket and over long-polling', async () => {
    expect((await client()).connected).toBe(true);
    expect((await client(['polling'])).connected).toBe(true);
  });
});

describe('customer:watch', () => {
  it('acks invalid payloads and unknown customers with an error instead of throwing', async () => {
    const s = await client();
    for (const bad of [null, 'abc', {}, { customerId: '' }, { customerId: 'x', sinceSeq: -1 }, { customerId: 'x'.repeat(65) }]) {
      const ack = await watch(s, bad);
      expect(ack.ok, JSON.stringify(bad)).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('invalid_request');
    }
    const unknown = await watch(s, { customerId: 'no-such-customer' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(s.connected).toBe(true);
  });

  it('an ingested event reaches both watchers of that customer and not a watcher of another', async () => {
    const x = await newCustomer('x');
    const y = await newCustomer('y');
    const [a, b, other] = [await client(), await client(), await client()];
    expect(await watch(a, { customerId: x.id })).toEqual({ ok: true, customerId: x.id, replayed: 0 });
    expect(await watch(b, { customerId: x.id })).toMatchObject({ ok: true, customerId: x.id });
    expect(await watch(other, { customerId: y.id })).toMatchObject({ ok: true, customerId: y.id });
    const [seenA, seenB, seenOther] = [record(a, 'timeline:item'), record(b, 'timeline:item'), record(other, 'timeline:item')];
    const updated = record(a, 'customer:updated');

    const [r] = await ingest(hub.url, [makeEvent(x.who, { channel: 'sms', type: 'sms.received', summary: 'live!' })]);
    await waitFor(() => seenA.length === 1 && seenB.length === 1, 'both watchers');
    for (const e of [seenA[0]!, seenB[0]!]) {
      const parsed = TimelineItemEventSchema.parse(e);
      expect(parsed.customerId).toBe(x.id);
      expect(parsed.item.id).toBe(r!.eventId);
      expect(parsed.item.summary).toBe('live!');
      expect(parsed.seq).toBe(parsed.item.seq);
    }
    await waitFor(() => updated.length > 0, 'customer:updated');
    expect(CustomerUpdatedEventSchema.parse(updated.at(-1)).customer.id).toBe(x.id);

    // An event for y afterwards proves the y watcher is live and never got x's item (one socket, ordered delivery).
    await ingest(hub.url, [makeEvent(y.who)]);
    await waitFor(() => seenOther.length === 1, 'y watcher');
    expect(seenOther.map((e) => e.customerId)).toEqual([y.id]);
  });

  it('after unwatch no more items arrive', async () => {
    const x = await newCustomer('unwatch');
    const y = await newCustomer('unwatch-probe');
    const s = await client();
    await watch(s, { customerId: x.id });
    await watch(s, { customerId: y.id });
    expect(await s.timeout(5_000).emitWithAck('customer:unwatch', { customerId: x.id })).toEqual({ ok: true });
    const seen = record(s, 'timeline:item');
    await ingest(hub.url, [makeEvent(x.who)]);
    await ingest(hub.url, [makeEvent(y.who)]);
    await waitFor(() => seen.length === 1, 'probe item');
    expect(seen[0]!.customerId).toBe(y.id);
  });

  it('replays items with seq > sinceSeq missed while disconnected, before the ack', async () => {
    const x = await newCustomer('replay');
    const first = await client();
    await watch(first, { customerId: x.id });
    const live = record(first, 'timeline:item');
    await ingest(hub.url, [makeEvent(x.who, { summary: 'seen live' })]);
    await waitFor(() => live.length === 1, 'live item');
    const lastSeq = live[0]!.seq;
    first.close();

    const missed = await ingest(hub.url, [makeEvent(x.who, { summary: 'missed 1' }), makeEvent(x.who, { summary: 'missed 2' })]);

    const again = await client();
    const replayed = record(again, 'timeline:item');
    const ack = await watch(again, { customerId: x.id, sinceSeq: lastSeq });
    // Replayed items are emitted before the ack, so they are already here when it resolves.
    expect(ack).toEqual({ ok: true, customerId: x.id, replayed: 2 });
    expect(replayed.map((e) => e.item.id)).toEqual(missed.map((m) => m.eventId));
    expect(replayed.map((e) => e.item.summary)).toEqual(['missed 1', 'missed 2']);
    expect(replayed.every((e) => e.seq > lastSeq)).toBe(true);
  });

  it('a merge tells watchers of both customers and moves the merged-away watchers to the survivor', async () => {
    const a = uniqueWho('merge-a');
    const b = uniqueWho('merge-b');
    const [ra] = await ingest(hub.url, [makeEvent({ email: a.email })]);
    const [rb] = await ingest(hub.url, [makeEvent({ loyaltyId: b.loyaltyId })]);
    const [sa, sb] = [await client(), await client()];
    await watch(sa, { customerId: ra!.customerId });
    await watch(sb, { customerId: rb!.customerId });
    const [mergedA, mergedB] = [record(sa, 'customer:merged'), record(sb, 'customer:merged')];
    const [itemsA, itemsB] = [record(sa, 'timeline:item'), record(sb, 'timeline:item')];

    const [bridge] = await ingest(hub.url, [makeEvent({ email: a.email, loyaltyId: b.loyaltyId })]);
    await waitFor(() => mergedA.length === 1 && mergedB.length === 1, 'customer:merged on both sides');
    const merged = CustomerMergedEventSchema.parse(mergedA[0]);
    expect(mergedB[0]).toEqual(merged);
    expect(merged.intoId).toBe(bridge!.customerId);
    expect([ra!.customerId, rb!.customerId].sort()).toEqual([merged.fromId, merged.intoId].sort());
    expect(merged.mergeId).toBeTruthy();

    // Both sockets now follow the survivor: the next item reaches the watcher of the merged-away id too.
    const [after] = await ingest(hub.url, [makeEvent({ email: a.email }, { summary: 'after merge' })]);
    await waitFor(() => itemsA.some((e) => e.item.id === after!.eventId) && itemsB.some((e) => e.item.id === after!.eventId), 'post-merge item on both');
    expect(itemsA.find((e) => e.item.id === after!.eventId)!.customerId).toBe(merged.intoId);

    // Watching the merged-away id resolves to the survivor.
    const late = await client();
    expect(await watch(late, { customerId: merged.fromId })).toMatchObject({ ok: true, customerId: merged.intoId });
  });
});
