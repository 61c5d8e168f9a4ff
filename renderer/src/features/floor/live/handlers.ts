import type { QueryClient } from '@tanstack/react-query';
import type { LiveMetrics } from '../../../../../shared/metrics.js';
import type { FeatureLiveHandlers } from '../../../live/live-registry.js';
import type { FloorFilter } from '../api.js';
import { floorKeys } from '../keys.js';
import { patchLive } from './patch.js';

// A busy floor pushes many times a second: other windows, agents and staffing refetch at most this often.
const REFETCH_GAP_MS = 700;
let pending: ReturnType<typeof setTimeout> | null = null;

function refetchSoon(qc: QueryClient) {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    void qc.invalidateQueries({ queryKey: floorKeys.all(), predicate: (q) => !(q.queryKey[1] === 'live' && q.queryKey[4] === '15m') && q.queryKey[1] !== 'settings' });
  }, REFETCH_GAP_MS);
}

/** The hub's `metrics:updated` push: 15-minute figures patched in place at once, the rest refetched shortly after. */
export const floorLive: FeatureLiveHandlers = {
  'metrics:updated': (e, { qc }) => {
    for (const [key, data] of qc.getQueriesData<LiveMetrics>({ queryKey: floorKeys.liveAll() })) {
      if (!data || key[4] !== '15m') continue;
      const filter: FloorFilter = { queue: key[2] === '*' ? null : (key[2] as string), channel: key[3] === '*' ? null : (key[3] as FloorFilter['channel']), window: '15m' };
      qc.setQueryData(key, patchLive(data, filter, e));
    }
    refetchSoon(qc);
  },
  'presence:updated': (_e, { qc }) => refetchSoon(qc),
};

export function resetFloorLive(): void {
  if (pending) clearTimeout(pending);
  pending = null;
}
