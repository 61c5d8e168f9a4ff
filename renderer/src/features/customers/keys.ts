import type { Channel } from '../../../../shared/index.js';

/** The customers feature's react-query keys (search, profile, timeline): live patches hit exactly what the screens read. */
export const customerKeys = {
  search: (q: string) => ['customers', q] as const,
  searchAll: () => ['customers'] as const,
  profile: (id: string) => ['profile', id] as const,
  /** Channels sorted so `email,phone` and `phone,email` share a cache entry. */
  timeline: (id: string, channels: readonly Channel[]) => ['timeline', id, [...channels].sort().join(',')] as const,
  timelineAll: (id: string) => ['timeline', id] as const,
};

/** Channel filter back from a timeline key (`''` = all channels). */
export function channelsOfKey(key: readonly unknown[]): Channel[] {
  const raw = key[2];
  return typeof raw === 'string' && raw !== '' ? (raw.split(',') as Channel[]) : [];
}
