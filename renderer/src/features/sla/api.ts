import { HolidayImportResultSchema, QueueSlaSchema, type HolidayImportResult, type QueueSla, type QueueSlaUpdate } from '../../../../shared/sla.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

/** A queue's SLA (issue 11): `/api/v1/queues/:id/sla` and the holiday import. */
export function createSlaApi(hub: HubFetch) {
  return {
    read: (queueId: string, signal?: AbortSignal): Promise<QueueSla> => hub.json(QueueSlaSchema, `/api/v1/queues/${seg(queueId)}/sla`, { signal }),
    save: (queueId: string, body: QueueSlaUpdate): Promise<QueueSla> => hub.json(QueueSlaSchema, `/api/v1/queues/${seg(queueId)}/sla`, { method: 'PUT', ...jsonBody(body) }),
    importHolidays: (queueId: string, ics: string, apply: boolean): Promise<HolidayImportResult> =>
      hub.json(HolidayImportResultSchema, `/api/v1/queues/${seg(queueId)}/holidays/import`, { method: 'POST', ...jsonBody({ ics, apply }) }),
  };
}
export type SlaApi = ReturnType<typeof createSlaApi>;
