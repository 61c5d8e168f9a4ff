import { ChannelSchema, type Channel } from '../../../../shared/index.js';

/** The customer screen's URL state: `?channels=email,sms` (absent = all channels). */
export interface CustomerSearch {
  channels?: string;
}

/**
 * The URL is a trust boundary (typed, pasted, bookmarked): unknown channels are dropped, duplicates
 * collapsed, and the list kept in a canonical order so one filter has one URL.
 */
export function parseCustomerSearch(raw: Record<string, unknown>): CustomerSearch {
  const list = channelsFromSearch({ channels: typeof raw['channels'] === 'string' ? raw['channels'] : undefined });
  return list.length > 0 ? { channels: list.join(',') } : {};
}

export function channelsFromSearch(s: CustomerSearch): Channel[] {
  if (!s.channels) return [];
  const seen = new Set<Channel>();
  for (const part of s.channels.split(',')) {
    const c = ChannelSchema.safeParse(part.trim());
    if (c.success) seen.add(c.data);
  }
  return ChannelSchema.options.filter((c) => seen.has(c));
}

export function searchOfChannels(channels: readonly Channel[]): CustomerSearch {
  return channels.length > 0 ? { channels: ChannelSchema.options.filter((c) => channels.includes(c)).join(',') } : {};
}
