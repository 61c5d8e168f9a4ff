import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { SEARCH_STALE_MS, useCustomerSearch } from '../hooks.js';
import { customerKeys } from '../keys.js';
import { HubError, describeError } from '../../../api/hub-error.js';
import { rankExactFirst } from './palette-exact.js';
import type { PaletteSearch } from './palette-status.js';
import type { CustomerSummary } from '../../../../../shared/index.js';

/**
 * The answer for exactly `query`, no debounce. The palette keeps one search on the wire: text typed while
 * it is out waits for it, then the newest text (only) is asked, so a burst of keys costs the hub two or three
 * searches instead of one per key (an aborted fetch does not stop the hub working on it, and those queued
 * searches delayed the one that mattered). Text whose answer is cached is shown at once (the search still
 * out is then dropped). Only an answer for the current text is ever shown. Enter ends the typing, so the palette
 * asks for the final text at once then (useFetchSearch), without waiting for the search still out.
 */
export function usePaletteSearch(query: string): { search: PaletteSearch; heard: Heard | null; retry: () => void } {
  const qc = useQueryClient();
  const [asked, setAsked] = useState(query);
  const s = useCustomerSearch(asked);
  const { data, isError, isFetching, error, failureReason, failureCount, refetch, isPlaceholderData } = s;
  if (asked !== query) {
    // The hub is free (or failing: a retrying search does not hold the newest text back), or the text is cached.
    const cached = qc.getQueryState(customerKeys.search(query));
    const fresh = cached?.data !== undefined && !cached.isInvalidated && Date.now() - cached.dataUpdatedAt < SEARCH_STALE_MS;
    // Derived state set while rendering: React renders again at once, before anything stale is committed.
    if (!isFetching || failureCount > 0 || fresh) setAsked(query);
  }
  const current = asked === query;
  const search = useMemo((): PaletteSearch => {
    if (!current) return { phase: 'loading', query };
    if (data !== undefined && !isError) return { phase: 'ready', query, results: rankExactFirst(query, data) };
    if (isFetching) return isUnreachable(failureReason) ? { phase: 'unreachable', query, retrying: true } : { phase: 'loading', query };
    if (isError) return isUnreachable(error) ? { phase: 'unreachable', query, retrying: false } : { phase: 'error', query, message: describeError(error) };
    return { phase: 'loading', query };
  }, [current, data, isError, isFetching, error, failureReason, query]);
  // The newest answer in, whatever text it was for: while keys come faster than answers, most are for a prefix of the text.
  const heard = useMemo((): Heard | null => (data !== undefined && !isError && !isPlaceholderData ? { query: asked, results: data } : null), [data, isError, isPlaceholderData, asked]);
  return { search, heard, retry: () => void refetch() };
}

/** An answer the hub gave for `query` (maybe an earlier text than the one in the field now). */
export interface Heard {
  query: string;
  results: readonly CustomerSummary[];
}

function isUnreachable(err: unknown): boolean {
  return err instanceof HubError && err.code === 'network';
}
