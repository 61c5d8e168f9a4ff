import { CustomerProfileSchema, type CustomerProfile } from '../../../../../shared/index.js';

/** Test support (not imported by the app): a parsed profile of Ann Lee with no activity, plus what a test adds. */
export function testProfile(extra: Partial<CustomerProfile> = {}): CustomerProfile {
  return CustomerProfileSchema.parse({
    id: 'cus_01JTEST',
    displayName: 'Ann Lee',
    emails: [],
    phones: [],
    loyaltyIds: [],
    externalIds: [],
    lastActivityAt: '2026-11-30T10:00:00.000Z',
    eventCount: 2,
    requestedId: 'cus_01JTEST',
    createdAt: '2026-01-01T00:00:00.000Z',
    stats: { eventCount: 2, channelCounts: { phone: 0, email: 0, chat: 0, sms: 2, store: 0, purchase: 0, web: 0, social: 0, note: 0 }, lifetimeSpend: [], orderCount: 0, firstSeenAt: null, lastSeenAt: null },
    merges: [],
    ...extra,
  });
}
