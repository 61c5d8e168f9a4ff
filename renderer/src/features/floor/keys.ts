import type { Channel } from '../../../../shared/index.js';
import type { DrillMetric } from '../../../../shared/metrics.js';
import type { FloorFilter } from './api.js';

/** The floor feature's react-query keys; `all()` is what a metrics push refreshes. */
export const floorKeys = {
  all: () => ['floor'] as const,
  live: (f: FloorFilter) => ['floor', 'live', f.queue ?? '*', f.channel ?? '*', f.window] as const,
  liveAll: () => ['floor', 'live'] as const,
  intervals: (queue: string | null, channel: Channel | null) => ['floor', 'intervals', queue ?? '*', channel ?? '*'] as const,
  staffing: () => ['floor', 'staffing'] as const,
  agents: (queue: string | null) => ['floor', 'agents', queue ?? '*'] as const,
  agentsAll: () => ['floor', 'agents'] as const,
  heldBy: (userId: string) => ['floor', 'held', userId] as const,
  drilldown: (f: FloorFilter, metric: DrillMetric) => ['floor', 'drill', metric, f.queue ?? '*', f.channel ?? '*', f.window] as const,
  settings: () => ['floor', 'settings'] as const,
};
