import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyChannelCounts, type CustomerProfile, type TimelineItem } from '../../../../../shared/index.js';
import { bumpProfileStats, insertItem, isNewer, mergeIntoFirstPage, replaceItem, reviseProfileSpend, type TimelineData } from './cache-patch.js';

const base = Date.UTC(2025, 2, 3, 12);
function item(id: string, secondsAgo: number, channel: TimelineItem['channel'] = 'email', extra: Partial<TimelineItem> = {}): TimelineItem {
  return {
    id,
    customerId: 'c1',
    channel,
    type: `${channel}.x`,
    occurredAt: new Date(base - secondsAgo * 1000).toISOString().replace('Z', '000Z'),
    summary: id,
    source: 't',
    sourceEventId: id,
    data: {},
    seq: 1,
    ...extra,
  };
}
function pages(...ps: [TimelineItem[], string | null][]): TimelineData {
  return { pages: ps.map(([items, nextCursor]) => ({ items, nextCursor })), pageParams: ps.map((_, i) => (i === 0 ? null : `c${i}`)) };
}
const ids = (d: TimelineData) => d.pages.map((p) => p.items.map((i) => i.id));

describe('insertItem', () => {
  it('puts a new item first in page 0 and leaves other pages untouched', () => {
    const d = pages([[item('b', 10), item('a', 20)], 'cur'], [[item('z', 30)], null]);
    const next = insertItem(d, item('n', 0));
    expect(ids(next)).toEqual([['n', 'b', 'a'], ['z']]);
    expect(next.pages[1]).toBe(d.pages[1]);
    expect(d.pages[0]!.items).toHaveLength(2); // input not mutated
  });

  it('inserts a late-arriving older item in the right page and position', () => {
    const d = pages([[item('d', 10), item('c', 20)], 'cur'], [[item('b', 30), item('a', 40)], null]);
    expect(ids(insertItem(d, item('x', 35)))).toEqual([['d', 'c'], ['b', 'x', 'a']]);
    expect(ids(insertItem(d, item('y', 25)))).toEqual([['d', 'c'], ['y', 'b', 'a']]);
    expect(ids(insertItem(d, item('old', 99)))).toEqual([['d', 'c'], ['b', 'a', 'old']]);
  });

  it('skips duplicates in any page and items beyond the loaded range while more pages exist', () => {
    const d = pages([[item('d', 10)], 'cur1'], [[item('b', 30)], 'cur2']);
    expect(insertItem(d, item('b', 30))).toBe(d);
    expect(insertItem(d, item('d', 0))).toBe(d);
    expect(insertItem(d, item('older', 99))).toBe(d);
  });

  it('breaks timestamp ties by id like the hub (µs precision kept)', () => {
    const t = '2025-03-03T12:00:00.000001Z';
    const d = pages([[item('m', 0, 'sms', { occurredAt: t })], null]);
    expect(ids(insertItem(d, item('z', 0, 'sms', { occurredAt: t })))).toEqual([['z', 'm']]);
    expect(ids(insertItem(d, item('a', 0, 'sms', { occurredAt: t })))).toEqual([['m', 'a']]);
    expect(isNewer(item('a', 0, 'sms', { occurredAt: '2025-03-03T12:00:00.000002Z' }), item('z', 0, 'sms', { occurredAt: t }))).toBe(true);
  });

  it('keeps every page sorted newest first with no duplicate ids, whatever the arrival order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 500 })), { maxLength: 60 }), (arrivals) => {
        let d = pages([[item('p0', 100), item('p1', 200)], 'cur'], [[item('p2', 300), item('p3', 400)], null]);
        for (const [n, ago] of arrivals) d = insertItem(d, item(`i${n}`, ago));
        const flat = d.pages.flatMap((p) => p.items);
        expect(new Set(flat.map((i) => i.id)).size).toBe(flat.length);
        for (let k = 1; k < flat.length; k++) expect(isNewer(flat[k - 1]!, flat[k]!)).toBe(true);
      }),
    );
  });
});

describe('mergeIntoFirstPage', () => {
  it('adds live items that match the filter and were missing from a fresh page', () => {
    const page = { items: [item('b', 10, 'email')], nextCursor: null };
    const merged = mergeIntoFirstPage(page, [item('n', 0, 'email'), item('s', 1, 'sms'), item('b', 10, 'email')], ['email']);
    expect(merged.items.map((i) => i.id)).toEqual(['n', 'b']);
  });
});

