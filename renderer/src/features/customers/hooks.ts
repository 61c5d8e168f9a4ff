import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Channel } from '../../../../shared/index.js';
import { useFeatureApi } from '../../api/HubProvider.js';
import { createCustomersApi } from './api.js';
import { customerKeys } from './keys.js';
import { mergeIntoFirstPage } from './live/cache-patch.js';
import { noteSeq, recentLive } from './live/live-buffer.js';

export const TIMELINE_PAGE_SIZE = 100;

/**
 * Search; `q = ''` lists the most recently active customers. No placeholder from an earlier `q`:
 * a list must never be taken for the answer to a query it does not belong to. Call it on every
 * keystroke: a superseded request is aborted (the signal reaches fetch).
 */
export function useCustomerSearch(q: string, enabled = true) {
  const api = useFeatureApi(createCustomersApi);
  return useQuery({
    queryKey: customerKeys.search(q),
    queryFn: ({ signal }) => api.searchCustomers(q, 20, signal),
    staleTime: 15_000,
    enabled,
  });
}

/** Profile + stats. Kept fresh by socket events, so never refetched on its own. */
export function useProfile(id: string | null) {
  const api = useFeatureApi(createCustomersApi);
  return useQuery({
    queryKey: customerKeys.profile(id ?? ''),
    queryFn: ({ signal }) => api.getProfile(id!, signal),
    enabled: Boolean(id),
    staleTime: Infinity,
  });
}

/** Newest-first timeline, one page per `nextCursor`. Live items are patched in (live/), not refetched. */
export function useTimeline(id: string | null, channels: readonly Channel[]) {
  const api = useFeatureApi(createCustomersApi);
  return useInfiniteQuery({
    queryKey: customerKeys.timeline(id ?? '', channels),
    queryFn: async ({ pageParam, signal }) => {
      const page = await api.getTimeline(id!, { before: pageParam, channels, limit: TIMELINE_PAGE_SIZE }, signal);
      if (channels.length === 0) for (const item of page.items) noteSeq(id!, item.seq);
      // Live items that arrived while this first page was in flight may be missing from it.
      return pageParam === null ? mergeIntoFirstPage(page, recentLive(id!), channels) : page;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(id),
    staleTime: Infinity,
  });
}
