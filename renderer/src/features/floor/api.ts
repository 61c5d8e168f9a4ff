import { ConversationPageSchema, ConversationSchema, type Channel, type Conversation, type PresenceState } from '../../../../shared/index.js';
import {
  AgentStateResultSchema,
  DrilldownSchema,
  FloorAgentsSchema,
  IntervalsSchema,
  LiveMetricsSchema,
  MetricsSettingsSchema,
  StaffingSchema,
  type DrillMetric,
  type Drilldown,
  type FloorAgent,
  type Intervals,
  type LiveMetrics,
  type MetricsSettings,
  type MetricWindow,
  type Staffing,
} from '../../../../shared/metrics.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

/** What the floor is filtered to: a queue (team id, or all), a channel (or all), a window. */
export interface FloorFilter {
  queue: string | null;
  channel: Channel | null;
  window: MetricWindow;
}

function qs(parts: Record<string, string | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(parts)) if (v !== null && v !== undefined && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The live floor (issue 13, dashboard.view): figures, intervals, staffing, agents, drill-down, settings, CSV. */
export function createFloorApi(hub: HubFetch) {
  return {
    live: (f: FloorFilter, signal?: AbortSignal): Promise<LiveMetrics> => hub.json(LiveMetricsSchema, `/api/v1/metrics/live${qs({ queue: f.queue, channel: f.channel, window: f.window })}`, { signal }),
    intervals: (queue: string | null, channel: Channel | null, signal?: AbortSignal): Promise<Intervals> =>
      hub.json(IntervalsSchema, `/api/v1/metrics/intervals${qs({ queue, channel })}`, { signal }),
    intervalsCsv: (queue: string | null, channel: Channel | null): Promise<string> => hub.text(`/api/v1/metrics/intervals.csv${qs({ queue, channel })}`, 'text/csv'),
    staffing: (signal?: AbortSignal): Promise<Staffing> => hub.json(StaffingSchema, '/api/v1/metrics/staffing', { signal }),
    agents: async (queue: string | null, signal?: AbortSignal): Promise<FloorAgent[]> => (await hub.json(FloorAgentsSchema, `/api/v1/metrics/agents${qs({ queue })}`, { signal })).agents,
    setAgentState: (userId: string, state: PresenceState) => hub.json(AgentStateResultSchema, `/api/v1/metrics/agents/${seg(userId)}/state`, { method: 'PUT', ...jsonBody({ state }) }),
    drilldown: (f: FloorFilter, metric: DrillMetric, signal?: AbortSignal): Promise<Drilldown> =>
      hub.json(DrilldownSchema, `/api/v1/metrics/drilldown${qs({ metric, queue: f.queue, channel: f.channel, window: f.window })}`, { signal }),
    drilldownCsv: (f: FloorFilter, metric: DrillMetric): Promise<string> => hub.text(`/api/v1/metrics/drilldown.csv${qs({ metric, queue: f.queue, channel: f.channel, window: f.window })}`, 'text/csv'),
    settings: (signal?: AbortSignal): Promise<MetricsSettings> => hub.json(MetricsSettingsSchema, '/api/v1/metrics/settings', { signal }),
    saveSettings: (s: MetricsSettings): Promise<MetricsSettings> => hub.json(MetricsSettingsSchema, '/api/v1/metrics/settings', { method: 'PUT', ...jsonBody(s) }),
    /** An agent's open work (the existing inbox API), for reassigning or pulling back from the floor. */
    heldBy: async (userId: string, signal?: AbortSignal): Promise<Conversation[]> =>
      (await hub.json(ConversationPageSchema, `/api/v1/conversations${qs({ view: 'all', assignee: userId, status: 'open,pending', limit: '50' })}`, { signal })).conversations,
    /** Reassign (another agent) or pull back (null: back to its queue); needs conversation.assign. */
    assign: (conversationId: string, assigneeId: string | null): Promise<Conversation> =>
      hub.json(ConversationSchema, `/api/v1/conversations/${seg(conversationId)}`, { method: 'PATCH', ...jsonBody({ assigneeId }) }),
  };
}
export type FloorApi = ReturnType<typeof createFloorApi>;
