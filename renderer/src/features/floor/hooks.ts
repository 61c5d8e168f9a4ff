import { useEffect, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Channel, PresenceState } from '../../../../shared/index.js';
import type { DrillMetric, MetricsSettings } from '../../../../shared/metrics.js';
import { useFeatureApi } from '../../api/HubProvider.js';
import { createFloorApi, type FloorFilter } from './api.js';
import { floorKeys } from './keys.js';

// Pushes (metrics:updated) keep these fresh; the slow poll only covers a socket that is down.
const SAFETY_POLL_MS = 60_000;

export function useLiveFigures(f: FloorFilter) {
  const api = useFeatureApi(createFloorApi);
  return useQuery({ queryKey: floorKeys.live(f), queryFn: ({ signal }) => api.live(f, signal), placeholderData: keepPreviousData, refetchInterval: SAFETY_POLL_MS });
}

export function useIntervals(queue: string | null, channel: Channel | null) {
  const api = useFeatureApi(createFloorApi);
  return useQuery({ queryKey: floorKeys.intervals(queue, channel), queryFn: ({ signal }) => api.intervals(queue, channel, signal), placeholderData: keepPreviousData, refetchInterval: SAFETY_POLL_MS });
}

export function useStaffing() {
  const api = useFeatureApi(createFloorApi);
  return useQuery({ queryKey: floorKeys.staffing(), queryFn: ({ signal }) => api.staffing(signal), refetchInterval: SAFETY_POLL_MS });
}

export function useFloorAgents(queue: string | null) {
  const api = useFeatureApi(createFloorApi);
  return useQuery({ queryKey: floorKeys.agents(queue), queryFn: ({ signal }) => api.agents(queue, signal), placeholderData: keepPreviousData, refetchInterval: SAFETY_POLL_MS });
}

export function useHeldBy(userId: string) {
  const api = useFeatureApi(createFloorApi);
  return useQuery({ queryKey: floorKeys.heldBy(userId), queryFn: ({ signal }) => api.heldBy(userId, signal) });
}

export function useDrilldown(f: FloorFilter, metric: DrillMetric) {
  const api = useFeatureApi(createFloorApi);
  return useQuery({ queryKey: floorKeys.drilldown(f, metric), queryFn: ({ signal }) => api.drilldown(f, metric, signal) });
}

export function useMetricsSettings() {
  const api = useFeatureApi(createFloorApi);
  return useQuery({ queryKey: floorKeys.settings(), queryFn: ({ signal }) => api.settings(signal), staleTime: 60_000 });
}

export function useSaveMetricsSettings() {
  const api = useFeatureApi(createFloorApi);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: MetricsSettings) => api.saveSettings(s),
    onSuccess: (saved) => {
      qc.setQueryData(floorKeys.settings(), saved);
      // T and target change the figures themselves.
      void qc.invalidateQueries({ queryKey: floorKeys.all() });
    },
  });
}

export function useSetAgentState() {
  const api = useFeatureApi(createFloorApi);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, state }: { userId: string; state: PresenceState }) => api.setAgentState(userId, state),
    onSuccess: () => qc.invalidateQueries({ queryKey: floorKeys.agentsAll() }),
  });
}

/** Reassign to another agent, or pull back to the queue (assigneeId null). */
export function useAssignFromFloor() {
  const api = useFeatureApi(createFloorApi);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ conversationId, assigneeId }: { conversationId: string; assigneeId: string | null }) => api.assign(conversationId, assigneeId),
    onSuccess: () => qc.invalidateQueries({ queryKey: floorKeys.all() }),
  });
}

/** The clock the time-in-state column ticks with. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
