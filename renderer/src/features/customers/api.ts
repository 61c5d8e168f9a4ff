import {
  CustomerProfileSchema,
  CustomerSearchResponseSchema,
  PiiRevealResponseSchema,
  TimelinePageSchema,
  type Channel,
  type CustomerProfile,
  type CustomerSummary,
  type PiiRevealResponse,
  type TimelinePage,
} from '../../../../shared/index.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

export interface TimelineParams {
  before?: string | null;
  channels?: readonly Channel[];
  limit?: number;
}

/** Customers and their timelines: search, profile, one timeline page. */
export function createCustomersApi(hub: HubFetch) {
  return {
    searchCustomers: async (q: string, limit = 20, signal?: AbortSignal): Promise<CustomerSummary[]> => {
      const qs = new URLSearchParams({ q, limit: String(limit) });
      return (await hub.json(CustomerSearchResponseSchema, `/api/v1/customers?${qs}`, { signal })).customers;
    },
    getProfile: (id: string, signal?: AbortSignal): Promise<CustomerProfile> => hub.json(CustomerProfileSchema, `/api/v1/customers/${seg(id)}`, { signal }),
    getTimeline: (id: string, params: TimelineParams = {}, signal?: AbortSignal): Promise<TimelinePage> => {
      const qs = new URLSearchParams();
      qs.set('limit', String(params.limit ?? 100));
      if (params.before) qs.set('before', params.before);
      if (params.channels && params.channels.length > 0) qs.set('channel', params.channels.join(','));
      return hub.json(TimelinePageSchema, `/api/v1/customers/${seg(id)}/timeline?${qs}`, { signal });
    },
    /** Full contact details of one customer for a short time, with the reason why (audited). */
    revealPii: (id: string, reason: string): Promise<PiiRevealResponse> => hub.json(PiiRevealResponseSchema, `/api/v1/customers/${seg(id)}/reveal`, { method: 'POST', ...jsonBody({ reason }) }),
  };
}
export type CustomersApi = ReturnType<typeof createCustomersApi>;
