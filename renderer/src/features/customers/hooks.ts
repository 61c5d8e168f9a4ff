import { useCallback } from 'react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Channel, CustomerSummary } from '../../../../shared/index.js';
import { useFeatureApi } from '../../api/HubProvider.js';
import { createCustomersApi } from './api.js';
import { customerKeys } from './keys.js';
import { mergeIntoFirstPage } from './live/cache-patch.js';
import { noteSeq, recentLive } from './live/live-buffer.js';

export const TIMELINE_PAGE_SIZE = 100;
/** How long a search answer is reused without asking the hub again. */
export const SEARCH_STALE_MS = 15_000;

/**
 * Search; `q = ''` lists the most recently active customers. No placeholder from an earlier `q`:
 * a list must never be taken for the answer to a query it does not belong to. Call it on every
 * keystroke: a superseded request is aborted (the signal reaches fetch).
 */
export function useCustomerSearch(q: string, enabled = true) {
  const api = useFeatureApi(createCustomersApi);
  return useQuery({ ...searchQuery(api, q), enabled });
}

/** The search query (shared by the hook and the palette's Enter, so both fill and reuse one cache entry). */
function searchQuery(api: ReturnType<typeof createCustomersApi>, q: string) {
  return {
    queryKey: customerKeys.search(q),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.searchCustomers(q, 20, signal),
    staleTime: SEARCH_STALE_MS,
  };
}

/**
 * The answer for `q`, cached or asked now (joining a request already out for it). For Enter pressed before the
 * answer: the customer opens the moment it is in, not after the result list has rendered and its effects run.
 */
export function useFetchSearch(): (q: string) => Promise<CustomerSummary[]> {
  const api = useFeatureApi(createCustomersApi);
  const qc = useQueryClient();
  return useCallback((q: string) => qc.fetchQuery(searchQuery(api, q)), [api, qc]);
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

/** The timeline query (shared by the screen and the palette's prefetch, so both fill one cache entry). */
function timelineQuery(api: ReturnType<typeof createCustomersApi>, id: string | null, channels: readonly Channel[]) {
  return {
    queryKey: customerKeys.timeline(id ?? '', channels),
    queryFn: async ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) => {
      const page = await api.getTimeline(id!, { before: pageParam, channels, limit: TIMELINE_PAGE_SIZE }, signal);
      if (channels.length === 0) for (const item of page.items) noteSeq(id!, item.seq);
      // Live items that arrived while this first page was in flight may be missing from it.
      return pageParam === null ? mergeIntoFirstPage(page, recentLive(id!), channels) : page;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
    staleTime: Infinity,
  };
}

/** Newest-first timeline, one page per `nextCursor`. Live items are patched in (live/), not refetched. */
export function useTimeline(id: string | null, channels: readonly Channel[]) {
  const api = useFeatureApi(createCustomersApi);
  return useInfiniteQuery({ ...timelineQuery(api, id, channels), enabled: Boolean(id) });
}

/**
 * Starts the reads of a customer being opened (first timeline page, then profile) before the screen renders:
 * the requests leave at the click or Enter, not after the route change and the render. The timeline goes first:
 * the hub answers in arrival order and the profile waits on its audited view, so rows paint without waiting on it.
 */
export function usePrefetchOpen(): (id: string) => void {
  const api = useFeatureApi(createCustomersApi);
  const qc = useQueryClient();
  return useCallback(
    (id: string) => {
      void qc.prefetchInfiniteQuery(timelineQuery(api, id, []));
      void qc.prefetchQuery({ queryKey: customerKeys.profile(id), queryFn: ({ signal }) => api.getProfile(id, signal), staleTime: Infinity });
    },
    [api, qc],
  );
}

/**
 * Loads the first timeline page of a customer the agent is about to open (the palette's exact match), so
 * Enter paints rows at once. Only the timeline: a profile read is an audited view, and nobody opened it yet.
 * Consistent with live updates: the page notes its seq, and the watch on open replays anything newer.
 */
export function usePrefetchTimeline(): (id: string) => void {
  const api = useFeatureApi(createCustomersApi);
  const qc = useQueryClient();
  return useCallback((id: string) => void qc.prefetchInfiniteQuery(timelineQuery(api, id, [])), [api, qc]);
}
