import { beforeEach, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { emptyChannelCounts, type CustomerProfile, type CustomerSummary, type TimelineItem } from '../../../../../shared/index.js';
import { customerKeys } from '../keys.js';
import { applyCustomerMerged, applyCustomerUpdated, applyTimelineItem } from './apply-live.js';
import type { TimelineData } from './cache-patch.js';
import { clearLiveBuffer, recentLive, seenSeq } from './live-buffer.js';

const item = (id: string, channel: TimelineItem['channel'], iso: string, seq: number): TimelineItem => ({
  id, customerId: 'c1', channel, type: `${channel}.x`, occurredAt: iso, summary: id, source: 's', sourceEventId: id, data: {}, seq,
});
const summary: CustomerSummary = { id: 'c1', displayName: 'Ann', emails: ['ann@x.co'], phones: [], loyaltyIds: [], externalIds: [], lastActivityAt: '2025-03-01T00:00:00.000000Z', eventCount: 1 };
const profile: CustomerProfile = {
  ...summary, requestedId: 'c1', createdAt: '2025-01-01T00:00:00Z', merges: [],
  stats: { eventCount: 1, channelCounts: { ...emptyChannelCounts(), email: 1 }, lifetimeSpend: [], orderCount: 0, firstSeenAt: '2025-03-01T00:00:00.000000Z', lastSeenAt: '2025-03-01T00:00:00.000000Z' },
};
const page = (items: TimelineItem[]): TimelineData => ({ pages: [{ items, nextCursor: null }], pageParams: [null] });

let qc: QueryClient;
beforeEach(() => {
  clearLiveBuffer();
  qc = new QueryClient();
  qc.setQueryData(customerKeys.profile('c1'), profile);
  qc.setQueryData(customerKeys.timeline('c1', []), page([item('e1', 'email', '2025-03-01T00:00:00.000000Z', 1)]));
  qc.setQueryData(customerKeys.timeline('c1', ['email']), page([item('e1', 'email', '2025-03-01T00:00:00.000000Z', 1)]));
});

describe('applyTimelineItem', () => {
  it('inserts into the matching filter caches only, bumps counts once, and remembers the seq', () => {
    const sms = item('s1', 'sms', '2025-03-02T00:00:00.000000Z', 7);
    const out = applyTimelineItem(qc, { customerId: 'c1', item: sms, seq: 7 }, customerKeys.timeline('c1', ['email']));
    expect(out).toEqual({ isNew: true, inserted: false }); // the open view is email-only
    expect(qc.getQueryData<TimelineData>(customerKeys.timeline('c1', []))!.pages[0]!.items.map((i) => i.id)).toEqual(['s1', 'e1']);
    expect(qc.getQueryData<TimelineData>(customerKeys.timeline('c1', ['email']))!.pages[0]!.items.map((i) => i.id)).toEqual(['e1']);
    expect(qc.getQueryData<CustomerProfile>(customerKeys.profile('c1'))!.stats.channelCounts.sms).toBe(1);
    expect(seenSeq('c1')).toBe(7);
    expect(recentLive('c1').map((i) => i.id)).toEqual(['s1']);

    // The same item again (a replay after reconnect) changes nothing.
    expect(applyTimelineItem(qc, { customerId: 'c1', item: sms, seq: 7 }).isNew).toBe(false);
    expect(qc.getQueryData<CustomerProfile>(customerKeys.profile('c1'))!.stats.channelCounts.sms).toBe(1);
    expect(qc.getQueryData<CustomerProfile>(customerKeys.profile('c1'))!.stats.eventCount).toBe(2);
  });
});

describe('applyCustomerUpdated / applyCustomerMerged', () => {
  it('updates profile and search rows in place', () => {
    qc.setQueryData(customerKeys.search('ann'), [summary, { ...summary, id: 'c9' }]);
    applyCustomerUpdated(qc, { customerId: 'c1', customer: { ...summary, displayName: 'Ann Lee', emails: ['ann@x.co', 'a.lee@y.co'], eventCount: 5 } });
    expect(qc.getQueryData<CustomerProfile>(customerKeys.profile('c1'))).toMatchObject({ displayName: 'Ann Lee', emails: ['ann@x.co', 'a.lee@y.co'], stats: { eventCount: 5 } });
    expect(qc.getQueryData<CustomerSummary[]>(customerKeys.search('ann'))!.map((c) => c.displayName)).toEqual(['Ann Lee', 'Ann']);
  });
  it('moves the open workspace from the merged-away id to the survivor and drops its caches', () => {
    expect(applyCustomerMerged(qc, { fromId: 'c1', intoId: 'c0' }, 'c1')).toBe('c0');
    expect(qc.getQueryData(customerKeys.profile('c1'))).toBeUndefined();
    expect(qc.getQueryData(customerKeys.timeline('c1', []))).toBeUndefined();
    expect(applyCustomerMerged(qc, { fromId: 'c5', intoId: 'c6' }, 'c1')).toBe('c1');
  });
});