describe('bumpProfileStats', () => {
  it('counts the channel, adds signed spend per currency and widens first/last seen', () => {
    const p: CustomerProfile = {
      id: 'c1', requestedId: 'c1', displayName: 'A', emails: [], phones: [], loyaltyIds: [], externalIds: [], lastActivityAt: '2025-03-01T00:00:00.000000Z', eventCount: 1, createdAt: '2025-01-01T00:00:00Z',
      stats: { eventCount: 1, channelCounts: { ...emptyChannelCounts(), email: 1 }, lifetimeSpend: [{ currency: 'USD', amount: 100 }], orderCount: 1, firstSeenAt: '2025-03-01T00:00:00.000000Z', lastSeenAt: '2025-03-01T00:00:00.000000Z' },
      merges: [],
    };
    const order = item('o', 0, 'purchase', { type: 'order.created', data: { total: 29.5, currency: 'usd' } });
    const refund = item('r', 0, 'purchase', { type: 'order.refunded', data: { total: 10, currency: 'USD' } });
    const eur = item('e', 0, 'store', { type: 'store.purchase', data: { total: 5, currency: 'EUR' } });
    const next = bumpProfileStats(bumpProfileStats(bumpProfileStats(p, order), refund), eur);
    expect(next.stats.channelCounts.purchase).toBe(2);
    expect(next.stats.channelCounts.store).toBe(1);
    expect(next.stats.eventCount).toBe(4);
    expect(next.stats.lifetimeSpend).toEqual([{ currency: 'USD', amount: 119.5 }, { currency: 'EUR', amount: 5 }]);
    expect(next.stats.orderCount).toBe(2);
    expect(next.stats.lastSeenAt).toBe(order.occurredAt);
    expect(next.stats.firstSeenAt).toBe(p.stats.firstSeenAt);
  });
});

describe('reviseProfileSpend (an upserted order whose net total changed)', () => {
  it('moves spend by the new net minus the loaded net, ignores replays, never below 0', () => {
    const p: CustomerProfile = {
      id: 'c1', requestedId: 'c1', displayName: 'A', emails: [], phones: [], loyaltyIds: [], externalIds: [], lastActivityAt: null, eventCount: 1, createdAt: '2025-01-01T00:00:00Z',
      stats: { eventCount: 1, channelCounts: emptyChannelCounts(), lifetimeSpend: [{ currency: 'USD', amount: 129.5 }], orderCount: 1, firstSeenAt: null, lastSeenAt: null },
      merges: [],
    };
    const before = item('o', 0, 'purchase', { type: 'order', data: { total: 129.5, currency: 'USD' }, seq: 3 });
    const refunded = { ...before, data: { total: 102.52, currency: 'USD' }, seq: 7 };
    expect(reviseProfileSpend(p, before, refunded).stats.lifetimeSpend).toEqual([{ currency: 'USD', amount: 102.52 }]);
    expect(reviseProfileSpend(p, refunded, before)).toBe(p); // a replay (older seq) changes nothing
    const cancelled = { ...before, data: { total: 0, currency: 'USD' }, seq: 8 };
    const low = { ...p, stats: { ...p.stats, lifetimeSpend: [{ currency: 'USD', amount: 50 }] } };
    expect(reviseProfileSpend(low, before, cancelled).stats.lifetimeSpend).toEqual([{ currency: 'USD', amount: 0 }]);
  });
});

describe('replaceItem (upserted items: same id, new seq)', () => {
  it('replaces the loaded copy in place when the seq is higher, in any page', () => {
    const d = pages([[item('b', 10), item('a', 20)], 'cur'], [[item('call', 30, 'phone', { seq: 5, data: { status: 'ringing' } })], null]);
    const updated = item('call', 30, 'phone', { seq: 9, data: { status: 'completed' } });
    const next = replaceItem(d, updated);
    expect(ids(next)).toEqual(ids(d));
    expect(next.pages[1]!.items[0]!.data).toEqual({ status: 'completed' });
    expect(next.pages[0]).toBe(d.pages[0]);
    // insertItem does the same for a known id (live buffer merges go through it).
    expect(insertItem(d, updated).pages[1]!.items[0]!.seq).toBe(9);
  });
  it('ignores a replay of the same or an older version and unknown ids', () => {
    const d = pages([[item('call', 30, 'phone', { seq: 5 })], null]);
    expect(replaceItem(d, item('call', 30, 'phone', { seq: 5, data: { x: 1 } }))).toBe(d);
    expect(replaceItem(d, item('call', 30, 'phone', { seq: 4 }))).toBe(d);
    expect(replaceItem(d, item('other', 1, 'phone', { seq: 99 }))).toBe(d);
  });
});
