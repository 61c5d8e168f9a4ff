import { ConnectorStatusListSchema, DeadLetterListSchema, ReplayResponseSchema, type ConnectorStatus, type DeadLetter, type DeadLetterStatus, type ReplayResponse } from '../../../../shared/index.js';
import { seg, type HubFetch } from '../../api/hub-fetch.js';

/** Connectors (issue 3, admin): delivery status, dead letters, replay. */
export function createConnectorsApi(hub: HubFetch) {
  return {
    getConnectorStatus: async (signal?: AbortSignal): Promise<ConnectorStatus[]> => (await hub.json(ConnectorStatusListSchema, '/api/v1/connectors', { signal })).connectors,
    listDeadLetters: async (query: { status?: DeadLetterStatus; connector?: string; limit?: number } = {}, signal?: AbortSignal): Promise<DeadLetter[]> => {
      const qs = new URLSearchParams();
      if (query.status) qs.set('status', query.status);
      if (query.connector) qs.set('connector', query.connector);
      qs.set('limit', String(query.limit ?? 100));
      return (await hub.json(DeadLetterListSchema, `/api/v1/dead-letters?${qs}`, { signal })).deadLetters;
    },
    replayDeadLetter: (id: string): Promise<ReplayResponse> => hub.json(ReplayResponseSchema, `/api/v1/dead-letters/${seg(id)}/replay`, { method: 'POST' }),
  };
}
