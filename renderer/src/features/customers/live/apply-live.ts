import type { QueryClient } from '@tanstack/react-query';
import type { CustomerMergedEvent, CustomerProfile, CustomerSummary, CustomerUpdatedEvent, TimelineItem, TimelineItemEvent } from '../../../../../shared/index.js';
import { channelsOfKey, customerKeys } from '../keys.js';
import { applySummaryToList, applySummaryToProfile, bumpProfileStats, containsItem, findLoadedItem, insertItem, matchesFilter, replaceItem, reviseProfileSpend, type TimelineData } from './cache-patch.js';
import { noteSeq, rememberLive } from './live-buffer.js';

/*
 * Socket events -> react-query cache. Patches in place (setQueryData), never refetches per item:
 * a busy customer must not cause a request storm.
 */

export interface ItemOutcome {
  /** False when the id was already known (replay or duplicate delivery). */
  isNew: boolean;
  /** True when the item landed in the cache the open timeline renders. */
  inserted: boolean;
}

/** Inserts the item into every cached timeline variant (per filter) of that customer and bumps the profile stats once. */
export function applyTimelineItem(qc: QueryClient, e: TimelineItemEvent, activeChannelsKey?: readonly unknown[]): ItemOutcome {
  const { customerId, item } = e;
  noteSeq(customerId, e.seq);
  rememberLive(customerId, item);
  let known = false;
  let inserted = false;
  let before: TimelineItem | undefined;
  for (const [key, data] of qc.getQueriesData<TimelineData>({ queryKey: customerKeys.timelineAll(customerId) })) {
    if (!data) continue;
    if (containsItem(data, item.id)) {
      known = true;
      before ??= findLoadedItem(data, item.id);
      // An upsert (same id, higher seq) replaces the loaded copy; stats were counted on first sight.
      const replaced = replaceItem(data, item);
      if (replaced !== data) qc.setQueryData(key, replaced);
      continue;
    }
    if (!matchesFilter(item.channel, channelsOfKey(key))) continue;
    const next = insertItem(data, item);
    if (next !== data) {
      qc.setQueryData(key, next);
      if (!activeChannelsKey || sameKey(key, activeChannelsKey)) inserted = true;
    }
  }
  if (!known) {
    qc.setQueryData<CustomerProfile>(customerKeys.profile(customerId), (p) => (p ? bumpProfileStats(p, item) : p));
  } else if (before) {
    const prior = before;
    qc.setQueryData<CustomerProfile>(customerKeys.profile(customerId), (p) => (p ? reviseProfileSpend(p, prior, item) : p));
  }
  return { isNew: !known, inserted };
}

/** New name/identifiers/count: profile and every search list showing the customer. */
export function applyCustomerUpdated(qc: QueryClient, e: CustomerUpdatedEvent): void {
  qc.setQueryData<CustomerProfile>(customerKeys.profile(e.customerId), (p) => (p ? applySummaryToProfile(p, e.customer) : p));
  for (const [key, list] of qc.getQueriesData<CustomerSummary[]>({ queryKey: customerKeys.searchAll() })) {
    if (!list) continue;
    const next = applySummaryToList(list, e.customer);
    if (next !== list) qc.setQueryData(key, next);
  }
}

/**
 * `fromId` no longer exists: drop its caches, refetch the survivor (it gained history) and the
 * search lists (one row fewer). Returns the id the open workspace should show.
 */
export function applyCustomerMerged(qc: QueryClient, e: CustomerMergedEvent, openId: string | null): string | null {
  qc.removeQueries({ queryKey: customerKeys.profile(e.fromId) });
  qc.removeQueries({ queryKey: customerKeys.timelineAll(e.fromId) });
  void qc.invalidateQueries({ queryKey: customerKeys.profile(e.intoId) });
  void qc.invalidateQueries({ queryKey: customerKeys.timelineAll(e.intoId) });
  void qc.invalidateQueries({ queryKey: customerKeys.searchAll() });
  return openId === e.fromId ? e.intoId : openId;
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
