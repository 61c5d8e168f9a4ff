import { useMemo } from 'react';
import { useCustomerSearch } from '../hooks.js';
import { HubError, describeError } from '../../../api/hub-error.js';
import { rankExactFirst } from './palette-exact.js';
import type { PaletteSearch } from './palette-status.js';

/**
 * One request per query, no debounce: typing a new character switches the query key, and
 * react-query aborts the superseded request (its AbortSignal reaches fetch).
 */
export function usePaletteSearch(query: string): { search: PaletteSearch; retry: () => void } {
  const s = useCustomerSearch(query);
  const { data, isError, isFetching, error, failureReason, refetch } = s;
  const search = useMemo((): PaletteSearch => {
    if (data !== undefined && !isError) return { phase: 'ready', query, results: rankExactFirst(query, data) };
    if (isFetching) return isUnreachable(failureReason) ? { phase: 'unreachable', query, retrying: true } : { phase: 'loading', query };
    if (isError) return isUnreachable(error) ? { phase: 'unreachable', query, retrying: false } : { phase: 'error', query, message: describeError(error) };
    return { phase: 'loading', query };
  }, [data, isError, isFetching, error, failureReason, query]);
  return { search, retry: () => void refetch() };
}

function isUnreachable(err: unknown): boolean {
  return err instanceof HubError && err.code === 'network';
}
