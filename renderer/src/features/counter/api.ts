import {
  ConversationPageSchema,
  CounterNewCustomerResponseSchema,
  CounterNoteResponseSchema,
  CounterProfileSchema,
  CounterSettingsSchema,
  CounterVisitResponseSchema,
  CustomerLookupResponseSchema,
  CustomerSearchResponseSchema,
  type Conversation,
  type CounterNewCustomerRequest,
  type CounterProfile,
  type CounterSettings,
  type CounterVisitResponse,
  type CustomerLookupResponse,
} from '../../../../shared/index.js';
import { HubError } from '../../api/hub-error.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';
import { exactByIdentifier } from './exact-match.js';

/** Counter mode: settings, exact-identifier lookup, compact profile, visits, notes, new customers, open conversations. */
export function createCounterApi(hub: HubFetch) {
  return {
    settings: (signal?: AbortSignal): Promise<CounterSettings> => hub.json(CounterSettingsSchema, '/api/v1/counter/settings', { signal }),
    /** Exact matches first (`GET /customers/lookup`); a hub without it answers through search, exactness judged here. */
    lookup: async (q: string, signal?: AbortSignal): Promise<CustomerLookupResponse> => {
      const qs = new URLSearchParams({ q, limit: '8' });
      try {
        return await hub.json(CustomerLookupResponseSchema, `/api/v1/customers/lookup?${qs}`, { signal });
      } catch (err) {
        if (!(err instanceof HubError) || err.status !== 404) throw err;
        const { customers } = await hub.json(CustomerSearchResponseSchema, `/api/v1/customers?${qs}`, { signal });
        return exactByIdentifier(q, customers);
      }
    },
    profile: (id: string, signal?: AbortSignal): Promise<CounterProfile> => hub.json(CounterProfileSchema, `/api/v1/counter/customers/${seg(id)}`, { signal }),
    startVisit: (id: string, store: { id: string; name: string }): Promise<CounterVisitResponse> =>
      hub.json(CounterVisitResponseSchema, `/api/v1/counter/customers/${seg(id)}/visit`, { method: 'POST', ...jsonBody({ action: 'start', storeId: store.id, storeName: store.name }) }),
    endVisit: (id: string): Promise<CounterVisitResponse> => hub.json(CounterVisitResponseSchema, `/api/v1/counter/customers/${seg(id)}/visit`, { method: 'POST', ...jsonBody({ action: 'end' }) }),
    addNote: (id: string, text: string) => hub.json(CounterNoteResponseSchema, `/api/v1/counter/customers/${seg(id)}/notes`, { method: 'POST', ...jsonBody({ text }) }),
    newCustomer: (req: CounterNewCustomerRequest) => hub.json(CounterNewCustomerResponseSchema, '/api/v1/counter/customers', { method: 'POST', ...jsonBody(req) }),
    openConversations: async (customerId: string, signal?: AbortSignal): Promise<Conversation[]> => {
      const qs = new URLSearchParams({ customerId, status: 'open,pending', limit: '5' });
      return (await hub.json(ConversationPageSchema, `/api/v1/conversations?${qs}`, { signal })).conversations;
    },
  };
}
export type CounterApi = ReturnType<typeof createCounterApi>;
