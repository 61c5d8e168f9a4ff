import { ErasureResultSchema, PrivacyRequestListSchema, type EraseRequest, type ErasureResult, type PrivacyRequest } from '../../../../shared/index.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

export type ExportFormat = 'json' | 'zip';

/** Issue 10's privacy requests: export (JSON, or a ZIP with the attachments), erasure, and the requests senders made (admins). */
export function createPrivacyApi(hub: HubFetch) {
  return {
    /** The file the hub builds (audited there); the console saves it. */
    exportFile: (customerId: string, format: ExportFormat): Promise<Blob> =>
      hub.blob(`/api/v1/customers/${seg(customerId)}/export${format === 'zip' ? '?format=zip' : ''}`, format === 'zip' ? 'application/zip' : 'application/json'),
    erase: (customerId: string, req: EraseRequest): Promise<ErasureResult> => hub.json(ErasureResultSchema, `/api/v1/customers/${seg(customerId)}/erase`, { method: 'POST', ...jsonBody(req) }),
    listRequests: async (signal?: AbortSignal): Promise<PrivacyRequest[]> => (await hub.json(PrivacyRequestListSchema, '/api/v1/privacy/requests', { signal })).requests,
  };
}
export type PrivacyApi = ReturnType<typeof createPrivacyApi>;

export const privacyKeys = {
  requests: () => ['privacy', 'requests'] as const,
};

/** Saves a file the hub sent (the browser's own download; Electron asks where). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
