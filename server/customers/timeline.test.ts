import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, isoToMicros, microsToIso, TimelineQuerySchema, type Channel, type TimelineItem } from '../../shared/index.js';
import { InputError } from '../domain.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { makeTimelineFloor } from './timeline-floor.js';
import { systemActor } from '../../shared/actor.js';

const BASE_US = Date.UTC(2024, 4, 1, 10) * 1000 + 123_456;
const CHANNELS: Channel[] = ['email', 'phone', 'chat', 'purchase'];

describe.each(testDialects())('timeline on %s', (dialect) => {
  let domain: SqlDomain;
  let customerId: string;
  // 500 events: 200 share one microsecond, 300 are 1 µs apart (some also colliding), 4 channels.
  const expected: { id: string; us: number; channel: Channel }[] = [];

  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
    const events = Array.from({ length: 500 }, (_, i) => {
      const us = i < 200 ? BASE_US : BASE_US + Math.floor((i - 200) / 2) - 75;
      return testEvent({ email: 'tl@x.com' }, { occurredAt: microsToIso(us), channel: CHANNELS[i % 4]!, type: `t.${i}` });
    });
    // Two batches: ids minted across batches must also page cleanly.
    const out = [...(await domain.ingest.ingest(systemActor('test'), events.slice(0, 260))).created, ...(await domain.ingest.ingest(systemActor('test'), events.slice(260))).created];
    customerId = out[0]!.customerId;
    for (const c of out) expected.push({ id: c.id, us: isoToMicros(c.occurredAt)!, channel: c.channel });
    expected.sort((a, b) => b.us - a.us || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  });
  afterAll(async () => {
    await domain.close();
  });

  async function walk(limit: number, channel?: string): Promise<TimelineItem[]> {
    const items: TimelineItem[] = [];
    let before: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await domain.customers.timeline(systemActor('test'), customerId, TimelineQuerySchema.parse({ limit, before, channel }));
      items.push(...page!.items);
      expect(page!.items.length).toBeLessThanOrEqual(limit);
      if (!page!.nextCursor) return items;
      before = page!.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('walks all 500 items newest first with no skips or duplicates', async () => {
    for (const limit of [7, 50, 500]) {
      const items = await walk(limit);
      expect(items.map((i) => i.id)).toEqual(expected.map((e) => e.id));
    }
  });

  it('keeps microseconds in occurredAt', async () => {
    const page = await domain.customers.timeline(systemActor('test'), customerId, TimelineQuerySchema.parse({ limit: 1 }));
    expect(page!.items[0]!.occurredAt).toBe(microsToIso(expected[0]!.us));
    expect(page!.items[0]!.occurredAt).toMatch(/\.\d{6}Z$/);
  });

  it('filters by one channel or a list, still paging cleanly', async () => {
    expect((await walk(9, 'phone')).map((i) => i.id)).toEqual(expected.filter((e) => e.channel === 'phone').map((e) => e.id));
    expect((await walk(11, 'email,purchase')).map((i) => i.id)).toEqual(
      expected.filter((e) => e.channel === 'email' || e.channel === 'purchase').map((e) => e.id),
    );
  });

  it('ends with nextCursor null exactly at the last page', async () => {
    const page = await domain.customers.timeline(systemActor('test'), customerId, TimelineQuerySchema.parse({ limit: 500 }));
    expect(page!.items).toHaveLength(500);
    expect(page!.nextCursor).toBeNull();
  });

  it('rejects a cursor it did not issue with InputError("before")', async () => {
    for (const before of ['garbage!', 'AAAA', encodeCursor({ us: 1, id: 'x' }).slice(0, -3) + '%%%']) {
      const err = await domain.customers.timeline(systemActor('test'), customerId, { limit: 10, before, channel: undefined }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).path).toBe('before');
    }
  });

  it('answers null for an unknown customer', async () => {
    expect(await domain.customers.timeline(systemActor('test'), 'cus_nope', { limit: 10, channel: undefined })).toBeNull();
  });

  it('replays items after a seq, oldest first', async () => {
    const all = await walk(500);
    const bySeq = [...all].sort((a, b) => a.seq - b.seq);
    const since = bySeq[489]!.seq;
    const replay = await domain.customers.itemsSince(systemActor('test'), customerId, since, 100);
    expect(replay.map((i) => i.id)).toEqual(bySeq.slice(490).map((i) => i.id));
    expect(await domain.customers.itemsSince(systemActor('test'), customerId, 0, 3)).toHaveLength(3);
    expect(await domain.customers.itemsSince(systemActor('test'), 'cus_nope', 0, 3)).toEqual([]);
  });

  it('the raw SQL floor returns the same first page', async () => {
    const floor = makeTimelineFloor(domain.database.raw);
    const rows = (await floor(customerId, 200)) as { id: string }[];
    expect(rows.map((r) => r.id)).toEqual(expected.slice(0, 200).map((e) => e.id));
  });
});
