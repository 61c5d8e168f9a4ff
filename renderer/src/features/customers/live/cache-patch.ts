import type { InfiniteData } from '@tanstack/react-query';
import {
  isoToMicros,
  spendDelta,
  type Channel,
  type CustomerProfile,
  type CustomerSummary,
  type TimelineItem,
  type TimelinePage,
} from '../../../../../shared/index.js';

/*
 * Pure cache patches for live updates. Each returns the same object when nothing changes
 * (react-query then skips re-rendering) and copies only what it touches (structural sharing).
 */

export type TimelineData = InfiniteData<TimelinePage, string | null>;

/** Newest-first order used by the hub's keyset pagination: occurredAt µs desc, then id desc. */
export function isNewer(a: TimelineItem, b: TimelineItem): boolean {
  const ua = isoToMicros(a.occurredAt) ?? Date.parse(a.occurredAt) * 1000;
  const ub = isoToMicros(b.occurredAt) ?? Date.parse(b.occurredAt) * 1000;
  return ua !== ub ? ua > ub : a.id > b.id;
}

export function matchesFilter(channel: Channel, filter: readonly Channel[]): boolean {
  return filter.length === 0 || filter.includes(channel);
}

export function containsItem(data: TimelineData, id: string): boolean {
  return data.pages.some((p) => p.items.some((i) => i.id === id));
}

/**
 * An upserted item (a call's next status, a chat that grew) arrives again with the same id and a
 * higher seq: it replaces the loaded copy in place. Same or older seq (a replay) changes nothing.
 */
export function replaceItem(data: TimelineData, item: TimelineItem): TimelineData {
  for (let p = 0; p < data.pages.length; p++) {
    const page = data.pages[p]!;
    const idx = page.items.findIndex((existing) => existing.id === item.id);
    if (idx === -1) continue;
    if (page.items[idx]!.seq >= item.seq) return data;
    const items = page.items.slice();
    items[idx] = item;
    return replacePage(data, p, { ...page, items });
  }
  return data;
}

/**
 * Inserts `item` where it belongs among the loaded pages. A known id is replaced when newer
 * (replaceItem); items older than everything loaded while more pages exist are skipped (fetching
 * that page will bring them).
 */
export function insertItem(data: TimelineData, item: TimelineItem): TimelineData {
  if (data.pages.length === 0) return data;
  if (containsItem(data, item.id)) return replaceItem(data, item);
  for (let p = 0; p < data.pages.length; p++) {
    const page = data.pages[p]!;
    const idx = page.items.findIndex((existing) => isNewer(item, existing));
    if (idx === -1) continue;
    return replacePage(data, p, { ...page, items: [...page.items.slice(0, idx), item, ...page.items.slice(idx)] });
  }
  const lastIdx = data.pages.length - 1;
  const last = data.pages[lastIdx]!;
  if (last.nextCursor !== null) return data;
  return replacePage(data, lastIdx, { ...last, items: [...last.items, item] });
}

function replacePage(data: TimelineData, index: number, page: TimelinePage): TimelineData {
  const pages = data.pages.slice();
  pages[index] = page;
  return { ...data, pages };
}

/** Merges live items into a freshly fetched first page (items that arrived while it was in flight). */
export function mergeIntoFirstPage(page: TimelinePage, items: readonly TimelineItem[], filter: readonly Channel[]): TimelinePage {
  let data: TimelineData = { pages: [page], pageParams: [null] };
  for (const item of items) if (matchesFilter(item.channel, filter)) data = insertItem(data, item);
  return data.pages[0]!;
}

const REFUND = /refund|return|cancel/i;

