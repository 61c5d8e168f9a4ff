import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueueSlaUpdate } from '../../../../shared/sla.js';
import { useFeatureApi } from '../../api/HubProvider.js';
import { createSlaApi } from './api.js';

export const slaKeys = { all: () => ['sla'] as const, queue: (id: string) => ['sla', 'queue', id] as const };

export function useQueueSla(queueId: string | null) {
  const api = useFeatureApi(createSlaApi);
  return useQuery({ queryKey: slaKeys.queue(queueId ?? ''), queryFn: ({ signal }) => api.read(queueId!, signal), enabled: queueId !== null });
}

export function useSaveQueueSla(queueId: string) {
  const api = useFeatureApi(createSlaApi);
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: QueueSlaUpdate) => api.save(queueId, body), onSuccess: (data) => qc.setQueryData(slaKeys.queue(queueId), data) });
}

export function useImportHolidays(queueId: string) {
  const api = useFeatureApi(createSlaApi);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ics, apply }: { ics: string; apply: boolean }) => api.importHolidays(queueId, ics, apply),
    onSuccess: (data) => {
      if (data.applied) qc.setQueryData(slaKeys.queue(queueId), data.settings);
    },
  });
}