/** Applies one new item to the profile's stats: counts, spend per currency, orders, first/last seen. */
export function bumpProfileStats(profile: CustomerProfile, item: TimelineItem): CustomerProfile {
  const s = profile.stats;
  const channelCounts = { ...s.channelCounts, [item.channel]: (s.channelCounts[item.channel] ?? 0) + 1 };
  const total = Object.values(channelCounts).reduce((a, b) => a + b, 0);
  let lifetimeSpend = s.lifetimeSpend;
  const delta = spendDelta(item.channel, item.type, item.data);
  if (delta) {
    const found = lifetimeSpend.some((m) => m.currency === delta.currency);
    lifetimeSpend = found
      ? lifetimeSpend.map((m) => (m.currency === delta.currency ? { ...m, amount: round2(m.amount + delta.amount) } : m))
      : [...lifetimeSpend, { currency: delta.currency, amount: delta.amount }];
    lifetimeSpend = [...lifetimeSpend].sort((a, b) => b.amount - a.amount);
  }
  const isOrder = item.channel === 'purchase' && !REFUND.test(item.type);
  return {
    ...profile,
    lastActivityAt: later(profile.lastActivityAt, item.occurredAt),
    eventCount: Math.max(profile.eventCount, total),
    stats: {
      ...s,
      channelCounts,
      eventCount: Math.max(s.eventCount, total),
      lifetimeSpend,
      orderCount: s.orderCount + (isOrder ? 1 : 0),
      firstSeenAt: earlier(s.firstSeenAt, item.occurredAt),
      lastSeenAt: later(s.lastSeenAt, item.occurredAt),
    },
  };
}

/** The loaded copy of an item, if any (an upsert needs what it replaces). */
export function findLoadedItem(data: TimelineData, id: string): TimelineItem | undefined {
  for (const p of data.pages) {
    const found = p.items.find((i) => i.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * An upserted money item (a Shopify order whose net total changed after a refund or cancel) moves
 * lifetime spend by the difference between its new and its loaded copy, never below 0.
 */
export function reviseProfileSpend(profile: CustomerProfile, before: TimelineItem, after: TimelineItem): CustomerProfile {
  if (after.seq <= before.seq) return profile;
  const old = spendDelta(before.channel, before.type, before.data);
  const now = spendDelta(after.channel, after.type, after.data);
  const moves = new Map<string, number>();
  if (old) moves.set(old.currency, -old.amount);
  if (now) moves.set(now.currency, (moves.get(now.currency) ?? 0) + now.amount);
  if ([...moves.values()].every((v) => v === 0)) return profile;
  let lifetimeSpend = profile.stats.lifetimeSpend.slice();
  for (const [currency, amount] of moves) {
    const found = lifetimeSpend.some((m) => m.currency === currency);
    lifetimeSpend = found
      ? lifetimeSpend.map((m) => (m.currency === currency ? { ...m, amount: Math.max(0, round2(m.amount + amount)) } : m))
      : [...lifetimeSpend, { currency, amount: Math.max(0, round2(amount)) }];
  }
  lifetimeSpend.sort((a, b) => b.amount - a.amount);
  return { ...profile, stats: { ...profile.stats, lifetimeSpend } };
}

/** Applies a `customer:updated` summary to the profile (identifiers, name, authoritative event count). */
export function applySummaryToProfile(profile: CustomerProfile, c: CustomerSummary): CustomerProfile {
  return {
    ...profile,
    displayName: c.displayName,
    emails: c.emails,
    phones: c.phones,
    loyaltyIds: c.loyaltyIds,
    externalIds: c.externalIds,
    lastActivityAt: later(profile.lastActivityAt, c.lastActivityAt),
    eventCount: c.eventCount,
    stats: { ...profile.stats, eventCount: c.eventCount, lastSeenAt: later(profile.stats.lastSeenAt, c.lastActivityAt) },
  };
}

/** Replaces the row for `c.id` in a search result list; unchanged when absent. */
export function applySummaryToList(list: CustomerSummary[], c: CustomerSummary): CustomerSummary[] {
  const i = list.findIndex((x) => x.id === c.id);
  if (i === -1) return list;
  const next = list.slice();
  next[i] = c;
  return next;
}

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return (isoToMicros(b) ?? 0) > (isoToMicros(a) ?? 0) ? b : a;
}
function earlier(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return (isoToMicros(b) ?? 0) < (isoToMicros(a) ?? 0) ? b : a;
}
function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
